"""The only writers of protection records: policy, validation, rule, write, CaseEvent and audit
entry, all in one transaction. Neither events nor audit entries carry a category, a narrative
or a reason: statistics and the exchange read events, and the audit log is read widely."""

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError
from korak.events.services import record_event
from korak.organisations.models import Institution, InstitutionKind, User
from korak.people.models import Person
from korak.protection import access, rules
from korak.protection.models import (
    BestInterestsAssessment,
    BestInterestsOutcome,
    Consent,
    ConsentGiver,
    Occasion,
    PartnerReferral,
    Referral,
    ReferralState,
    Representative,
    RepresentativeKind,
    Screening,
    Service,
)

CASE_TYPE = "people.person"
PARTNER_KINDS = frozenset({InstitutionKind.NGO, InstitutionKind.INTERNATIONAL})


def _invalid(**fields: str | Promise) -> RefusedError:
    return RefusedError(Refusal("invalid", _("Some fields need attention."),
                                fields={name: [str(message)] for name, message in fields.items()}))


def _write_trail(*, type: str, action: str, actor: User, person: Person, object_type: str, object_id: UUID,
                 now: datetime, details: dict[str, object] | None = None) -> None:
    record_event(type=type, case_type=CASE_TYPE, case_id=person.id, actor=actor,
                 institution=person.registering_institution, occurred_at=now, recorded_at=now,
                 payload={"record": str(object_id), **(details or {})})
    audit.record(actor=str(actor.pk), institution=str(person.registering_institution_id), action=action,
                 object_type=object_type, object_id=str(object_id), occurred_at=now, details=details or {})


def _person(actor: User, person_id: UUID, action: str, *, need_to_know: bool = False) -> Person:
    person = policy.get_for(actor, Person.objects.select_related("registering_institution"), person_id, action)
    if need_to_know and not access.has_need_to_know(actor, person):
        # Consents and referrals say what a person needs: only for those who may know it.
        raise policy.NotFoundError
    return person


# --- screening ------------------------------------------------------------------------------

def record_screening(*, actor: User, person_id: UUID, categories: Iterable[rules.Category], narrative: str = "",
                     occasion: str = Occasion.REGISTRATION) -> Screening:
    found = frozenset(rules.Category(category) for category in categories)
    narrative = narrative.strip()
    if occasion not in Occasion.values:
        raise _invalid(occasion=_("Choose when the screening took place."))
    refusal = rules.check_screening(found, narrative)
    if refusal is not None:
        raise RefusedError(refusal)
    now = timezone.now()
    with transaction.atomic():
        person = _person(actor, person_id, "protection.screen", need_to_know=True)
        screening = Screening.objects.create(
            person=person, institution=person.registering_institution, screened_by=actor, screened_at=now,
            occasion=occasion, categories=rules.store_categories(found), narrative=narrative,
            needs_found=bool(found),
        )
        _write_trail(type="vulnerability_screened", action="protection.screening.record", actor=actor, person=person,
                     object_type="protection.screening", object_id=screening.pk, now=now,
                     details={"occasion": occasion, "guarantees_apply": bool(found)})
    return screening


# --- children -------------------------------------------------------------------------------

def record_best_interests(*, actor: User, person_id: UUID, assessed_on: date, outcome: str,
                          reasoning: str) -> BestInterestsAssessment:
    now = timezone.now()
    reasoning = reasoning.strip()
    problems: dict[str, str] = {}
    if outcome not in BestInterestsOutcome.values:
        problems["outcome"] = str(_("Choose the outcome of the assessment."))
    if assessed_on > timezone.localdate(now):
        problems["assessed_on"] = str(_("The assessment date cannot be in the future."))
    if len(reasoning) < 20:
        problems["reasoning"] = str(_("Give the reasoning in at least 20 characters."))
    elif len(reasoning) > 10_000:
        problems["reasoning"] = str(_("Keep the reasoning under 10,000 characters."))
    if problems:
        raise _invalid(**problems)
    with transaction.atomic():
        person = _person(actor, person_id, "protection.child")
        assessment = BestInterestsAssessment.objects.create(
            person=person, institution=person.registering_institution, assessed_by=actor, assessed_on=assessed_on,
            outcome=outcome, reasoning=reasoning,
        )
        _write_trail(type="best_interests_assessed", action="protection.best_interests.record", actor=actor,
                     person=person, object_type="protection.best_interests", object_id=assessment.pk, now=now)
    return assessment


def appoint_representative(*, actor: User, person_id: UUID, kind: str, name: str, organisation: str,
                           appointed_on: date) -> Representative:
    now = timezone.now()
    problems: dict[str, str] = {}
    if kind not in RepresentativeKind.values:
        problems["kind"] = str(_("Choose guardian or representative."))
    if not name.strip() or len(name) > 200:
        problems["name"] = str(_("Enter the name (up to 200 characters)."))
    if not organisation.strip() or len(organisation) > 200:
        problems["organisation"] = str(_("Enter the institution that appointed them (up to 200 characters)."))
    if appointed_on > timezone.localdate(now):
        problems["appointed_on"] = str(_("The appointment date cannot be in the future."))
    if problems:
        raise _invalid(**problems)
    with transaction.atomic():
        person = _person(actor, person_id, "protection.child")
        representative = Representative.objects.create(
            person=person, kind=kind, name=name.strip(), organisation=organisation.strip(),
            appointed_on=appointed_on, recorded_by=actor, institution=person.registering_institution,
        )
        _write_trail(type="representative_appointed", action="protection.representative.appoint", actor=actor,
                     person=person, object_type="protection.representative", object_id=representative.pk, now=now,
                     details={"kind": kind})
    return representative


def end_representative(*, actor: User, representative_id: UUID, ended_on: date) -> Representative:
    now = timezone.now()
    with transaction.atomic():
        representative = policy.get_for(actor, Representative.objects.select_for_update(), representative_id,
                                        "protection.child")
        if representative.ended_on is not None:
            raise _invalid(ended_on=_("This appointment has already ended."))
        if ended_on < representative.appointed_on:
            raise _invalid(ended_on=_("The appointment cannot end before it began."))
        representative.ended_on = ended_on
        representative.version += 1
        representative.save(update_fields=["ended_on", "version", "updated_at"])
        person = Person.objects.select_related("registering_institution").get(pk=representative.person_id)
        _write_trail(type="representative_ended", action="protection.representative.end", actor=actor,
                     person=person, object_type="protection.representative", object_id=representative.pk, now=now)
    return representative


# --- consent --------------------------------------------------------------------------------

def record_consent(*, actor: User, person_id: UUID, purpose: str, given_by: str = ConsentGiver.PERSON,
                   given_by_name: str = "") -> Consent:
    now = timezone.now()
    problems: dict[str, str] = {}
    if purpose not in Service.values:
        problems["purpose"] = str(_("Choose the kind of service the person agreed to be referred to."))
    if given_by not in ConsentGiver.values:
        problems["given_by"] = str(_("Choose who gave the consent."))
    elif given_by != ConsentGiver.PERSON and not given_by_name.strip():
        problems["given_by_name"] = str(_("Enter the name of the parent or guardian who gave the consent."))
    if len(given_by_name) > 200:
        problems["given_by_name"] = str(_("Keep the name under 200 characters."))
    if problems:
        raise _invalid(**problems)
    with transaction.atomic():
        person = _person(actor, person_id, "protection.consent", need_to_know=True)
        consent = Consent.objects.create(
            person=person, purpose=purpose, given_by=given_by, given_by_name=given_by_name.strip(), given_at=now,
            recorded_by=actor, institution=person.registering_institution,
        )
        _write_trail(type="consent_recorded", action="protection.consent.record", actor=actor, person=person,
                     object_type="protection.consent", object_id=consent.pk, now=now, details={"purpose": purpose})
    return consent


def withdraw_consent(*, actor: User, consent_id: UUID) -> Consent:
    """From now on the consent covers nothing; open referrals that rest on it are withdrawn."""
    now = timezone.now()
    with transaction.atomic():
        consent = policy.get_for(actor, Consent.objects.select_for_update(), consent_id, "protection.consent")
        _person(actor, consent.person_id, "protection.consent", need_to_know=True)
        if consent.withdrawn_at is not None:
            raise _invalid(consent=_("This consent was already withdrawn."))
        consent.withdrawn_at, consent.withdrawn_by = now, actor
        consent.version += 1
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "version", "updated_at"])
        open_states = [ReferralState.SENT, ReferralState.ACCEPTED]
        withdrawn = Referral.objects.filter(consent=consent, state__in=open_states).update(
            state=ReferralState.WITHDRAWN, responded_at=now, version=F("version") + 1, updated_at=now)
        person = Person.objects.select_related("registering_institution").get(pk=consent.person_id)
        _write_trail(type="consent_withdrawn", action="protection.consent.withdraw", actor=actor, person=person,
                     object_type="protection.consent", object_id=consent.pk, now=now,
                     details={"referrals_withdrawn": withdrawn})
    return consent


# --- referrals ------------------------------------------------------------------------------

def _check_referral_fields(*, service: str, need: str, contact: str, contact_window: str, language: str,
                           shared_information: str) -> None:
    problems: dict[str, str] = {}
    if service not in Service.values:
        problems["service"] = str(_("Choose the kind of service."))
    if not need.strip():
        problems["need"] = str(_("Say what the person needs."))
    if not contact.strip():
        problems["contact"] = str(_("Say how the partner can reach the person."))
    if not contact_window.strip() or len(contact_window) > 200:
        problems["contact_window"] = str(_("Say when the person can be reached (up to 200 characters)."))
    if not (2 <= len(language) <= 3 and language.isascii() and language.isalpha() and language.islower()):
        problems["language"] = str(_("Give the language as a 2- or 3-letter code, such as ps or fa."))
    for name, value in (("need", need), ("contact", contact), ("shared_information", shared_information)):
        if len(value) > 5_000:
            problems[name] = str(_("Keep this under 5,000 characters."))
    if problems:
        raise _invalid(**problems)


def refer(*, actor: User, person_id: UUID, partner_id: UUID, service: str, need: str, contact: str,
          contact_window: str, language: str, shared_information: str = "",
          override_reason: str | None = None) -> Referral:
    """Refer the person to a partner's service. Refused without a consent for that kind of
    service, unless the actor holds "protection.refer_without_consent" and gives a reason; the
    override writes an audit entry of its own."""
    now = timezone.now()
    _check_referral_fields(service=service, need=need, contact=contact, contact_window=contact_window,
                           language=language, shared_information=shared_information)
    with transaction.atomic():
        person = _person(actor, person_id, "protection.refer", need_to_know=True)
        partner = Institution.objects.filter(pk=partner_id, is_active=True, kind__in=PARTNER_KINDS,
                                             country_id=person.registering_institution.country_id).first()
        if partner is None:
            raise _invalid(partner_id=_("Choose a partner organisation of this country."))
        consents = list(Consent.objects.filter(person=person, purpose=service, withdrawn_at__isnull=True)
                        .order_by("-given_at"))
        covering = next((c for c in consents if rules.consent_covers(
            [rules.ConsentRecord(purpose=c.purpose, given_at=c.given_at, withdrawn_at=c.withdrawn_at)],
            purpose=service, now=now)), None)
        refusal = rules.check_referral_consent(
            has_consent=covering is not None, override_reason=override_reason,
            may_override=policy.can(actor, "protection.refer_without_consent", person),
        )
        if refusal is not None:
            status = 403 if refusal.code == "override_not_permitted" else 422
            raise RefusedError(refusal, status=status)
        overriding = covering is None
        referral = Referral.objects.create(
            person=person, referring_institution=person.registering_institution, referred_by=actor, partner=partner,
            service=service, need=need.strip(), contact=contact.strip(), contact_window=contact_window.strip(),
            language=language, shared_information=shared_information.strip(), sent_at=now, consent=covering,
            override_reason=(override_reason or "").strip() if overriding else "",
            overridden_by=actor if overriding else None,
        )
        _write_trail(type="referral_sent", action="protection.referral.send", actor=actor, person=person,
                     object_type="protection.referral", object_id=referral.pk, now=now,
                     details={"service": service, "partner": str(partner.pk), "with_consent": not overriding})
        if overriding:
            # The break-glass itself, on its own line of the audit log (the reason stays encrypted on the row).
            audit.record(actor=str(actor.pk), institution=str(person.registering_institution_id),
                         action="protection.referral.consent_override", object_type="protection.referral",
                         object_id=str(referral.pk), occurred_at=now,
                         details={"service": service, "reason_length": len((override_reason or "").strip())})
    return referral


def withdraw_referral(*, actor: User, referral_id: UUID) -> Referral:
    now = timezone.now()
    with transaction.atomic():
        referral = policy.get_for(actor, Referral.objects.select_for_update(), referral_id, "protection.refer")
        _person(actor, referral.person_id, "protection.refer", need_to_know=True)
        refusal = rules.check_transition(rules.REFERRER_TRANSITIONS, rules.ReferralState(referral.state),
                                         rules.ReferralState.WITHDRAWN)
        if refusal is not None:
            raise RefusedError(refusal, status=409)
        referral.state, referral.responded_at = ReferralState.WITHDRAWN, now
        referral.version += 1
        referral.save(update_fields=["state", "responded_at", "version", "updated_at"])
        person = Person.objects.select_related("registering_institution").get(pk=referral.person_id)
        _write_trail(type="referral_withdrawn", action="protection.referral.withdraw", actor=actor, person=person,
                     object_type="protection.referral", object_id=referral.pk, now=now)
    return referral


def answer_referral(*, actor: User, referral_id: UUID, state: str, note: str = "") -> PartnerReferral:
    """The partner accepts or declines a referral, and later marks it completed."""
    now = timezone.now()
    if state not in ReferralState.values:
        raise _invalid(state=_("Choose accepted, declined or completed."))
    if len(note) > 2_000:
        raise _invalid(note=_("Keep the note under 2,000 characters."))
    with transaction.atomic():
        referral = policy.get_for(actor, PartnerReferral.objects.select_for_update(), referral_id,
                                  "protection.partner")
        refusal = rules.check_transition(rules.PARTNER_TRANSITIONS, rules.ReferralState(referral.state),
                                         rules.ReferralState(state))
        if refusal is not None:
            raise RefusedError(refusal, status=409)
        referral.state, referral.responded_at = state, now
        if note.strip():
            referral.partner_note = note.strip()
        referral.version += 1
        referral.save(update_fields=["state", "responded_at", "partner_note", "version", "updated_at"])
        # Recorded against the referral, in the partner's name: the partner has no case of the person.
        record_event(type=f"referral_{state}", case_type=CASE_TYPE, case_id=referral.person_id, actor=actor,
                     institution=referral.partner, occurred_at=now, recorded_at=now,
                     payload={"record": str(referral.pk)})
        audit.record(actor=str(actor.pk), institution=str(referral.partner_id), action=f"protection.referral.{state}",
                     object_type="protection.referral", object_id=str(referral.pk), occurred_at=now)
    return referral
