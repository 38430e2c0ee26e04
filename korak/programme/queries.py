"""The readers of the programme registry that views, the API and other apps call.

`valid_certificate` and `certificates_for` are the questions return operations ask: they
take no user, because the caller (an operations service) has already checked its own policy."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db.models import Max, Q, QuerySet

from korak import policy
from korak.organisations.models import User
from korak.programme import rules
from korak.programme.models import (
    Activity,
    Attendance,
    CandidateStatus,
    Certificate,
    Curriculum,
    MatchCandidate,
    Merge,
    Official,
    Participation,
    Programme,
    Session,
    TestResult,
)


def curriculum(value: Curriculum | str | UUID) -> Curriculum:
    """A curriculum given as itself, its code or its id."""
    if isinstance(value, Curriculum):
        return value
    found = (Curriculum.objects.filter(pk=value) if isinstance(value, UUID)
             else Curriculum.objects.filter(code=value)).first()
    if found is None:
        raise policy.NotFoundError
    return found


def _valid_on(on: date) -> Q:
    return (Q(issued_on__lte=on, valid_until__gte=on)
            & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=on)))


def valid_certificate(official: Official | UUID, curriculum: Curriculum | str, *, on: date) -> bool:
    """True when a certificate of that curriculum, not revoked, covers the day `on`
    (issued_on <= on <= valid_until). A merged official's certificates count for the survivor."""
    official_id = official.pk if isinstance(official, Official) else official
    return bool(certificates_for([official_id], curriculum, on=on).get(official_id))


def certificates_for(officials: Iterable[Official | UUID], curriculum: Curriculum | str, *,
                     on: date) -> dict[UUID, Certificate | None]:
    """For each official, the valid certificate of the curriculum on `on` (the one valid longest),
    or None: one query for the lot (an operation confirms 60 escorts at once)."""
    ids = [o.pk if isinstance(o, Official) else o for o in officials]
    condition = _valid_on(on) & Q(official_id__in=ids)
    condition &= Q(curriculum=curriculum) if isinstance(curriculum, Curriculum) else Q(curriculum__code=curriculum)
    found: dict[UUID, Certificate | None] = dict.fromkeys(ids)
    for certificate in Certificate.objects.filter(condition).select_related("curriculum").order_by("valid_until"):
        found[certificate.official_id] = certificate
    return found


@dataclass(frozen=True)
class Verification:
    """What the public page shows, and nothing more."""

    name: str
    curriculum: str
    status: str  # valid, expired, revoked, not_yet_valid
    valid_until: date


def normalise_code(code: str) -> str:
    """Codes are printed in groups (ABCD-EFGH-...) and typed in any case."""
    return "".join(char for char in code.upper() if char.isalnum())[:32]


def verify(code: str, *, on: date) -> Verification | None:
    certificate = Certificate.objects.select_related("official", "curriculum").filter(
        code=normalise_code(code)).first()
    if certificate is None:
        return None
    official = certificate.official
    return Verification(
        name=f"{official.given_name} {official.family_name}", curriculum=certificate.curriculum.title,
        status=rules.certificate_status(rules.CertificateFacts(certificate.issued_on, certificate.valid_until,
                                                               certificate.revoked_on), on=on),
        valid_until=certificate.valid_until)


def attendance_counts(*, official_id: UUID, activity_ids: list[UUID]) -> tuple[int, int]:
    """(sessions attended, sessions held) over the activities; a session counts once."""
    sessions = Session.objects.filter(activity_id__in=activity_ids).count()
    attended = Attendance.objects.filter(official_id=official_id, session__activity_id__in=activity_ids).count()
    return attended, sessions


def post_test_score(*, official_id: UUID, activity_ids: list[UUID]) -> Decimal | None:
    """The best post-test score over the curriculum's activities (the results engineer's TestResult)."""
    best = TestResult.objects.filter(
        official_id=official_id, test__kind="post", test__activity_id__in=activity_ids,
    ).aggregate(best=Max("score"))["best"]
    return None if best is None else Decimal(best)


@dataclass(frozen=True)
class Progress:
    attendance: Decimal
    post_test: Decimal | None
    activities: int


def curriculum_progress(*, official: Official, curriculum: Curriculum) -> Progress:
    activity_ids = list(Activity.objects.filter(curriculum_modules__curriculum=curriculum)
                        .values_list("id", flat=True).distinct())
    attended, sessions = attendance_counts(official_id=official.id, activity_ids=activity_ids)
    return Progress(attendance=rules.attendance_percent(attended=attended, sessions=sessions),
                    post_test=post_test_score(official_id=official.id, activity_ids=activity_ids),
                    activities=len(activity_ids))


def officials(user: User) -> QuerySet[Official]:
    """Officials the user may see: the whole registry for coordinators, else own staff only.
    Merged records are left out: they live on in their survivor."""
    base = Official.objects.filter(merged_into__isnull=True).select_related("institution")
    if policy.can(user, "programme.view"):
        return base
    return policy.visible(user, base, "programme.staff")


def official(user: User, official_id: object) -> Official:
    if policy.can(user, "programme.view"):
        return policy.get_for(user, Official, official_id, "programme.view")
    return policy.get_for(user, Official, official_id, "programme.staff")


def certificates(user: User) -> QuerySet[Certificate]:
    base = Certificate.objects.select_related("official", "curriculum")
    if policy.can(user, "programme.view"):
        return base
    return policy.visible(user, base, "programme.staff")


def programmes(user: User) -> QuerySet[Programme]:
    return Programme.objects.all() if policy.can(user, "programme.view") else Programme.objects.none()


def activities(user: User) -> QuerySet[Activity]:
    """The registry's activities for coordinators and statisticians; nobody else lists them."""
    if policy.can(user, "programme.view"):
        return Activity.objects.select_related("programme", "organising_institution")
    return Activity.objects.none()


def activity(user: User, activity_id: object) -> Activity:
    return policy.get_for(user, activities(user).prefetch_related("sessions"), activity_id, "programme.view")


def participations_of(user: User, official_id: object) -> QuerySet[Participation]:
    """An official's participations, for anyone who may see the official."""
    found = official(user, official_id)
    return Participation.objects.filter(official=found).select_related("activity").order_by("-activity__starts_on")


def review_queue(user: User) -> QuerySet[MatchCandidate]:
    if not policy.can(user, "programme.view"):
        return MatchCandidate.objects.none()
    return MatchCandidate.objects.filter(status=CandidateStatus.PENDING).select_related(
        "official_a__institution", "official_b__institution")


def merges(user: User) -> QuerySet[Merge]:
    if not policy.can(user, "programme.view"):
        return Merge.objects.none()
    return Merge.objects.select_related("survivor", "merged")


def curricula(user: User) -> QuerySet[Curriculum]:
    if policy.can(user, "programme.view") or policy.can(user, "programme.certify"):
        return Curriculum.objects.prefetch_related("modules")
    return Curriculum.objects.none()


def certificate(user: User, certificate_id: object) -> Certificate:
    if policy.can(user, "programme.view"):
        return policy.get_for(user, Certificate.objects.select_related("official__institution", "curriculum"),
                              certificate_id, "programme.view")
    return policy.get_for(user, Certificate.objects.select_related("official__institution", "curriculum"),
                          certificate_id, "programme.staff")


def status_of(certificate: Certificate, *, on: date) -> str:
    return rules.certificate_status(rules.CertificateFacts(certificate.issued_on, certificate.valid_until,
                                                           certificate.revoked_on), on=on)
