"""One person, one participant: matching officials across events and scripts, the review
queue, and audited merges that can be undone.

The decision is deliberately conservative, because a wrong merge hands one official's
certificate to another: only the same name (after transliteration and diacritic folding)
in the same institution, or in the same country with a confirming birth year or e-mail,
merges on its own. A namesake elsewhere in the country, a near spelling (a typo), or a
conflicting birth year goes to a coordinator's review queue."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import JaroWinkler

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.organisations.models import User
from korak.programme import names
from korak.programme.models import CandidateStatus, MatchCandidate, Merge, Official, OfficialName
from korak.programme.services import actor_institution, log_write

MATCH = "match"
REVIEW = "review"
# Near spellings: Jaro-Winkler on the folded, loosened parts ("petrovic" ~ "petrovik" = 0.95).
FAMILY_SIMILAR = 0.93
GIVEN_SIMILAR = 0.90


# --- The decision (pure) ------------------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """What matching looks at: every known spelling's key, institution, country, year, e-mail."""

    keys: frozenset[str]
    institution: object
    country: str
    birth_year: int | None = None
    email: str = ""


@dataclass(frozen=True)
class Decision:
    outcome: str | None  # MATCH, REVIEW or None
    score: Decimal
    reasons: tuple[str, ...]


def keys_of(given_name: str, family_name: str) -> frozenset[str]:
    """The name's key and its swapped form: sheets put the family name first as often as not."""
    return frozenset({names.name_key(given_name, family_name), names.name_key(family_name, given_name)})


def _similar(key_a: str, key_b: str) -> tuple[float, float]:
    family_a, _, given_a = key_a.partition("|")
    family_b, _, given_b = key_b.partition("|")
    return JaroWinkler.similarity(family_a, family_b), JaroWinkler.similarity(given_a, given_b)


def decide(a: Profile, b: Profile) -> Decision:
    """Whether two profiles are one official: MATCH (merge or attach), REVIEW (ask), or None."""
    reasons: list[str] = []
    same_institution = a.institution == b.institution
    same_country = a.country == b.country
    years_known = a.birth_year is not None and b.birth_year is not None
    year_conflict = years_known and a.birth_year != b.birth_year
    email_agrees = bool(a.email) and a.email.lower() == b.email.lower()
    exact = bool(a.keys & b.keys)
    if same_institution:
        reasons.append("same_institution")
    elif same_country:
        reasons.append("same_country")
    if exact:
        reasons.append("same_name")
    if years_known:
        reasons.append("birth_year_differs" if year_conflict else "same_birth_year")
    if email_agrees:
        reasons.append("same_email")
    if not same_country:
        # Officials of different countries are different people even when the names agree.
        return Decision(None, Decimal(0), tuple(reasons))
    if exact and not year_conflict:
        if same_institution or (years_known and not year_conflict) or email_agrees:
            return Decision(MATCH, Decimal("1.000") if same_institution else Decimal("0.950"), tuple(reasons))
        return Decision(REVIEW, Decimal("0.850"), tuple(reasons))
    if exact:
        return Decision(REVIEW, Decimal("0.600"), tuple(reasons))
    best_family, best_given = max((_similar(x, y) for x in a.keys for y in b.keys), default=(0.0, 0.0))
    if best_family >= FAMILY_SIMILAR and best_given >= GIVEN_SIMILAR and not year_conflict:
        reasons.append("similar_name")
        if email_agrees:
            return Decision(MATCH, Decimal("0.900"), tuple(reasons))
        score = Decimal(str(round((best_family + best_given) / 2 * (1.0 if same_institution else 0.9), 3)))
        return Decision(REVIEW, score, tuple(reasons))
    return Decision(None, Decimal(0), tuple(reasons))


# --- Candidates from the registry ----------------------------------------------------------------

def block_of(key: str) -> str:
    """Blocking key: the family part's first two letters (typos rarely hit the start of a name)."""
    return key.partition("|")[0][:2]


class Registry:
    """The live officials' profiles, loaded once per import or scan and kept current as
    officials are created, so a sheet that names one person on ten rows finds them each time."""

    def __init__(self, officials: Iterable[Official]) -> None:
        self.profiles: dict[UUID, Profile] = {}
        self.blocks: dict[str, set[UUID]] = {}
        rows = list(officials)
        spellings: dict[UUID, set[str]] = {}
        for official_id, given, family in OfficialName.objects.filter(
                official__in=[o.id for o in rows]).values_list("official_id", "given_name", "family_name"):
            spellings.setdefault(official_id, set()).update(keys_of(given, family))
        for official in rows:
            keys = spellings.get(official.id, set()) | keys_of(official.given_name, official.family_name)
            self.add(official.id, Profile(frozenset(keys), official.institution_id, official.country,
                                          official.birth_year, official.email))

    def add(self, official_id: UUID, profile: Profile) -> None:
        old = self.profiles.get(official_id)
        merged_keys = profile.keys | (old.keys if old else frozenset())
        self.profiles[official_id] = Profile(merged_keys, profile.institution, profile.country,
                                             profile.birth_year, profile.email)
        for key in merged_keys:
            self.blocks.setdefault(block_of(key), set()).add(official_id)

    def remove(self, official_id: UUID) -> None:
        self.profiles.pop(official_id, None)
        for members in self.blocks.values():
            members.discard(official_id)

    def candidates(self, profile: Profile, *, exclude: UUID | None = None) -> list[tuple[UUID, Decision]]:
        """Every official that matches or needs review, best first."""
        ids = set().union(*(self.blocks.get(block_of(key), set()) for key in profile.keys))
        found = []
        for official_id in ids - {exclude}:
            decision = decide(profile, self.profiles[official_id])
            if decision.outcome is not None:
                found.append((official_id, decision))
        return sorted(found, key=lambda item: (item[1].outcome != MATCH, -item[1].score, str(item[0])))


def live_officials() -> models.QuerySet[Official]:
    return Official.objects.filter(merged_into__isnull=True)


def queue(official_a: UUID, official_b: UUID, decision: Decision) -> MatchCandidate:
    """Put a pair in the review queue once (in either order)."""
    first, second = sorted([official_a, official_b], key=str)
    candidate, _created = MatchCandidate.objects.get_or_create(
        official_a_id=first, official_b_id=second,
        defaults={"score": decision.score, "reasons": list(decision.reasons)})
    return candidate


# --- Merge and undo ------------------------------------------------------------------------------

# Relations a merge must not move: the merge bookkeeping itself.
_SKIP = {("programme", "official", "merged_into"), ("programme", "merge", "survivor"),
         ("programme", "merge", "merged"), ("programme", "matchcandidate", "official_a"),
         ("programme", "matchcandidate", "official_b"), ("programme", "officialname", "origin")}


def _relations() -> list[tuple[type[models.Model], str]]:
    """Every foreign key to Official, in this app and any other (certificates, test results,
    survey answers): a merge moves them all, so nothing stays behind on the merged record."""
    found = []
    for relation in Official._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        field = relation.field
        key = (model._meta.app_label, model._meta.model_name, field.name)
        if key in _SKIP or not isinstance(model, type):
            continue
        found.append((model, field.name))
    return found


def _move(merged: Official, survivor: Official) -> tuple[dict[str, list[str]], list[str]]:
    """Move every row of `merged` to `survivor`. A row that would collide with the survivor's
    own (both attended the same session) is removed, and kept serialised for undo."""
    moved: dict[str, list[str]] = {}
    removed: list[str] = []
    for model, field_name in _relations():
        label = f"{model._meta.label_lower}.{field_name}"
        for row in model._default_manager.filter(**{field_name: merged}):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{field_name: survivor})
                moved.setdefault(label, []).append(str(row.pk))
            except IntegrityError:
                removed.append(serializers.serialize("json", [row]))
                row.delete()
    return moved, removed


def merge(*, actor: User, survivor_id: UUID, merged_id: UUID, candidate: MatchCandidate | None = None,
          automatic: bool = False) -> Merge:
    """Merge one official into another: rows move, the merged record stays (pointing to the
    survivor) with its spellings copied onto the survivor, and the merge is audited."""
    now = timezone.now()
    policy.require(actor, "programme.officials")
    with transaction.atomic():
        locked = {o.pk: o for o in Official.objects.select_for_update().filter(id__in=[survivor_id, merged_id])}
        survivor, merged = locked.get(survivor_id), locked.get(merged_id)
        if survivor is None or merged is None:
            raise policy.NotFoundError
        if survivor_id == merged_id or survivor.merged_into_id is not None or merged.merged_into_id is not None:
            raise RefusedError(Refusal(code="cannot_merge",
                                       message=_("Only two different records that are not merged can be merged.")))
        moved, removed = _move(merged, survivor)
        merged.merged_into = survivor
        merged.version += 1
        merged.save(update_fields=["merged_into", "version", "updated_at"])
        record = Merge.objects.create(survivor=survivor, merged=merged, candidate=candidate, automatic=automatic,
                                      performed_by=actor, performed_at=now,
                                      snapshot={"moved": moved, "removed": removed})
        if candidate is not None:
            candidate.status, candidate.decided_by, candidate.decided_at = CandidateStatus.MERGED, actor, now
            candidate.save()
        details = {"merge": str(record.id), "merged": str(merged.id), "automatic": automatic,
                   "rows_moved": sum(len(ids) for ids in moved.values()), "rows_removed": len(removed)}
        log_write(actor=actor, institution=actor_institution(actor), action="programme.official.merge",
                  case_type="programme.official", case_id=survivor.id, now=now, event="officials_merged",
                  details=details)
    return record


def undo(*, actor: User, merge_id: int) -> Merge:
    """Undo a merge: the rows that moved go back, the removed ones are restored, and the
    merged official is a participant of their own again."""
    now = timezone.now()
    policy.require(actor, "programme.officials")
    with transaction.atomic():
        record = Merge.objects.select_for_update().select_related("survivor", "merged").filter(pk=merge_id).first()
        if record is None:
            raise policy.NotFoundError
        if record.undone_at is not None:
            raise RefusedError(Refusal(code="already_undone", message=_("This merge has already been undone.")))
        if record.survivor.merged_into_id is not None:
            raise RefusedError(Refusal(code="survivor_merged",
                                       message=_("Undo the later merge of the surviving record first.")))
        relations = {f"{model._meta.label_lower}.{field}": (model, field) for model, field in _relations()}
        for label, pks in record.snapshot.get("moved", {}).items():
            if label in relations:
                model, field = relations[label]
                model._default_manager.filter(pk__in=pks).update(**{field: record.merged})
        for text in record.snapshot.get("removed", []):
            for restored in serializers.deserialize("json", text):
                restored.save()
        merged = record.merged
        merged.merged_into = None
        merged.version += 1
        merged.save(update_fields=["merged_into", "version", "updated_at"])
        record.undone_at, record.undone_by = now, actor
        record.save(update_fields=["undone_at", "undone_by"])
        if record.candidate_id is not None:
            MatchCandidate.objects.filter(pk=record.candidate_id).update(
                status=CandidateStatus.PENDING, decided_by=None, decided_at=None)
        log_write(actor=actor, institution=actor_institution(actor), action="programme.official.unmerge",
                  case_type="programme.official", case_id=record.survivor_id, now=now, event="merge_undone",
                  details={"merge": str(record.id), "merged": str(record.merged_id)})
    return record


def decide_candidate(*, actor: User, candidate_id: int, same_person: bool) -> MatchCandidate:
    """A coordinator's review: merge the pair (the older record survives) or mark it as two people."""
    now = timezone.now()
    policy.require(actor, "programme.officials")
    with transaction.atomic():
        candidate = MatchCandidate.objects.select_for_update().filter(pk=candidate_id).first()
        if candidate is None:
            raise policy.NotFoundError
        if candidate.status != CandidateStatus.PENDING:
            raise RefusedError(Refusal(code="already_decided", message=_("This pair has already been decided.")))
        if same_person:
            pair = sorted(Official.objects.filter(pk__in=[candidate.official_a_id, candidate.official_b_id]),
                          key=lambda o: (o.created_at, str(o.pk)))
            merge(actor=actor, survivor_id=pair[0].pk, merged_id=pair[1].pk, candidate=candidate)
            candidate.refresh_from_db()
            return candidate
        candidate.status, candidate.decided_by, candidate.decided_at = CandidateStatus.REJECTED, actor, now
        candidate.save()
        log_write(actor=actor, institution=actor_institution(actor), action="programme.candidate.reject",
                  case_type="programme.official", case_id=candidate.official_a_id, now=now,
                  details={"candidate": candidate.pk})
    return candidate


@dataclass(frozen=True)
class ScanResult:
    merged: int
    queued: int


def scan(*, actor: User) -> ScanResult:
    """Batch deduplication of the registry: confident pairs merge (the older record survives),
    uncertain pairs go to the review queue; pairs already rejected are left alone."""
    policy.require(actor, "programme.officials")
    officials = sorted(live_officials(), key=lambda o: (o.created_at, str(o.pk)))
    registry = Registry([])
    rejected = set(MatchCandidate.objects.filter(status=CandidateStatus.REJECTED)
                   .values_list("official_a_id", "official_b_id"))
    merged = queued = 0
    full = Registry(officials)
    for official in officials:
        profile = full.profiles[official.id]
        found = [(other, decision) for other, decision in registry.candidates(profile)
                 if tuple(sorted([other, official.id], key=str)) not in rejected]
        matches = [other for other, decision in found if decision.outcome == MATCH]
        if len(matches) == 1:
            merge(actor=actor, survivor_id=matches[0], merged_id=official.id, automatic=True)
            registry.add(matches[0], profile)
            merged += 1
            continue
        for other, decision in found:
            candidate = queue(other, official.id, decision)
            queued += int(candidate.status == CandidateStatus.PENDING)
        registry.add(official.id, profile)
    return ScanResult(merged=merged, queued=queued)
