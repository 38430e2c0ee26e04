"""Demo protection data, written through the services like real work: some of the Service for
Foreigners' Affairs' synthetic persons screened, an unaccompanied child with a best-interests
assessment and a guardian, and a referral to the demo NGO with the person's consent. All
synthetic. Sign in as `protection` (or `officer`) to see it, as `supervisor` to see only that
guarantees apply, and as `partner` to see the referral alone."""

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from korak.people.models import Person
from korak.protection import services
from korak.protection.rules import Category

if TYPE_CHECKING:
    from korak.demo.build import Staff

# A few plausible screenings; most people are screened with nothing found.
_PROFILES: tuple[tuple[Category, ...], ...] = (
    (), (), (), (Category.PREGNANCY,), (Category.SERIOUS_ILLNESS,), (Category.OLDER_PERSON, Category.DISABILITY),
    (Category.TORTURE, Category.MENTAL_HEALTH), (Category.LGBTIQ_AT_RISK,), (Category.CHILD,),
)


def build(*, staff: "Staff", seed: int, quiet: bool) -> None:
    protection = staff.users["protection"]
    sfa = staff.institutions["sfa"]
    persons = list(Person.objects.filter(registering_institution=sfa).order_by("created_at", "id")[:40])
    if len(persons) < 3:
        return
    rng = random.Random(seed)  # noqa: S311  # synthetic demo data drawn from a seed, not a secret
    child, survivor, *others = persons
    for person in others[:25]:
        services.record_screening(actor=protection, person_id=person.id, categories=rng.choice(_PROFILES),
                                  narrative="Synthetic demo notes.")

    services.record_screening(actor=protection, person_id=child.id,
                              categories=[Category.UNACCOMPANIED_CHILD, Category.CHILD],
                              narrative="Synthetic demo: travelling alone, says an uncle lives abroad.")
    today = timezone.localdate()
    services.record_best_interests(
        actor=protection, person_id=child.id, assessed_on=today - timedelta(days=3), outcome="undetermined",
        reasoning="Synthetic demo: family tracing started; the child wishes to stay until it is done.")
    services.appoint_representative(actor=protection, person_id=child.id, kind="guardian", name="Demo Guardian",
                                    organisation="Centre for Social Work (demo)",
                                    appointed_on=today - timedelta(days=5))

    services.record_screening(actor=protection, person_id=survivor.id, categories=[Category.GENDER_BASED_VIOLENCE],
                              narrative="Synthetic demo notes: asks for a female interviewer.")
    services.record_consent(actor=protection, person_id=survivor.id, purpose="psychosocial")
    services.refer(actor=protection, person_id=survivor.id, partner_id=staff.institutions["ngo"].pk,
                   service="psychosocial", need="Counselling in Farsi, a woman counsellor if possible.",
                   contact="Through the reception centre's desk", contact_window="Weekdays 10:00-14:00",
                   language="fa", shared_information="First name and that she asks for a woman counsellor.")
    if not quiet:
        print(f"protection: {len(others[:25]) + 2} persons screened, 1 child with guardian, 1 referral")
