"""Activities, participants, attendance, assessments, certificates, indicators and the highlights report."""

from typing import Annotated
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.core.schemas import errors
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution, Role, User
from korak.programme import certificates, dedupe, queries, services, sheets
from korak.programme.models import Activity, Certificate, Official, Participation, Programme
from korak.programme.schemas import (
    ActivityIn,
    ActivityOut,
    CandidateOut,
    CertificateIn,
    CertificateOut,
    CheckInIn,
    CheckInOut,
    CurriculumIn,
    CurriculumOut,
    DuplicateDecisionIn,
    MergeOut,
    OfficialIn,
    OfficialOut,
    ParticipationIn,
    ParticipationOut,
    ProgrammeIn,
    ProgrammeOut,
    RenewIn,
    RevokeIn,
    ScanOut,
    SessionIn,
    SheetOut,
)

router = Router(tags=["programme"])
Limit = Annotated[int, Query(ge=1, le=500)]


def _programme(programme: Programme) -> dict[str, object]:
    return {name: getattr(programme, name) for name in ProgrammeOut.model_fields}


def _activity(activity: Activity) -> dict[str, object]:
    fields = {name: getattr(activity, name) for name in ActivityOut.model_fields if name != "sessions"}
    return fields | {"sessions": [{"id": s.id, "on": s.on, "part": s.part, "title": s.title}
                                  for s in activity.sessions.all()]}


def _official(official: Official) -> dict[str, object]:
    fields = {name: getattr(official, name) for name in OfficialOut.model_fields if name != "spellings"}
    return fields | {"spellings": [{"given_name": n.given_name, "family_name": n.family_name, "source": n.source}
                                   for n in official.names.all()]}


def _participation(participation: Participation) -> dict[str, object]:
    return {name: getattr(participation, name) for name in ParticipationOut.model_fields}


def _certificate(certificate: Certificate) -> dict[str, object]:
    return {"id": certificate.id, "code": certificate.code, "official_id": certificate.official_id,
            "curriculum": certificate.curriculum.code, "issued_on": certificate.issued_on,
            "valid_until": certificate.valid_until, "revoked_on": certificate.revoked_on,
            "renews_id": certificate.renews_id,
            "status": queries.status_of(certificate, on=timezone.localdate())}


def organising_institution(user: User, institution_id: UUID | None) -> Institution:
    """The institution an activity is organised by: one the user coordinates for."""
    allowed = {m.institution.pk: m.institution for m in user.memberships.filter(
        is_active=True, role=Role.PROGRAMME_COORDINATOR).select_related("institution")}
    if institution_id is not None and institution_id in allowed:
        return allowed[institution_id]
    if institution_id is None and len(allowed) == 1:
        return next(iter(allowed.values()))
    raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
        "organising_institution_id": [_("Say which of your institutions organises the activity.")]}))


# --- Programmes and activities -------------------------------------------------------------------

@router.get("/programmes", response={200: list[ProgrammeOut], **errors(401, 403)}, summary="Programmes")
@policy.requires("programme.view")
def list_programmes(request: AuthedRequest) -> list[dict[str, object]]:
    return [_programme(p) for p in queries.programmes(request.user)]


@router.post("/programmes", response={201: ProgrammeOut, **errors(400, 401, 403, 409, 422)},
             summary="Create a programme")
@policy.requires("programme.manage")
def create_programme(request: AuthedRequest, payload: ProgrammeIn) -> Status[dict[str, object]]:
    programme = services.create_programme(actor=request.user, **payload.dict())
    return Status(201, _programme(programme))


@router.get("/activities", response={200: list[ActivityOut], **errors(401, 403, 422)}, summary="Activities")
@policy.requires("programme.view")
def list_activities(request: AuthedRequest, limit: Limit = 200) -> list[dict[str, object]]:
    return [_activity(a) for a in queries.activities(request.user).prefetch_related("sessions")[:limit]]


@router.post("/activities", response={201: ActivityOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Create an activity")
@policy.requires("programme.manage")
def create_activity(request: AuthedRequest, payload: ActivityIn) -> Status[dict[str, object]]:
    institution = organising_institution(request.user, payload.organising_institution_id)
    data = payload.dict(exclude={"programme_id", "organising_institution_id"})
    activity = services.create_activity(actor=request.user, programme_id=payload.programme_id,
                                        institution=institution, data=services.ActivityData(**data))
    return Status(201, _activity(activity))


@router.get("/activities/{activity_id}", response={200: ActivityOut, **errors(401, 403, 404, 422)},
            summary="Read one activity")
@policy.requires("programme.view")
def read_activity(request: AuthedRequest, activity_id: UUID) -> dict[str, object]:
    return _activity(queries.activity(request.user, activity_id))


@router.post("/activities/{activity_id}/sessions", response={201: ActivityOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Add a session (a day or half-day)")
@policy.requires("programme.manage")
def add_session(request: AuthedRequest, activity_id: UUID,
                payload: SessionIn) -> Status[dict[str, object]]:
    services.add_session(actor=request.user, activity_id=activity_id, **payload.dict())
    return Status(201, _activity(queries.activity(request.user, activity_id)))


@router.post("/activities/{activity_id}/participations",
             response={200: ParticipationOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Invite or register an official (beyond the places: the waiting list)")
@policy.requires("programme.manage")
def add_participation(request: AuthedRequest, activity_id: UUID, payload: ParticipationIn) -> dict[str, object]:
    act = services.invite if payload.action == "invite" else services.register
    participation = act(actor=request.user, activity_id=activity_id, official_id=payload.official_id,
                        role=payload.role)
    return _participation(participation)


@router.post("/participations/{participation_id}/cancel",
             response={200: ParticipationOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Cancel a participation (the first on the waiting list moves up)")
@policy.requires("programme.manage")
def cancel_participation(request: AuthedRequest, participation_id: UUID) -> dict[str, object]:
    return _participation(services.cancel(actor=request.user, participation_id=participation_id))


@router.post("/sessions/{session_id}/check-in", response={200: CheckInOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Check an official in to a session (twice counts once)")
@policy.requires("programme.manage")
def check_in(request: AuthedRequest, session_id: UUID, payload: CheckInIn) -> dict[str, object]:
    return {"recorded": services.check_in(actor=request.user, session_id=session_id,
                                          official_id=payload.official_id)}


@router.post("/activities/{activity_id}/sheets", response={201: SheetOut, 200: SheetOut,
                                                            **errors(400, 401, 403, 404, 409, 422)},
             summary="Import a sign-in sheet (CSV or XLSX); the same file again changes nothing")
@policy.requires("programme.manage")
def import_sheet(request: AuthedRequest, activity_id: UUID, file: File[UploadedFile]) -> Status[dict[str, object]]:
    if file.size is not None and file.size > sheets.MAX_BYTES:
        raise RefusedError(Refusal("invalid_sheet", _("The file is larger than 5 MB."),
                                   fields={"file": [_("The file is larger than 5 MB.")]}))
    result = sheets.import_sheet(actor=request.user, activity_id=activity_id, content=file.read(),
                                 filename=file.name or "sheet")
    sheet = result.sheet
    return Status(200 if result.duplicate else 201, {
        "id": sheet.id, "duplicate": result.duplicate, "rows": sheet.rows, "matched": sheet.matched,
        "created": sheet.created, "queued": sheet.queued})


# --- Officials, review queue, merges --------------------------------------------------------------

@router.get("/officials", response={200: list[OfficialOut], **errors(401, 403, 422)},
            summary="Officials you may see (coordinators: the registry; others: their institution's staff)")
@policy.requires("programme.staff")
def list_officials(request: AuthedRequest, limit: Limit = 200) -> list[dict[str, object]]:
    return [_official(o) for o in queries.officials(request.user).prefetch_related("names")[:limit]]


@router.post("/officials", response={201: OfficialOut, **errors(400, 401, 403, 409, 422)},
             summary="Register an official or expert")
@policy.requires("programme.officials")
def create_official(request: AuthedRequest, payload: OfficialIn) -> Status[dict[str, object]]:
    official = services.create_official(actor=request.user, data=services.OfficialData(**payload.dict()))
    return Status(201, _official(official))


@router.get("/officials/{official_id}", response={200: OfficialOut, **errors(401, 403, 404, 422)},
            summary="Read one official")
@policy.requires("programme.staff")
def read_official(request: AuthedRequest, official_id: UUID) -> dict[str, object]:
    return _official(queries.official(request.user, official_id))


@router.get("/officials/{official_id}/participations",
            response={200: list[ParticipationOut], **errors(401, 403, 404, 422)},
            summary="An official's participations")
@policy.requires("programme.staff")
def official_participations(request: AuthedRequest, official_id: UUID) -> list[dict[str, object]]:
    return [_participation(p) for p in queries.participations_of(request.user, official_id)]


@router.get("/review", response={200: list[CandidateOut], **errors(401, 403, 422)},
            summary="Pairs of officials waiting for a decision")
@policy.requires("programme.view")
def review_queue(request: AuthedRequest, limit: Limit = 200) -> list[dict[str, object]]:
    return [{name: getattr(c, name) for name in CandidateOut.model_fields}
            for c in queries.review_queue(request.user)[:limit]]


@router.post("/review/{candidate_id}", response={200: CandidateOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Decide a pair: the same person (merge) or two people")
@policy.requires("programme.officials")
def decide_pair(request: AuthedRequest, candidate_id: int, payload: DuplicateDecisionIn) -> dict[str, object]:
    candidate = dedupe.decide_candidate(actor=request.user, candidate_id=candidate_id,
                                        same_person=payload.same_person)
    return {name: getattr(candidate, name) for name in CandidateOut.model_fields}


@router.post("/dedupe", response={200: ScanOut, **errors(401, 403)},
             summary="Deduplicate the registry: confident pairs merge, uncertain ones wait for review")
@policy.requires("programme.officials")
def scan(request: AuthedRequest) -> dict[str, object]:
    result = dedupe.scan(actor=request.user)
    return {"merged": result.merged, "queued": result.queued}


@router.get("/merges", response={200: list[MergeOut], **errors(401, 403, 422)}, summary="Merges, latest first")
@policy.requires("programme.view")
def list_merges(request: AuthedRequest, limit: Limit = 200) -> list[dict[str, object]]:
    return [{"id": m.id, "survivor_id": m.survivor_id, "merged_id": m.merged_id, "automatic": m.automatic,
             "undone": m.undone_at is not None} for m in queries.merges(request.user)[:limit]]


@router.post("/merges/{merge_id}/undo", response={200: MergeOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Undo a merge")
@policy.requires("programme.officials")
def undo_merge(request: AuthedRequest, merge_id: int) -> dict[str, object]:
    m = dedupe.undo(actor=request.user, merge_id=merge_id)
    return {"id": m.id, "survivor_id": m.survivor_id, "merged_id": m.merged_id, "automatic": m.automatic,
            "undone": True}


# --- Curricula and certificates --------------------------------------------------------------------

@router.get("/curricula", response={200: list[CurriculumOut], **errors(401, 403)}, summary="Curricula")
@policy.requires("programme.certify")
def list_curricula(request: AuthedRequest) -> list[dict[str, object]]:
    return [{name: getattr(c, name) for name in CurriculumOut.model_fields} for c in queries.curricula(request.user)]


@router.post("/curricula", response={201: CurriculumOut, **errors(400, 401, 403, 409, 422)},
             summary="Create a curriculum with its modules")
@policy.requires("programme.certify")
def create_curriculum(request: AuthedRequest, payload: CurriculumIn) -> Status[dict[str, object]]:
    values = payload.dict(exclude={"modules"})
    curriculum = services.create_curriculum(actor=request.user, **values,
                                            modules=[(m.title, m.activity_ids) for m in payload.modules])
    return Status(201, {name: getattr(curriculum, name) for name in CurriculumOut.model_fields})


@router.get("/certificates", response={200: list[CertificateOut], **errors(401, 403, 422)},
            summary="Certificates you may see (coordinators: all; others: their institution's staff)")
@policy.requires("programme.staff")
def list_certificates(request: AuthedRequest, limit: Limit = 200) -> list[dict[str, object]]:
    return [_certificate(c) for c in queries.certificates(request.user)[:limit]]


@router.post("/certificates", response={201: CertificateOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Issue a certificate (attendance and post-test must both reach the curriculum's marks)")
@policy.requires("programme.certify")
def issue_certificate(request: AuthedRequest, payload: CertificateIn) -> Status[dict[str, object]]:
    certificate = services.issue_certificate(actor=request.user, official_id=payload.official_id,
                                             curriculum=payload.curriculum)
    return Status(201, _certificate(certificate))


@router.get("/certificates/{certificate_id}", response={200: CertificateOut, **errors(401, 403, 404, 422)},
            summary="Read one certificate")
@policy.requires("programme.staff")
def read_certificate(request: AuthedRequest, certificate_id: UUID) -> dict[str, object]:
    return _certificate(queries.certificate(request.user, certificate_id))


@router.post("/certificates/{certificate_id}/revoke",
             response={200: CertificateOut, **errors(400, 401, 403, 404, 409, 422)}, summary="Revoke a certificate")
@policy.requires("programme.certify")
def revoke_certificate(request: AuthedRequest, certificate_id: UUID, payload: RevokeIn) -> dict[str, object]:
    return _certificate(services.revoke_certificate(actor=request.user, certificate_id=certificate_id,
                                                    reason=payload.reason))


@router.post("/certificates/{certificate_id}/renew",
             response={201: CertificateOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Renew a certificate by a completed refresher activity")
@policy.requires("programme.certify")
def renew_certificate(request: AuthedRequest, certificate_id: UUID, payload: RenewIn) -> Status[dict[str, object]]:
    certificate = services.renew_certificate(actor=request.user, certificate_id=certificate_id,
                                             refresher_activity_id=payload.refresher_activity_id)
    return Status(201, _certificate(certificate))


@router.get("/certificates/{certificate_id}/pdf", response={200: None, **errors(401, 403, 404, 422)},
            summary="The certificate as PDF")
@policy.requires("programme.staff")
def certificate_pdf(request: AuthedRequest, certificate_id: UUID) -> HttpResponse:
    certificate = queries.certificate(request.user, certificate_id)
    return pdf_response(request, certificate)


def pdf_response(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    from django.urls import reverse

    url = request.build_absolute_uri(reverse("programme:verify-code", args=[certificate.code]))
    content = certificates.render(certificate, verify_url=url, language=get_language() or "en")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


from korak.programme.api_results import router as results_router  # noqa: E402  # results (P2)

router.add_router("/results", results_router)
