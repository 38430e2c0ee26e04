"""Vulnerability screening, special procedural guarantees, consent-gated referrals.

Thin handlers: parse, call one service or query, shape the answer. Categories, narratives and
reasoning reach only callers with need-to-know (the query decides and audits); a partner's
answers are built from PartnerView alone."""

from uuid import UUID

from ninja import Router, Status

from korak import policy
from korak.core.schemas import errors
from korak.organisations.http import AuthedRequest
from korak.protection import queries, rules, services
from korak.protection.models import Referral
from korak.protection.schemas import (
    AnswerIn,
    BestInterestsIn,
    ConsentIn,
    CreatedOut,
    InboxRowOut,
    PanelOut,
    PartnerReferralOut,
    ReferralIn,
    ReferralOut,
    RepresentativeEndIn,
    RepresentativeIn,
    ScreeningIn,
)

router = Router(tags=["protection"])
_WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


def _labels(categories: list[rules.Category]) -> list[dict[str, str]]:
    return [{"code": str(c), "label": str(rules.CATEGORY_LABELS[c])} for c in categories]


def referral_out(referral: Referral) -> dict[str, object]:
    return {
        "id": referral.pk, "person_id": referral.person_id, "partner_id": referral.partner_id,
        "partner_name": referral.partner.name, "service": referral.service, "need": referral.need,
        "contact": referral.contact, "contact_window": referral.contact_window, "language": referral.language,
        "shared_information": referral.shared_information, "state": referral.state, "sent_at": referral.sent_at,
        "responded_at": referral.responded_at, "partner_note": referral.partner_note,
        "with_consent": referral.consent_id is not None, "version": referral.version,
    }


def panel_out(panel: queries.Panel) -> dict[str, object]:
    body: dict[str, object] = {
        "person_id": panel.person.pk, "screened": panel.screened, "guarantees_apply": panel.guarantees.apply,
        "guarantees": [{"code": str(g), "label": str(rules.GUARANTEE_LABELS[g]),
                        "reference": rules.GUARANTEE_REFERENCES[g]} for g in panel.guarantees.ordered()],
        "need_to_know": panel.sensitive is not None, "sensitive": None,
    }
    sensitive = panel.sensitive
    if sensitive is not None:
        body["sensitive"] = {
            "categories": _labels(sensitive.categories),
            "screenings": [{"id": s.pk, "screened_at": s.screened_at, "occasion": s.occasion,
                            "screened_by": s.screened_by.get_username(),
                            "categories": _labels(sorted(rules.parse_categories(s.categories))),
                            "narrative": s.narrative} for s in sensitive.screenings],
            "assessments": [{"id": a.pk, "assessed_on": a.assessed_on, "outcome": a.outcome,
                             "reasoning": a.reasoning} for a in sensitive.assessments],
            "representatives": [{"id": r.pk, "kind": r.kind, "name": r.name, "organisation": r.organisation,
                                 "appointed_on": r.appointed_on, "ended_on": r.ended_on}
                                for r in sensitive.representatives],
            "consents": [{"id": c.pk, "purpose": c.purpose, "given_by": c.given_by, "given_by_name": c.given_by_name,
                          "given_at": c.given_at, "withdrawn_at": c.withdrawn_at} for c in sensitive.consents],
            "referrals": [referral_out(r) for r in sensitive.referrals],
        }
    return body


def _created(record: object) -> Status[dict[str, object]]:
    return Status(201, {"id": getattr(record, "pk"), "version": getattr(record, "version")})  # noqa: B009


@router.get("/persons/{person_id}", response={200: PanelOut, **errors(401, 403, 404, 422)},
            summary="A person's protection panel (categories and notes only with need-to-know)")
@policy.requires("protection.view")
def read_panel(request: AuthedRequest, person_id: UUID) -> dict[str, object]:
    return panel_out(queries.panel_for(actor=request.user, person_id=person_id))


@router.post("/persons/{person_id}/screenings", response={201: CreatedOut, **_WRITE_ERRORS},
             summary="Record a vulnerability screening")
@policy.requires("protection.screen")
def record_screening(request: AuthedRequest, person_id: UUID, payload: ScreeningIn) -> Status[dict[str, object]]:
    return _created(services.record_screening(
        actor=request.user, person_id=person_id, categories=[rules.Category(c) for c in payload.categories],
        narrative=payload.narrative, occasion=payload.occasion))


@router.post("/persons/{person_id}/best-interests", response={201: CreatedOut, **_WRITE_ERRORS},
             summary="Record a child's best-interests assessment")
@policy.requires("protection.child")
def record_best_interests(request: AuthedRequest, person_id: UUID,
                          payload: BestInterestsIn) -> Status[dict[str, object]]:
    return _created(services.record_best_interests(
        actor=request.user, person_id=person_id, assessed_on=payload.assessed_on, outcome=payload.outcome,
        reasoning=payload.reasoning))


@router.post("/persons/{person_id}/representatives", response={201: CreatedOut, **_WRITE_ERRORS},
             summary="Record a child's guardian or representative")
@policy.requires("protection.child")
def appoint_representative(request: AuthedRequest, person_id: UUID,
                           payload: RepresentativeIn) -> Status[dict[str, object]]:
    return _created(services.appoint_representative(
        actor=request.user, person_id=person_id, kind=payload.kind, name=payload.name,
        organisation=payload.organisation, appointed_on=payload.appointed_on))


@router.post("/representatives/{representative_id}/end", response={200: CreatedOut, **_WRITE_ERRORS},
             summary="End a guardian's or representative's appointment")
@policy.requires("protection.child")
def end_representative(request: AuthedRequest, representative_id: UUID,
                       payload: RepresentativeEndIn) -> dict[str, object]:
    ended = services.end_representative(actor=request.user, representative_id=representative_id,
                                        ended_on=payload.ended_on)
    return {"id": ended.pk, "version": ended.version}


@router.post("/persons/{person_id}/consents", response={201: CreatedOut, **_WRITE_ERRORS},
             summary="Record the person's consent to be referred for a kind of service")
@policy.requires("protection.consent")
def record_consent(request: AuthedRequest, person_id: UUID, payload: ConsentIn) -> Status[dict[str, object]]:
    return _created(services.record_consent(actor=request.user, person_id=person_id, purpose=payload.purpose,
                                            given_by=payload.given_by, given_by_name=payload.given_by_name))


@router.post("/consents/{consent_id}/withdraw", response={200: CreatedOut, **_WRITE_ERRORS},
             summary="Withdraw a consent (open referrals that rest on it are withdrawn)")
@policy.requires("protection.consent")
def withdraw_consent(request: AuthedRequest, consent_id: UUID) -> dict[str, object]:
    consent = services.withdraw_consent(actor=request.user, consent_id=consent_id)
    return {"id": consent.pk, "version": consent.version}


@router.post("/persons/{person_id}/referrals", response={201: CreatedOut, **_WRITE_ERRORS},
             summary="Refer the person to a partner (refused without consent; see override_reason)")
@policy.requires("protection.refer")
def refer(request: AuthedRequest, person_id: UUID, payload: ReferralIn) -> Status[dict[str, object]]:
    return _created(services.refer(
        actor=request.user, person_id=person_id, partner_id=payload.partner_id, service=payload.service,
        need=payload.need, contact=payload.contact, contact_window=payload.contact_window, language=payload.language,
        shared_information=payload.shared_information, override_reason=payload.override_reason))


@router.get("/referrals/{referral_id}", response={200: ReferralOut, **errors(401, 403, 404, 422)},
            summary="A referral, as the referring side sees it")
@policy.requires("protection.refer")
def read_referral(request: AuthedRequest, referral_id: UUID) -> dict[str, object]:
    return referral_out(queries.referral_for(actor=request.user, referral_id=referral_id))


@router.post("/referrals/{referral_id}/withdraw", response={200: CreatedOut, **_WRITE_ERRORS},
             summary="Withdraw a referral")
@policy.requires("protection.refer")
def withdraw_referral(request: AuthedRequest, referral_id: UUID) -> dict[str, object]:
    referral = services.withdraw_referral(actor=request.user, referral_id=referral_id)
    return {"id": referral.pk, "version": referral.version}


@router.get("/inbox", response={200: list[InboxRowOut], **errors(401, 403)},
            summary="Referrals sent to your organisation (partners)")
@policy.requires("protection.partner")
def inbox(request: AuthedRequest) -> list[dict[str, object]]:
    return [{"id": row.id, "service": row.service, "language": row.language, "state": row.state,
             "sent_at": row.sent_at} for row in queries.inbox(actor=request.user)]


@router.get("/inbox/{referral_id}", response={200: PartnerReferralOut, **errors(401, 403, 404, 422)},
            summary="One referral sent to your organisation: only the referral's fields")
@policy.requires("protection.partner")
def read_received(request: AuthedRequest, referral_id: UUID) -> dict[str, object]:
    return _partner_out(queries.partner_view(actor=request.user, referral_id=referral_id))


@router.post("/inbox/{referral_id}/answer", response={200: PartnerReferralOut, **_WRITE_ERRORS},
             summary="Accept, decline or complete a referral sent to your organisation")
@policy.requires("protection.partner")
def answer(request: AuthedRequest, referral_id: UUID, payload: AnswerIn) -> dict[str, object]:
    services.answer_referral(actor=request.user, referral_id=referral_id, state=payload.state, note=payload.note)
    return _partner_out(queries.partner_view(actor=request.user, referral_id=referral_id))


def _partner_out(view: queries.PartnerView) -> dict[str, object]:
    return {"id": view.id, "referred_by_institution": view.referred_by_institution, "service": view.service,
            "need": view.need, "contact": view.contact, "contact_window": view.contact_window,
            "language": view.language, "shared_information": view.shared_information, "state": view.state,
            "sent_at": view.sent_at, "responded_at": view.responded_at, "partner_note": view.partner_note,
            "version": view.version}
