"""The only writers of the programme registry: policy, validation, rule, write, CaseEvent and
audit entry, in one transaction each."""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError, StaleVersionError
from korak.events.services import record_event
from korak.organisations.models import Institution, Role, User
from korak.programme import names, queries, rules
from korak.programme.models import (
    Activity,
    Attendance,
    AttendanceSource,
    Certificate,
    Curriculum,
    CurriculumModule,
    NameSource,
    Official,
    OfficialName,
    Participation,
    ParticipationRole,
    ParticipationStatus,
    Programme,
    Session,
)

# Unambiguous upper-case letters and digits (no 0/O, 1/I): read aloud or typed from paper.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 16  # 32^16 = 2^80 codes: guessing one is hopeless, so the page needs no login.


def actor_institution(actor: User, role: str = Role.PROGRAMME_COORDINATOR) -> Institution:
    """The institution an actor acts for: the one where they hold the role, else any."""
    memberships = list(actor.memberships.filter(is_active=True).select_related("institution"))
    chosen = next((m for m in memberships if m.role == role), memberships[0] if memberships else None)
    if chosen is None:
        raise policy.PermissionRefusedError("programme")
    return chosen.institution


def log_write(*, actor: User, institution: Institution, action: str, case_type: str, case_id: UUID, now: datetime,
         details: dict[str, Any] | None = None, event: str | None = None) -> None:
    """The CaseEvent and audit entry of one write; details hold ids and counts, never names."""
    if event is not None:
        record_event(type=event, case_type=case_type, case_id=case_id, actor=actor, institution=institution,
                     occurred_at=now, recorded_at=now, payload=details or {})
    audit.record(actor=str(actor.pk), institution=str(institution.pk), action=action, object_type=case_type,
                 object_id=str(case_id), occurred_at=now, details=details or {})


# --- Programmes, activities, sessions ---------------------------------------------------------

def create_programme(*, actor: User, code: str, title: str, period_start: date, period_end: date,
                     donors: str = "", implementing_partners: str = "",
                     target_countries: list[str] | None = None) -> Programme:
    now = timezone.now()
    policy.require(actor, "programme.manage")
    if period_end < period_start:
        raise RefusedError(Refusal(code="invalid_programme", message=_("The period cannot end before it starts."),
                                   fields={"period_end": [str(_("The period cannot end before it starts."))]}))
    with transaction.atomic():
        if Programme.objects.filter(code=code).exists():
            raise RefusedError(Refusal(code="duplicate_code", message=_("A programme with this code exists."),
                                       fields={"code": [str(_("A programme with this code exists."))]}))
        programme = Programme.objects.create(
            code=code, title=title.strip(), period_start=period_start, period_end=period_end, donors=donors,
            implementing_partners=implementing_partners, target_countries=sorted(set(target_countries or [])))
        log_write(actor=actor, institution=actor_institution(actor), action="programme.programme.create",
             case_type="programme.programme", case_id=programme.id, now=now, event="programme_created")
    return programme


@dataclass(frozen=True)
class ActivityData:
    kind: str
    title: str
    country: str
    starts_on: date
    ends_on: date
    place: str = ""
    themes: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    summaries: dict[str, str] = field(default_factory=dict)
    completion_threshold: Decimal = Decimal(80)
    capacity: int | None = None
    published: bool = False


def create_activity(*, actor: User, programme_id: UUID, institution: Institution, data: ActivityData) -> Activity:
    now = timezone.now()
    if not policy.can(actor, "programme.manage", Activity(organising_institution=institution)):
        raise policy.PermissionRefusedError("programme.manage")
    refusal = rules.check_activity(starts_on=data.starts_on, ends_on=data.ends_on, country=data.country,
                                   threshold=data.completion_threshold)
    if refusal is not None:
        raise RefusedError(refusal)
    with transaction.atomic():
        programme = policy.get_for(actor, Programme, programme_id, "programme.view")
        activity = Activity.objects.create(
            programme=programme, organising_institution=institution, kind=data.kind, title=data.title.strip(),
            place=data.place.strip(), country=data.country, starts_on=data.starts_on, ends_on=data.ends_on,
            themes=data.themes, partners=data.partners, languages=data.languages, summaries=data.summaries,
            completion_threshold=data.completion_threshold, capacity=data.capacity, published=data.published)
        log_write(actor=actor, institution=institution, action="programme.activity.create",
             case_type="programme.activity", case_id=activity.id, now=now, event="activity_created",
             details={"kind": activity.kind})
    return activity


def add_session(*, actor: User, activity_id: UUID, on: date, part: str = "day", title: str = "") -> Session:
    now = timezone.now()
    with transaction.atomic():
        activity = policy.get_for(actor, Activity.objects.select_for_update(), activity_id, "programme.manage")
        refusal = rules.check_session(on=on, starts_on=activity.starts_on, ends_on=activity.ends_on)
        if refusal is not None:
            raise RefusedError(refusal)
        if Session.objects.filter(activity=activity, on=on, part=part).exists():
            raise RefusedError(Refusal(code="duplicate_session", message=_("This session exists already."),
                                       fields={"part": [str(_("This session exists already."))]}))
        session = Session.objects.create(activity=activity, on=on, part=part, title=title.strip())
        log_write(actor=actor, institution=activity.organising_institution, action="programme.session.create",
             case_type="programme.activity", case_id=activity.id, now=now, details={"session": str(session.id)})
    return session


# --- Officials ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficialData:
    given_name: str
    family_name: str
    institution_id: UUID
    sex: str = "not_recorded"
    position: str = ""
    email: str = ""
    phone: str = ""
    birth_year: int | None = None
    consent_to_publish: bool = False


def _check_official(data: OfficialData) -> None:
    fields: dict[str, list[str]] = {}
    if not data.given_name.strip():
        fields["given_name"] = [str(_("This field is required."))]
    if not data.family_name.strip():
        fields["family_name"] = [str(_("This field is required."))]
    if data.birth_year is not None and not 1900 <= data.birth_year <= 2100:
        fields["birth_year"] = [str(_("Give a year such as 1980."))]
    if fields:
        raise RefusedError(Refusal(code="invalid_official", message=_("The official has invalid fields."),
                                   fields=fields))


def keep_spelling(official: Official, given_name: str, family_name: str, source: str) -> None:
    """Record a spelling the official was seen under (once per spelling)."""
    OfficialName.objects.get_or_create(
        official=official, given_name=given_name.strip(), family_name=family_name.strip(),
        defaults={"source": source, "origin": official,
                  "name_key": names.name_key(given_name, family_name)})


def new_official(*, data: OfficialData, institution: Institution, source: str) -> Official:
    """Write an official and its first spelling (the caller holds the transaction and the policy)."""
    official = Official.objects.create(
        given_name=data.given_name.strip(), family_name=data.family_name.strip(),
        latin_given=names.to_latin(data.given_name), latin_family=names.to_latin(data.family_name),
        name_key=names.name_key(data.given_name, data.family_name), sex=data.sex, institution=institution,
        country=institution.country_id, position=data.position.strip(), email=data.email.strip(),
        phone=data.phone.strip(), birth_year=data.birth_year, consent_to_publish=data.consent_to_publish)
    keep_spelling(official, data.given_name, data.family_name, source)
    return official


def create_official(*, actor: User, data: OfficialData) -> Official:
    """Register an official or expert of any institution of the region."""
    now = timezone.now()
    policy.require(actor, "programme.officials")
    _check_official(data)
    with transaction.atomic():
        institution = Institution.objects.filter(pk=data.institution_id).first()
        if institution is None:
            raise RefusedError(Refusal(code="invalid_official", message=_("The official has invalid fields."),
                                       fields={"institution_id": [str(_("Unknown institution."))]}))
        official = new_official(data=data, institution=institution, source=NameSource.REGISTRATION)
        log_write(actor=actor, institution=actor_institution(actor), action="programme.official.create",
             case_type="programme.official", case_id=official.id, now=now, event="official_registered")
    return official


def update_official(*, actor: User, official_id: UUID, expected_version: int, data: OfficialData) -> Official:
    now = timezone.now()
    _check_official(data)
    with transaction.atomic():
        if not policy.can(actor, "programme.officials"):
            raise policy.PermissionRefusedError("programme.officials")
        official = Official.objects.select_for_update().filter(pk=official_id).first()
        if official is None:
            raise policy.NotFoundError
        if official.version != expected_version:
            raise StaleVersionError(current_version=official.version)
        institution = Institution.objects.filter(pk=data.institution_id).first()
        if institution is None:
            raise RefusedError(Refusal(code="invalid_official", message=_("The official has invalid fields."),
                                       fields={"institution_id": [str(_("Unknown institution."))]}))
        official.given_name, official.family_name = data.given_name.strip(), data.family_name.strip()
        official.latin_given, official.latin_family = names.to_latin(data.given_name), names.to_latin(data.family_name)
        official.name_key = names.name_key(data.given_name, data.family_name)
        official.sex, official.institution, official.country = data.sex, institution, institution.country_id
        official.position, official.email, official.phone = data.position, data.email, data.phone
        official.birth_year, official.consent_to_publish = data.birth_year, data.consent_to_publish
        official.version += 1
        official.save()
        keep_spelling(official, data.given_name, data.family_name, NameSource.REGISTRATION)
        log_write(actor=actor, institution=actor_institution(actor), action="programme.official.edit",
             case_type="programme.official", case_id=official.id, now=now, event="official_edited",
             details={"version": official.version})
    return official


# --- Registration -------------------------------------------------------------------------------

def _participation_for_update(actor: User, participation_id: UUID) -> Participation:
    participation = Participation.objects.select_for_update().select_related("activity").filter(
        pk=participation_id).first()
    if participation is None or not policy.can(actor, "programme.manage", participation.activity):
        raise policy.NotFoundError
    return participation


def invite(*, actor: User, activity_id: UUID, official_id: UUID,
           role: str = ParticipationRole.PARTICIPANT) -> Participation:
    """Invite an official; inviting one who is already on the list changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        activity = policy.get_for(actor, Activity.objects.select_for_update(), activity_id, "programme.manage")
        official = live_official(official_id)
        participation, created = Participation.objects.get_or_create(
            activity=activity, official=official, defaults={"role": role, "status": ParticipationStatus.INVITED})
        if created:
            log_write(actor=actor, institution=activity.organising_institution, action="programme.participation.invite",
                 case_type="programme.activity", case_id=activity.id, now=now, event="official_invited",
                 details={"participation": str(participation.id)})
    return participation


def live_official(official_id: UUID) -> Official:
    official = Official.objects.filter(pk=official_id).first()
    if official is None:
        raise policy.NotFoundError
    # A merged record forwards to its survivor: a stale link still reaches the right person.
    while official.merged_into_id is not None:
        official = Official.objects.get(pk=official.merged_into_id)
    return official


def register(*, actor: User, activity_id: UUID, official_id: UUID,
             role: str = ParticipationRole.PARTICIPANT) -> Participation:
    """Register an official: a place if one is free, else the waiting list."""
    now = timezone.now()
    with transaction.atomic():
        # Lock the activity: two registrations for the last place must not both get it.
        activity = policy.get_for(actor, Activity.objects.select_for_update(), activity_id, "programme.manage")
        official = live_official(official_id)
        taken = activity.participations.filter(
            status__in=[ParticipationStatus.REGISTERED, ParticipationStatus.ATTENDED]).count()
        target = rules.registration_status(registered=taken, capacity=activity.capacity)
        participation = Participation.objects.filter(activity=activity, official=official).first()
        if participation is None:
            participation = Participation.objects.create(activity=activity, official=official, role=role,
                                                         status=target)
        else:
            if participation.status == target:
                return participation
            refusal = rules.check_transition(participation.status, target)
            if refusal is not None:
                raise RefusedError(refusal)
            participation.status = target
            participation.version += 1
            participation.save()
        log_write(actor=actor, institution=activity.organising_institution, action="programme.participation.register",
             case_type="programme.activity", case_id=activity.id, now=now, event=f"official_{target}",
             details={"participation": str(participation.id), "status": target})
    return participation


def cancel(*, actor: User, participation_id: UUID) -> Participation:
    """Cancel a participation; the first on the waiting list then gets the freed place."""
    now = timezone.now()
    with transaction.atomic():
        participation = _participation_for_update(actor, participation_id)
        activity = Activity.objects.select_for_update().get(pk=participation.activity_id)
        refusal = rules.check_transition(participation.status, ParticipationStatus.CANCELLED)
        if refusal is not None:
            raise RefusedError(refusal)
        freed = participation.status == ParticipationStatus.REGISTERED
        participation.status = ParticipationStatus.CANCELLED
        participation.version += 1
        participation.save()
        promoted = None
        if freed:
            promoted = activity.participations.filter(status=ParticipationStatus.WAITLISTED).order_by(
                "created_at", "id").first()
            if promoted is not None:
                promoted.status = ParticipationStatus.REGISTERED
                promoted.version += 1
                promoted.save()
        log_write(actor=actor, institution=activity.organising_institution, action="programme.participation.cancel",
             case_type="programme.activity", case_id=activity.id, now=now, event="participation_cancelled",
             details={"participation": str(participation.id),
                      "promoted": str(promoted.id) if promoted is not None else None})
    return participation


# --- Attendance ---------------------------------------------------------------------------------

def record_attendance(*, session: Session, official: Official, source: str, now: datetime,
                      sheet_import_id: UUID | None = None) -> bool:
    """Attendance row plus the participation it implies; False when the session was already
    recorded for this official (a session attended twice counts once). Caller holds the transaction."""
    try:
        with transaction.atomic():
            Attendance.objects.create(session=session, official=official, source=source,
                                      sheet_import_id=sheet_import_id, recorded_at=now)
    except IntegrityError:
        return False
    participation, _created = Participation.objects.get_or_create(
        activity_id=session.activity_id, official=official, defaults={"status": ParticipationStatus.ATTENDED})
    if participation.status != ParticipationStatus.ATTENDED:
        participation.status = ParticipationStatus.ATTENDED
        participation.version += 1
        participation.save()
    return True


def check_in(*, actor: User, session_id: UUID, official_id: UUID) -> bool:
    now = timezone.now()
    with transaction.atomic():
        session = policy.get_for(actor, Session.objects.select_related("activity"), session_id, "programme.manage")
        official = live_official(official_id)
        added = record_attendance(session=session, official=official, source=AttendanceSource.CHECK_IN, now=now)
        if added:
            log_write(actor=actor, institution=session.activity.organising_institution,
                 action="programme.attendance.check_in", case_type="programme.activity",
                 case_id=session.activity_id, now=now, event="attendance_checked_in",
                 details={"session": str(session.id), "official": str(official.id)})
    return added


# --- Curricula and certificates -----------------------------------------------------------------

def create_curriculum(*, actor: User, code: str, title: str, pass_mark: int = 70,
                      required_attendance: Decimal = Decimal(80), validity_months: int = 36,
                      refresher_months: int = 24, modules: list[tuple[str, list[UUID]]] | None = None) -> Curriculum:
    """A curriculum with its modules, each delivered by the listed activities."""
    now = timezone.now()
    policy.require(actor, "programme.certify")
    fields: dict[str, list[str]] = {}
    if not 0 <= pass_mark <= 100:
        fields["pass_mark"] = [str(_("The pass mark is between 0 and 100."))]
    if not Decimal(0) <= required_attendance <= Decimal(100):
        fields["required_attendance"] = [str(_("The threshold is a percentage between 0 and 100."))]
    if validity_months < 1:
        fields["validity_months"] = [str(_("A certificate is valid for at least one month."))]
    if fields:
        raise RefusedError(Refusal(code="invalid_curriculum", message=_("The curriculum has invalid fields."),
                                   fields=fields))
    with transaction.atomic():
        if Curriculum.objects.filter(code=code).exists():
            raise RefusedError(Refusal(code="duplicate_code", message=_("A curriculum with this code exists."),
                                       fields={"code": [str(_("A curriculum with this code exists."))]}))
        curriculum = Curriculum.objects.create(
            code=code, title=title.strip(), pass_mark=pass_mark, required_attendance=required_attendance,
            validity_months=validity_months, refresher_months=refresher_months)
        for order, (module_title, activity_ids) in enumerate(modules or [], start=1):
            module = CurriculumModule.objects.create(curriculum=curriculum, title=module_title, order=order)
            module.activities.set(Activity.objects.filter(pk__in=activity_ids))
        log_write(actor=actor, institution=actor_institution(actor), action="programme.curriculum.create",
             case_type="programme.curriculum", case_id=curriculum.id, now=now)
    return curriculum


def new_certificate_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


def _facts(certificate: Certificate) -> rules.CertificateFacts:
    return rules.CertificateFacts(issued_on=certificate.issued_on, valid_until=certificate.valid_until,
                                  revoked_on=certificate.revoked_on)


def issue_certificate(*, actor: User, official_id: UUID, curriculum: Curriculum | str,
                      on: date | None = None) -> Certificate:
    """Issue when the official's attendance of the curriculum's activities reaches the required
    share and the best post-test score of those activities reaches the pass mark."""
    now = timezone.now()
    issued_on = on or timezone.localdate(now)
    policy.require(actor, "programme.certify")
    with transaction.atomic():
        curriculum_row = queries.curriculum(curriculum)
        official = live_official(official_id)
        progress = queries.curriculum_progress(official=official, curriculum=curriculum_row)
        refusal = rules.check_certificate_eligibility(
            attendance=progress.attendance, required_attendance=curriculum_row.required_attendance,
            post_test=progress.post_test, pass_mark=curriculum_row.pass_mark)
        if refusal is not None:
            raise RefusedError(refusal)
        certificate = Certificate.objects.create(
            official=official, curriculum=curriculum_row, code=new_certificate_code(), issued_on=issued_on,
            valid_until=rules.add_months(issued_on, curriculum_row.validity_months), issued_by=actor)
        log_write(actor=actor, institution=actor_institution(actor), action="programme.certificate.issue",
             case_type="programme.official", case_id=official.id, now=now, event="certificate_issued",
             details={"certificate": str(certificate.id), "curriculum": curriculum_row.code})
    return certificate


def revoke_certificate(*, actor: User, certificate_id: UUID, reason: str, on: date | None = None) -> Certificate:
    now = timezone.now()
    policy.require(actor, "programme.certify")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None:
            raise policy.NotFoundError
        refusal = rules.check_revocation(_facts(certificate), reason=reason)
        if refusal is not None:
            raise RefusedError(refusal)
        certificate.revoked_on = on or timezone.localdate(now)
        certificate.revocation_reason = reason.strip()[:300]
        certificate.version += 1
        certificate.save()
        log_write(actor=actor, institution=actor_institution(actor), action="programme.certificate.revoke",
             case_type="programme.official", case_id=certificate.official_id, now=now, event="certificate_revoked",
             details={"certificate": str(certificate.id)})
    return certificate


def renew_certificate(*, actor: User, certificate_id: UUID, refresher_activity_id: UUID,
                      on: date | None = None) -> Certificate:
    """Renew by a refresher: the official must have completed the refresher activity. The new
    certificate names the one it renews; the old one stays as it was."""
    now = timezone.now()
    renewed_on = on or timezone.localdate(now)
    policy.require(actor, "programme.certify")
    with transaction.atomic():
        old = Certificate.objects.select_for_update().select_related("curriculum").filter(pk=certificate_id).first()
        if old is None:
            raise policy.NotFoundError
        refusal = rules.check_renewal(_facts(old), on=renewed_on)
        if refusal is not None:
            raise RefusedError(refusal)
        activity = Activity.objects.filter(pk=refresher_activity_id).first()
        if activity is None:
            raise policy.NotFoundError
        attended, sessions = queries.attendance_counts(official_id=old.official_id, activity_ids=[activity.id])
        if not rules.completed(attended=attended, sessions=sessions, threshold=activity.completion_threshold):
            raise RefusedError(Refusal(
                code="refresher_not_completed",
                message=_("The official has not completed the refresher activity."),
                fields={"refresher_activity_id": [str(_("The official has not completed the refresher activity."))]}))
        start, until = rules.renewal_period(_facts(old), on=renewed_on,
                                            refresher_months=old.curriculum.refresher_months)
        certificate = Certificate.objects.create(
            official_id=old.official_id, curriculum=old.curriculum, code=new_certificate_code(), issued_on=start,
            valid_until=until, renews=old, issued_by=actor)
        log_write(actor=actor, institution=actor_institution(actor), action="programme.certificate.renew",
             case_type="programme.official", case_id=old.official_id, now=now, event="certificate_renewed",
             details={"certificate": str(certificate.id), "renews": str(old.id)})
    return certificate

