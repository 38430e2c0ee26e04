"""Demo return cases for `korak demo`, written through the services and backdated, so that the
pages show every stage: voluntary departure running or extended, identification requests
waiting or answered (with response times that differ per country), travel documents, persons
ready to return, removals scheduled and carried out, detention (one at its six-month alert,
one extended), alternatives to detention, readmission requests, assisted voluntary return,
departures, absconding, persons who cannot be removed — and the safeguards refusing removal
for persons whose asylum application is still pending."""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from korak.asylum.models import Application
from korak.asylum.queries import pending_applications
from korak.core.refusal import RefusedError
from korak.demo.progress import Progress
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.returns import services
from korak.returns.models import ReturnCase
from korak.returns.rules import Step

if TYPE_CHECKING:
    from korak.demo.build import Staff

CASES_WITHOUT_ASYLUM = 150
PENDING_ASYLUM_CASES = 12
BATCH = 50
# Days a country of origin takes to answer an identification request in the demo (min, max).
RESPONSE_DAYS: dict[str, tuple[int, int]] = {
    "AF": (45, 120), "PK": (20, 60), "MA": (15, 40), "DZ": (30, 90), "IQ": (25, 70), "SY": (60, 150),
    "BD": (20, 50), "TR": (7, 25), "IN": (15, 45), "NP": (20, 45),
}
SCENARIOS: tuple[tuple[str, int], ...] = (
    ("period_running", 14), ("period_extended", 4), ("identification_waiting", 16), ("ready", 14),
    ("scheduled", 10), ("removed", 10), ("departed", 10), ("avr_departed", 6), ("absconded", 6),
    ("not_removable", 4), ("detention_alert", 3), ("detention_extended", 3), ("detention_recent", 5),
    ("alternative", 6), ("readmission", 8),
)


class _Case:
    """One demo case on its own clock: each step a few days after the one before, never ahead of now."""

    def __init__(self, case: ReturnCase, officer: User, at: datetime, now: datetime, choose: random.Random) -> None:
        self.case, self.officer, self.at, self.now, self.choose = case, officer, at, now, choose

    def step(self, step: Step, data: services.StepInput | None = None, *, after: tuple[int, int] = (1, 6),
             at: datetime | None = None) -> bool:
        self.at = at or min(self.at + timedelta(days=self.choose.randint(*after), hours=self.choose.randint(0, 5)),
                            self.now)
        try:
            self.case = services.apply_step(actor=self.officer, case_id=self.case.pk, step=step, data=data,
                                            occurred_at=self.at)
        except RefusedError:
            # A safeguard said no (a pending application, an unaccompanied child): the demo shows it as it is.
            return False
        return True

    def identify(self, *, answer: bool = True) -> bool:
        country = str(self.case.country_of_return)
        low, high = RESPONSE_DAYS.get(country, (20, 80))
        if not self.step(Step.REQUEST_IDENTIFICATION, services.StepInput(country=country)):
            return False
        if not answer:
            return True
        return self.step(Step.ANSWER_IDENTIFICATION, services.StepInput(identified=True), after=(low, high))

    def document(self) -> bool:
        return (self.identify() and self.step(Step.REQUEST_TRAVEL_DOCUMENT)
                and self.step(Step.ISSUE_TRAVEL_DOCUMENT, services.StepInput(
                    valid_until=timezone.localdate(self.now) + timedelta(days=self.choose.randint(60, 180))),
                    after=(5, 25)))


def _scenario(name: str) -> Callable[[_Case], None]:
    def period_running(c: _Case) -> None:
        c.step(Step.IMPOSE_ENTRY_BAN, services.StepInput(years=c.choose.randint(1, 3)))

    def period_extended(c: _Case) -> None:
        c.step(Step.EXTEND_VOLUNTARY_DEPARTURE, services.StepInput(days=15, reason="children_at_school"))

    def identification_waiting(c: _Case) -> None:
        if c.identify(answer=False) and c.choose.random() < 0.6:
            c.step(Step.REMIND_IDENTIFICATION, after=(30, 40))

    def ready(c: _Case) -> None:
        c.document()

    def scheduled(c: _Case) -> None:
        if c.document():
            c.step(Step.SCHEDULE_REMOVAL, services.StepInput(
                on=timezone.localdate(c.now) + timedelta(days=c.choose.randint(3, 40))), at=c.now)

    def removed(c: _Case) -> None:
        if c.document():
            on = timezone.localdate(c.at) + timedelta(days=2)
            if c.step(Step.SCHEDULE_REMOVAL, services.StepInput(on=on), after=(0, 1)):
                c.step(Step.RECORD_REMOVAL, after=(2, 3))
                c.step(Step.IMPOSE_ENTRY_BAN, services.StepInput(years=c.choose.randint(2, 5)), after=(0, 1))

    def departed(c: _Case) -> None:
        c.step(Step.RECORD_DEPARTURE, after=(2, 6))

    def avr_departed(c: _Case) -> None:
        if c.step(Step.ENROL_AVR, after=(1, 3)):
            c.step(Step.RECORD_DEPARTURE, after=(2, 4))

    def absconded(c: _Case) -> None:
        c.identify(answer=False)
        c.step(Step.RECORD_ABSCONDING, after=(5, 20))

    def not_removable(c: _Case) -> None:
        c.identify(answer=False)
        c.step(Step.DECLARE_NOT_REMOVABLE, services.StepInput(reason=c.choose.choice(("health", "stateless",
                                                                                       "country_refuses"))))

    def detention(c: _Case, *, days_ago: int, extend: bool) -> None:
        c.step(Step.ORDER_DETENTION, at=c.now - timedelta(days=days_ago))
        c.identify(answer=False)
        c.step(Step.REVIEW_DETENTION, at=c.now - timedelta(days=days_ago - 30))
        if extend:
            c.step(Step.EXTEND_DETENTION, services.StepInput(months=6, reason="document_delay"),
                   at=c.now - timedelta(days=days_ago - 178))

    def alternative(c: _Case) -> None:
        c.step(Step.ORDER_ALTERNATIVE, services.StepInput(kind=c.choose.choice(("reporting", "residence",
                                                                                   "surrender_of_documents"))))

    def readmission(c: _Case) -> None:
        if c.step(Step.REQUEST_READMISSION, services.StepInput(agreement=c.choose.choice(
                ("eu_standard", "bilateral")))) and c.choose.random() < 0.5:
            c.step(Step.ANSWER_READMISSION, services.StepInput(accepted=c.choose.random() < 0.7), after=(3, 10))

    table: dict[str, Callable[[_Case], None]] = {
        "period_running": period_running, "period_extended": period_extended,
        "identification_waiting": identification_waiting, "ready": ready, "scheduled": scheduled,
        "removed": removed, "departed": departed, "avr_departed": avr_departed, "absconded": absconded,
        "not_removable": not_removable, "alternative": alternative, "readmission": readmission,
        "detention_alert": lambda c: detention(c, days_ago=186, extend=False),
        "detention_extended": lambda c: detention(c, days_ago=200, extend=True),
        "detention_recent": lambda c: detention(c, days_ago=40, extend=False),
    }
    return table[name]


def _open(person: Person, scenario: str, *, officer: User, institution: Institution, now: datetime,
          choose: random.Random) -> _Case:
    nationality = person.nationalities.values_list("country", flat=True).first() or "AF"
    recent = scenario in {"period_running", "period_extended"}
    days_ago = choose.randint(3, 20) if recent else choose.randint(60, 210)
    if scenario.startswith("detention"):
        days_ago = choose.randint(210, 230)
    at = now - timedelta(days=days_ago, hours=choose.randint(0, 8))
    # Without a period for voluntary departure, Art 7(4) asks for the risk to be named.
    without_period = scenario.startswith("detention") or (choose.random() < 0.15 and not recent)
    case = services.decide_return(
        actor=officer, person=person, institution=institution, country_of_return=str(nationality),
        voluntary_departure_days=None if without_period else choose.choice((7, 15, 30)),
        risk="absconding" if without_period else "", occurred_at=at)
    return _Case(case, officer, at, now, choose)


def build(*, staff: "Staff", seed: int, quiet: bool) -> None:
    officers = [staff.users["officer"], staff.users["supervisor"]]
    coordinator = staff.users["coordinator"]
    institution = staff.institutions["sfa"]
    # Synthetic demo data from a seed, no security use.
    choose = random.Random(seed + 53)  # noqa: S311  # nosec B311
    now = timezone.now()
    own = Person.objects.filter(registering_institution=institution)
    with_asylum = Application.objects.values("person_id")
    rejected = list(own.filter(id__in=Application.objects.filter(state="final", outcome__in=(
        "rejected", "manifestly_unfounded")).values("person_id")).order_by("id").values_list("id", flat=True))
    others = list(own.exclude(id__in=with_asylum).order_by("id").values_list("id", flat=True))
    pending = list(own.filter(id__in=pending_applications().values("person_id")).order_by("id")
                   .values_list("id", flat=True))
    choose.shuffle(others)
    choose.shuffle(pending)
    chosen = rejected + others[:CASES_WITHOUT_ASYLUM] + pending[:PENDING_ASYLUM_CASES]
    names = [name for name, _weight in SCENARIOS]
    weights = [weight for _name, weight in SCENARIOS]
    progress = Progress("return cases", len(chosen), quiet=quiet)
    done = 0
    for start in range(0, len(chosen), BATCH):
        with transaction.atomic():
            for person in Person.objects.filter(id__in=chosen[start:start + BATCH]).order_by("id"):
                scenario = choose.choices(names, weights=weights)[0]
                officer = choose.choice(officers)
                demo_case = _open(person, scenario, officer=officer, institution=institution, now=now, choose=choose)
                # The return coordinator takes the enforcement steps in some cases, as in a real service.
                if scenario in {"scheduled", "removed"} and choose.random() < 0.5:
                    demo_case.officer = coordinator
                _scenario(scenario)(demo_case)
                done += 1
        progress.update(done)
    progress.finish(done)
