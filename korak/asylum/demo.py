"""Demo asylum applications for `korak demo`, written through the services (so every step has
its CaseEvent, audit entry and deadlines), backdated over the last months so the deadline
board and the case pages show every stage: just expressed, registered, in examination,
decided, under appeal, final (granted or rejected) and withdrawn."""

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from korak.asylum import services
from korak.asylum.models import Application
from korak.asylum.rules import Step
from korak.core.refusal import RefusedError
from korak.demo.progress import Progress
from korak.organisations.models import Institution, User
from korak.people.models import Person

if TYPE_CHECKING:
    from korak.demo.build import Staff

APPLICATIONS = 240
BATCH = 60
# How far each demo application gets, with its weight: a realistic spread of stages.
_ENDINGS: tuple[tuple[str, int], ...] = (
    ("intention", 20), ("registered", 20), ("lodged", 25), ("examination", 40), ("decided", 15),
    ("notified", 20), ("appeal_suspensive", 20), ("appeal_non_suspensive", 10), ("final_rejected", 35),
    ("final_granted", 20), ("withdrawn", 15),
)
_OUTCOMES = ("rejected", "rejected", "manifestly_unfounded", "rejected")


def _plan(ending: str) -> list[tuple[Step, services.StepInput]]:
    none = services.StepInput()
    route: list[tuple[Step, services.StepInput]] = []
    if ending == "intention":
        return route
    route.append((Step.REGISTER, none))
    if ending == "registered":
        return route
    route.append((Step.LODGE, none))
    if ending == "withdrawn":
        return [*route, (Step.WITHDRAW, services.StepInput(implicit=True))]
    if ending == "lodged":
        return route
    route += [(Step.ADMIT, none), (Step.ASSIGN_PROCEDURE, services.StepInput(procedure="regular")),
              (Step.SCHEDULE_INTERVIEW, none)]
    if ending == "examination":
        return route
    route.append((Step.HOLD_INTERVIEW, none))
    granted = ending == "final_granted"
    route.append((Step.DECIDE, services.StepInput(outcome="refugee_status" if granted else "rejected")))
    if ending == "decided":
        return route
    route.append((Step.NOTIFY, none))
    if ending in {"appeal_suspensive", "appeal_non_suspensive"}:
        route.append((Step.APPEAL, services.StepInput(suspensive=ending == "appeal_suspensive")))
    elif ending in {"final_rejected", "final_granted"}:
        route.append((Step.MAKE_FINAL, none))
    return route


def build(*, staff: "Staff", seed: int, quiet: bool) -> None:
    officers = [staff.users["officer"], staff.users["supervisor"]]
    institution = staff.institutions["sfa"]
    # Synthetic demo data from a seed, no security use.
    choose = random.Random(seed + 41)  # noqa: S311  # nosec B311
    persons = list(Person.objects.filter(registering_institution=institution).order_by("id")
                   .values_list("id", flat=True))
    choose.shuffle(persons)
    # The first persons of the shuffle are the asylum applicants; the returns demo takes others too.
    applicants = persons[:APPLICATIONS]
    endings = [name for name, _weight in _ENDINGS]
    weights = [weight for _name, weight in _ENDINGS]
    now = timezone.now()
    progress = Progress("asylum applications", len(applicants), quiet=quiet)
    done = 0
    for start in range(0, len(applicants), BATCH):
        with transaction.atomic():
            for person in Person.objects.filter(id__in=applicants[start:start + BATCH]).order_by("id"):
                ending = choose.choices(endings, weights=weights)[0]
                _one(person, ending, choose=choose, officer=choose.choice(officers), institution=institution,
                     now=now)
                done += 1
        progress.update(done)
    progress.finish(done)


def _one(person: Person, ending: str, *, choose: random.Random, officer: User, institution: Institution,
         now: datetime) -> Application:
    route = _plan(ending)
    # Older cases went further: spread the start so that the last step is still in the past.
    at = now - timedelta(days=choose.randint(3 + 12 * len(route), 30 + 25 * len(route)),
                         hours=choose.randint(0, 8))
    application = services.express_intention(actor=officer, person=person, institution=institution,
                                             at_border=choose.random() < 0.3, occurred_at=at)
    requested = "female" if person.sex == "female" and choose.random() < 0.6 else ""
    for step, data in route:
        at = min(at + timedelta(days=choose.randint(2, 20), hours=choose.randint(0, 6)), now)
        if step is Step.DECIDE and data.outcome == "rejected":
            data = services.StepInput(outcome=choose.choice(_OUTCOMES))
        elif step is Step.SCHEDULE_INTERVIEW:
            languages = list(person.languages or [])
            data = services.StepInput(scheduled_at=at + timedelta(days=choose.randint(1, 4)),
                                      interpreter_language=languages[0] if languages else "",
                                      interviewer_sex_requested=requested)
        elif step is Step.HOLD_INTERVIEW:
            at = max(at, application.interviews.get().scheduled_at)
            data = services.StepInput(interviewer_sex=requested or choose.choice(("female", "male")))
        try:
            application = services.apply_step(actor=officer, application_id=application.pk, step=step,
                                              data=data, occurred_at=at)
        except RefusedError:
            break
    return application
