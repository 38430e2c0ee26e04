"""The readers of protection records.

Two kinds, kept apart on purpose:
- Guards for other apps (asylum, returns, operations): `guarantees_for`, `return_safeguards`
  and their bulk forms. They answer with what a procedure must do (guarantees, the child
  safeguards a return needs) and never with a category or a narrative, so they take no actor:
  the calling service has already checked its own policy and audits its own action.
- Readers for people: `panel_for` (what a user may see about a person) and the referral
  readers. Categories, narratives and reasoning reach only those with need-to-know
  (korak.protection.access), and every such read writes an audit entry."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from korak import policy
from korak.audit import services as audit
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.protection import access, rules
from korak.protection.models import (
    BestInterestsAssessment,
    BestInterestsOutcome,
    Consent,
    PartnerReferral,
    Referral,
    Representative,
    Screening,
)
from korak.protection.rules import ChildSafeguards, Guarantees

__all__ = ["ChildSafeguards", "Guarantees", "guarantees_for", "guarantees_for_many", "return_safeguards",
           "return_safeguards_for"]


def _latest_categories(person_ids: Iterable[UUID]) -> dict[UUID, frozenset[rules.Category]]:
    """The categories of each person's latest screening (none screened: no entry)."""
    found: dict[UUID, frozenset[rules.Category]] = {}
    rows = (Screening.objects.filter(person_id__in=set(person_ids))
            .order_by("person_id", "-screened_at", "-created_at")
            .values_list("person_id", "categories"))
    for person_id, stored in rows:
        if person_id not in found:
            found[person_id] = rules.parse_categories(stored or "")
    return found


def guarantees_for(person_id: UUID) -> Guarantees:
    """The special procedural guarantees that apply to the person now (from the latest screening)."""
    return guarantees_for_many([person_id])[person_id]


def guarantees_for_many(person_ids: Iterable[UUID]) -> dict[UUID, Guarantees]:
    ids = list(person_ids)
    categories = _latest_categories(ids)
    return {person_id: rules.guarantees(categories.get(person_id, frozenset())) for person_id in ids}


def return_safeguards(person_id: UUID, *, on: date | None = None) -> ChildSafeguards:
    """For a return step: is the person an unaccompanied child, and if so, are the best-interests
    assessment and a guardian or representative in place (Dir 2008/115 Art 10)?
    `ChildSafeguards.refusal_to_return()` gives the guard's refusal."""
    return return_safeguards_for([person_id], on=on)[person_id]


def return_safeguards_for(person_ids: Iterable[UUID], *, on: date | None = None) -> dict[UUID, ChildSafeguards]:
    """The same for many persons in four queries (an operation's returnees)."""
    ids = list(dict.fromkeys(person_ids))
    today = on or timezone.localdate()
    categories = _latest_categories(ids)
    latest_outcome: dict[UUID, str] = {}
    for person_id, outcome in (BestInterestsAssessment.objects.filter(person_id__in=ids, assessed_on__lte=today)
                               .order_by("person_id", "-assessed_on", "-created_at")
                               .values_list("person_id", "outcome")):
        latest_outcome.setdefault(person_id, outcome)
    represented = set(
        Representative.objects.filter(person_id__in=ids, appointed_on__lte=today)
        .exclude(ended_on__lt=today).values_list("person_id", flat=True)
    )
    return {
        person_id: ChildSafeguards(
            unaccompanied_child=rules.Category.UNACCOMPANIED_CHILD in categories.get(person_id, frozenset()),
            best_interests_assessed=person_id in latest_outcome,
            representative_assigned=person_id in represented,
            return_in_best_interests=(latest_outcome[person_id] == BestInterestsOutcome.RETURN
                                      if person_id in latest_outcome else None),
        )
        for person_id in ids
    }


# --- readers for people ---------------------------------------------------------------------

@dataclass(frozen=True)
class Sensitive:
    """Everything about a person's protection, for those with need-to-know only."""

    categories: list[rules.Category]  # of the latest screening
    screenings: list[Screening]
    assessments: list[BestInterestsAssessment]
    representatives: list[Representative]
    consents: list[Consent]
    referrals: list[Referral]


@dataclass(frozen=True)
class Panel:
    person: Person
    screened: bool
    guarantees: Guarantees
    sensitive: Sensitive | None  # None: the user sees only that (and which) guarantees apply


def panel_for(*, actor: User, person_id: UUID | str) -> Panel:
    """A person's protection panel as this user may see it. The read is audited either way;
    the categories and narratives are decrypted only for need-to-know."""
    person = policy.get_for(actor, Person.objects.select_related("registering_institution"), person_id,
                            "protection.view")
    guarantees = guarantees_for(person.id)
    screened = Screening.objects.filter(person=person).exists()
    if not access.has_need_to_know(actor, person):
        audit.record(actor=str(actor.pk), institution=str(person.registering_institution_id),
                     action="protection.guarantees.read", object_type="people.person", object_id=str(person.pk))
        return Panel(person=person, screened=screened, guarantees=guarantees, sensitive=None)
    screenings = list(Screening.objects.filter(person=person).select_related("screened_by", "institution")
                      .order_by("-screened_at", "-created_at"))
    sensitive = Sensitive(
        categories=sorted(rules.parse_categories(screenings[0].categories)) if screenings else [],
        screenings=screenings,
        assessments=list(BestInterestsAssessment.objects.filter(person=person).select_related("assessed_by")),
        representatives=list(Representative.objects.filter(person=person)),
        consents=list(Consent.objects.filter(person=person).select_related("recorded_by")),
        referrals=list(Referral.objects.filter(person=person).select_related("partner", "referred_by")),
    )
    audit.record(actor=str(actor.pk), institution=str(person.registering_institution_id),
                 action="protection.person.read", object_type="people.person", object_id=str(person.pk),
                 details={"screenings": len(screenings), "assessments": len(sensitive.assessments),
                          "referrals": len(sensitive.referrals)})
    return Panel(person=person, screened=screened, guarantees=guarantees, sensitive=sensitive)


def referral_for(*, actor: User, referral_id: UUID | str) -> Referral:
    """One referral, for the referring side's need-to-know; the read is audited."""
    referral = policy.get_for(actor, Referral.objects.select_related("person", "partner", "referred_by"),
                              referral_id, "protection.refer")
    if not access.has_need_to_know(actor, referral.person):
        raise policy.NotFoundError
    audit.record(actor=str(actor.pk), institution=str(referral.person.registering_institution_id),
                 action="protection.referral.read", object_type="protection.referral", object_id=str(referral.pk))
    return referral


def partners(*, country: str) -> QuerySet[Institution]:
    """The organisations a referral can go to (NGOs and international organisations)."""
    return Institution.objects.filter(is_active=True, kind__in=["ngo", "international"],
                                      country_id=country).order_by("name")


@dataclass(frozen=True)
class PartnerView:
    """What the receiving partner sees of a referral, and nothing else: no person record, no
    category, no narrative. Built field by field so a new column never reaches the partner
    unless it is added here on purpose."""

    id: UUID
    referred_by_institution: str
    service: str
    service_label: str
    need: str
    contact: str
    contact_window: str
    language: str
    shared_information: str
    state: str
    state_label: str
    sent_at: datetime
    responded_at: datetime | None
    partner_note: str
    version: int


@dataclass(frozen=True)
class InboxRow:
    id: UUID
    service: str
    service_label: str
    language: str
    state: str
    state_label: str
    sent_at: datetime


def inbox(*, actor: User, limit: int = 200) -> list[InboxRow]:
    """The referrals sent to the partner's organisation: no content, only what to open."""
    rows = policy.visible(actor, PartnerReferral.objects.all(), "protection.partner").order_by("-sent_at")
    return [InboxRow(id=r.pk, service=r.service, service_label=str(r.get_service_display()), language=r.language,
                     state=r.state, state_label=str(r.get_state_display()), sent_at=r.sent_at)
            for r in rows.only("id", "service", "language", "state", "sent_at", "partner_id")[:limit]]


def partner_view(*, actor: User, referral_id: UUID | str) -> PartnerView:
    referral = policy.get_for(actor, PartnerReferral.objects.select_related("referring_institution"), referral_id,
                              "protection.partner")
    audit.record(actor=str(actor.pk), institution=str(referral.partner_id), action="protection.referral.partner_read",
                 object_type="protection.referral", object_id=str(referral.pk))
    return as_partner_view(referral)


def as_partner_view(referral: Referral) -> PartnerView:
    return PartnerView(
        id=referral.pk, referred_by_institution=referral.referring_institution.name, service=referral.service,
        service_label=str(referral.get_service_display()), need=referral.need, contact=referral.contact,
        contact_window=referral.contact_window, language=referral.language,
        shared_information=referral.shared_information, state=referral.state,
        state_label=str(referral.get_state_display()), sent_at=referral.sent_at,
        responded_at=referral.responded_at, partner_note=referral.partner_note, version=referral.version,
    )


def person_for(*, actor: User, person_id: UUID | str, action: str, need_to_know: bool = False) -> Person:
    """The person a protection form is about, or NotFound (forbidden and missing alike)."""
    person = policy.get_for(actor, Person.objects.select_related("registering_institution"), person_id, action)
    if need_to_know and not access.has_need_to_know(actor, person):
        raise policy.NotFoundError
    return person
