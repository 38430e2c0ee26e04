"""Demo data of return operations, written through the services: one charter confirmed with
every condition met, and one land hand-over still planned whose checklist shows what is
missing (an escort certificate ending before the last day, no interpreter for a language, a
returnee not yet assessed, no monitor)."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.utils import timezone

from korak.operations import services
from korak.operations.models import Operation
from korak.organisations.models import Institution, User
from korak.people import queries as people
from korak.people.models import Person
from korak.programme import queries as programme


def _escorts(*, coordinator: User, institution: Institution, last_day: date, count: int) -> list[tuple[UUID, str]]:
    """Officials of the organising institution certified as escorts through `last_day`, from
    the programme registry; the demo stands some up when the programme's demo has none."""
    officials = list(programme.officials(coordinator).filter(institution=institution)[:200])
    valid = programme.certificates_for([o.pk for o in officials], services.ESCORT_CURRICULUM, on=last_day)
    found = [(o.pk, f"{o.given_name} {o.family_name}") for o in officials if valid.get(o.pk) is not None]
    missing = count - len(found)
    if missing > 0:
        found += [(o.pk, f"{o.given_name} {o.family_name}")
                  for o in _stand_in_escorts(institution=institution, count=missing, coordinator=coordinator)]
    return found[:count]


def _stand_in_escorts(*, institution: Institution, count: int, coordinator: User,
                      valid_until: date = date(2028, 3, 6)) -> list[Any]:
    # Demo only: the registry holds certificates earned on courses the demo does not replay,
    # so certificates are written as the registry would hold them after such a course.
    from korak.programme.models import Certificate, Curriculum, Official
    from korak.programme.services import new_certificate_code

    curriculum, _created = Curriculum.objects.get_or_create(code=services.ESCORT_CURRICULUM,
                                                            defaults={"title": "Escort officer"})
    names = [("Amra", "Hodžić"), ("Dino", "Kovačević"), ("Lejla", "Begić"), ("Mirza", "Delić"), ("Sanja", "Perić"),
             ("Haris", "Mehmedović"), ("Emina", "Softić")]
    offset = Official.objects.filter(institution=institution).count()
    made = []
    for index in range(count):
        given, family = names[(offset + index) % len(names)]
        official = Official.objects.create(given_name=given, family_name=family, latin_given=given,
                                           latin_family=family, name_key=family.lower(), institution=institution,
                                           country=institution.country_id, position="Escort officer")
        Certificate.objects.create(official=official, curriculum=curriculum, code=new_certificate_code(),
                                   issued_on=date(2025, 3, 6), valid_until=valid_until, issued_by=coordinator)
        made.append(official)
    return made


def _ready_cases(*, staff: Any, count: int, on: date) -> list[Any]:
    """Return cases ready to return through `on` (the returns demo's, else made ready here
    through the returns services), of persons whose languages are known."""
    from korak.returns import queries as returns
    from korak.returns import services as return_services
    from korak.returns.rules import Step

    coordinator: User = staff.users["coordinator"]
    ready = [c for c in returns.ready_to_return(actor=coordinator, on=on).select_related("person")
             if c.person.languages]
    if len(ready) >= count:
        return ready[:count]
    officer: User = staff.users["officer"]
    from korak.asylum import queries as asylum

    # Not a person who already has a return case, nor one whose asylum application is pending.
    taken = set(returns.visible_cases(actor=coordinator).values_list("person_id", flat=True))
    taken |= set(asylum.pending_applications().values_list("person_id", flat=True))
    persons = [p for p in people.search(actor=officer, criteria=people.SearchCriteria(), limit=100)
               if p.languages and p.pk not in taken]
    for person in persons[:count - len(ready)]:
        case = return_services.decide_return(actor=officer, person=person, institution=staff.institutions["sfa"],
                                             country_of_return="PK", voluntary_departure_days=None,
                                             risk="absconding")
        for step, data in ((Step.REQUEST_IDENTIFICATION, return_services.StepInput(country="PK")),
                           (Step.ANSWER_IDENTIFICATION, return_services.StepInput(identified=True)),
                           (Step.REQUEST_TRAVEL_DOCUMENT, return_services.StepInput(country="PK")),
                           (Step.ISSUE_TRAVEL_DOCUMENT, return_services.StepInput(
                               valid_until=on + timedelta(days=180)))):
            case = return_services.apply_step(actor=officer, case_id=case.pk, step=step, data=data)
        ready.append(case)
    return ready[:count]


def build(*, staff: Any, seed: int, quiet: bool) -> None:
    coordinator: User = staff.users["coordinator"]
    sfa: Institution = staff.institutions["sfa"]
    if Operation.objects.filter(organising_institution=sfa).exists():
        return
    today = timezone.localdate()
    first = today + timedelta(days=30)
    cases = _ready_cases(staff=staff, count=3, on=first + timedelta(days=2))
    if not cases:
        return
    confirmed = services.plan_operation(actor=coordinator, institution=sfa, data=services.OperationData(
        reference="BA-2026-031", kind="charter", cooperation="joint", destination_country="PK",
        partner_countries=("AT", "SI"), stopovers=("Istanbul",), first_day=first, last_day=first + timedelta(days=1)))
    languages: set[str] = set()
    for case, level in zip(cases, ("medium", "low", "low"), strict=False):
        person: Person = case.person
        returnee = services.add_returnee(actor=coordinator, operation_id=confirmed.pk, return_case_id=case.pk)
        services.assess_returnee(actor=coordinator, returnee_id=returnee.pk, assessment=services.Assessment(
            risk_level=level, risk_reasons="Individual assessment of conduct in detention and past removal attempts.",
            fit_to_travel="fit", informed_of_complaints=True))
        languages.update(person.languages)
    escorts = _escorts(coordinator=coordinator, institution=sfa, last_day=confirmed.last_day, count=3)
    for index, (official_id, name) in enumerate(escorts):
        services.add_team_member(actor=coordinator, operation_id=confirmed.pk, data=services.MemberData(
            role="escort_leader" if index == 0 else "escort_officer", full_name=name, official_id=official_id))
    services.add_team_member(actor=coordinator, operation_id=confirmed.pk, data=services.MemberData(
        role="medical", full_name="Dr. Selma Hadžić"))
    services.add_team_member(actor=coordinator, operation_id=confirmed.pk, data=services.MemberData(
        role="interpreter", full_name="Interpreter pool (demo)", languages=tuple(sorted(languages))))
    monitor: User = staff.users["monitor"]
    services.assign_monitor(actor=coordinator, operation_id=confirmed.pk, monitor=monitor,
                            institution=staff.institutions["ombudsman"])
    services.confirm_operation(actor=coordinator, operation_id=confirmed.pk)

    # Planned, with conditions missing: the checklist on its page lists them.
    later = today + timedelta(days=12)
    planned = services.plan_operation(actor=coordinator, institution=sfa, data=services.OperationData(
        reference="BA-2026-034", kind="land_handover", cooperation="national", destination_country="RS",
        first_day=later, last_day=later + timedelta(days=2)))
    # Persons without a ready return case: the checklist says so too.
    on_board = {case.person_id for case in cases}
    for person in [p for p in people.search(actor=coordinator, criteria=people.SearchCriteria(), limit=20)
                   if p.pk not in on_board][:2]:
        services.add_returnee(actor=coordinator, operation_id=planned.pk, person_id=person.pk)
    leader = escorts[0]
    services.add_team_member(actor=coordinator, operation_id=planned.pk, data=services.MemberData(
        role="escort_leader", full_name=leader[1], official_id=leader[0]))
    # This one's certificate ends on the operation's first day, before its last.
    uncertified = _stand_in_escorts(institution=sfa, count=1, coordinator=coordinator, valid_until=later)[0]
    services.add_team_member(actor=coordinator, operation_id=planned.pk, data=services.MemberData(
        role="escort_officer", full_name=f"{uncertified.given_name} {uncertified.family_name}",
        official_id=uncertified.pk))
    if not quiet:
        print("  return operations: 1 confirmed, 1 planned with unmet conditions")
