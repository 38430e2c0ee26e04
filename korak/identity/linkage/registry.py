"""Deduplication of this node's registry, and the audited decisions on what it finds.

`dedupe_registry` scores every pair the blocking rules propose among the registered persons
(those not already merged away) and queues each pair above the review threshold as a
MatchCandidate; an officer decides it (`decide_candidate`), a supervisor merges (`merge_persons`)
and may undo the merge (`unmerge_persons`). A merge edits and deletes nothing: it is a
PersonMerge row holding both persons' values as they stood, so every original record stays
and an un-merge restores the registry exactly. Each write records an audit entry (ids,
scores and counts only, never a name) and a case event on the persons concerned."""

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from korak import policy
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError
from korak.events.services import record_event
from korak.identity.linkage import LINK_THRESHOLD, REVIEW_THRESHOLD, pipeline
from korak.identity.linkage.compare import COMPARISONS, Comparator
from korak.identity.linkage.records import Person as Row
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.organisations.models import User
from korak.people.models import Nationality, Person

CASE_TYPE = "person"
_SEX = {"male": "M", "female": "F"}


REASON_MAX_LENGTH = 500  # PersonMerge.reason and undo_reason


class MergeRefusedError(RefusedError):
    """A decision, merge or un-merge that the registry's state forbids (409), or input it cannot
    take (422, naming the field). The message is in the user's language and names the reason."""

    def __init__(self, message: str, *, field: str = "", status: int = 409, code: str = "refused") -> None:
        super().__init__(Refusal(code, message, fields={field: [message]} if field else {}), status=status)

    def __str__(self) -> str:
        return str(self.refusal.message)


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise MergeRefusedError(_("Give a reason."), field="reason", status=422, code="invalid")
    if len(reason) > REASON_MAX_LENGTH:
        raise MergeRefusedError(_("Enter at most %(count)s characters.") % {"count": REASON_MAX_LENGTH},
                                field="reason", status=422, code="invalid")
    return reason


def _rows(persons: list[Person]) -> list[Row]:
    nationality: dict[UUID, str] = {}
    for person_id, country in Nationality.objects.order_by("country").values_list("person_id", "country"):
        nationality.setdefault(person_id, str(country))
    return [Row(id=str(p.pk), given_name=p.given_name, family_name=p.family_name, year=p.birth_year or 0,
                month=p.birth_month or 0, day=p.birth_day or 0, sex=_SEX.get(p.sex, ""),
                nationality=nationality.get(p.pk, "")) for p in persons]


@dataclass(frozen=True)
class DedupeRun:
    run: str
    persons: int
    candidates: int
    queued: int
    likely: int
    clusters: int
    seconds: dict[str, float]


def merged_away() -> "set[UUID]":
    return set(PersonMerge.objects.filter(undone_at__isnull=True).values_list("merged_id", flat=True))


def dedupe_registry(*, actor: str = "cli", review_threshold: float = REVIEW_THRESHOLD,
                    progress: pipeline.Progress | None = None, engine: str = "korak") -> DedupeRun:
    """Score the registry and queue the uncertain and likely pairs. Pairs already in the queue keep
    their decision; their score is refreshed."""
    say = progress or (lambda _message: None)
    away = merged_away()
    persons = [p for p in Person.objects.order_by("created_at", "id") if p.pk not in away]
    say(f"registry: {len(persons)} persons ({len(away)} merged away)")
    scored = pipeline.dedupe(_rows(persons), progress=say, engine=engine)
    a, b, score = scored.above(review_threshold)
    levels, _, _ = Comparator(scored.canon).levels(a, b) if a.size else (np.zeros((0, 5), np.int8), None, None)
    run = uuid.uuid4().hex[:12]
    names = list(COMPARISONS)
    with transaction.atomic():
        existing = {(c.person_a_id, c.person_b_id): c for c in MatchCandidate.objects.select_for_update()}
        new, changed = [], []
        for i, j, s, row in zip(a.tolist(), b.tolist(), score.tolist(), levels.tolist(), strict=True):
            first, second = sorted((persons[i].pk, persons[j].pk), key=str)
            explained = {names[k]: (COMPARISONS[names[k]][level] if level >= 0 else "unknown")
                         for k, level in enumerate(row)}
            found = existing.get((first, second))
            if found is None:
                new.append(MatchCandidate(person_a_id=first, person_b_id=second, score=round(s, 4), levels=explained,
                                          run=run))
            else:
                found.score, found.levels, found.run = round(s, 4), explained, run
                changed.append(found)
        MatchCandidate.objects.bulk_create(new, batch_size=1000)
        MatchCandidate.objects.bulk_update(changed, ["score", "levels", "run"], batch_size=1000)
        likely_a, likely_b, _ = scored.above(LINK_THRESHOLD)
        clusters = pipeline.clusters(scored.canon.size, likely_a, likely_b)
        groups = int((np.bincount(clusters) >= 2).sum())
        summary = DedupeRun(run=run, persons=len(persons), candidates=int(scored.candidates),
                            queued=len(new) + len(changed),
                            likely=int(likely_a.size), clusters=groups, seconds=scored.seconds)
        audit.record(actor=actor, institution="", action="identity.dedupe.run", object_type="dedupe_run",
                     object_id=run, details={"persons": summary.persons, "candidates": summary.candidates,
                                             "queued": summary.queued, "likely": summary.likely,
                                             "engine": engine})
    return summary


def decide_candidate(*, actor: User, candidate_id: UUID, same_person: bool,
                     expected_status: str | None = None) -> MatchCandidate:
    """An officer's verdict on a queued pair: the same person, or two different persons. With
    `expected_status` (the status the officer saw), a verdict given meanwhile by someone else is
    refused rather than overwritten."""
    now = timezone.now()
    with transaction.atomic():
        # Lock the pair: two officers deciding at once must not both succeed unseen.
        candidate = policy.get_for(actor, MatchCandidate.objects.select_for_update(), candidate_id, "identity.review")
        # The second person must be within the officer's reach too.
        policy.get_for(actor, Person, candidate.person_b_id, "identity.review")
        if expected_status is not None and expected_status != candidate.status:
            raise MergeRefusedError(
                _("Someone else decided this pair meanwhile (now: %(status)s). Nothing was saved: check the pair "
                  "and decide again.") % {"status": ReviewStatus(candidate.status).label},
                field="expected_status", status=412, code="stale_version")
        if candidate.status == ReviewStatus.MERGED:
            raise MergeRefusedError(_("The pair is merged; undo the merge first."))
        before = candidate.status
        candidate.status = ReviewStatus.CONFIRMED if same_person else ReviewStatus.REJECTED
        candidate.decided_by, candidate.decided_at = actor, now
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
        institution = Person.objects.filter(pk=candidate.person_a_id).values_list("registering_institution_id",
                                                                                 flat=True).get()
        audit.record(actor=str(actor.pk), institution=str(institution), action="identity.candidate.decide",
                     object_type="match_candidate", object_id=str(candidate.pk), occurred_at=now,
                     details={"from": before, "to": candidate.status, "score": candidate.score})
    return candidate


_SNAPSHOT_FIELDS = ("given_name", "family_name", "given_name_latin", "family_name_latin", "name_script", "sex",
                    "birth_year", "birth_month", "birth_day", "place_of_birth", "country_of_birth", "languages",
                    "registering_institution_id", "version")


def snapshot(person: Person) -> dict[str, Any]:
    """A person's own values, as JSON (for the merge row; compared again by tests after an un-merge)."""
    values = {name: getattr(person, name) for name in _SNAPSHOT_FIELDS}
    values["country_of_birth"] = str(values["country_of_birth"] or "")
    values["registering_institution_id"] = str(values["registering_institution_id"])
    values["nationalities"] = sorted(str(c) for c in person.nationalities.values_list("country", flat=True))
    values["documents"] = list(person.documents.order_by("pk").values_list("pk", flat=True))
    return values


def _event(*, type: str, person: Person, actor: User, now: Any, payload: dict[str, Any]) -> None:
    record_event(type=type, case_type=CASE_TYPE, case_id=person.pk, actor=actor,
                 institution=person.registering_institution, occurred_at=now, recorded_at=now, payload=payload)


def _pair_candidate(actor: User, survivor: Person, merged: Person, candidate_id: UUID | None) -> MatchCandidate | None:
    """The queued pair of these two persons, locked; a merge needs it confirmed when there is one."""
    candidate: MatchCandidate | None
    if candidate_id is not None:
        candidate = policy.get_for(actor, MatchCandidate.objects.select_for_update(), candidate_id, "identity.review")
        if {candidate.person_a_id, candidate.person_b_id} != {survivor.pk, merged.pk}:
            raise MergeRefusedError(_("The review pair names other persons."), field="survivor_id", status=422,
                                    code="invalid")
    else:
        pair = (Q(person_a=survivor.pk, person_b=merged.pk) | Q(person_a=merged.pk, person_b=survivor.pk))
        candidate = MatchCandidate.objects.select_for_update().filter(pair).first()
    if candidate is None:
        return None
    if candidate.status == ReviewStatus.REJECTED:
        raise MergeRefusedError(_("This pair was judged to be different persons; it cannot be merged unless "
                                  "someone decides it again."))
    if candidate.status == ReviewStatus.PENDING:
        raise MergeRefusedError(_("Confirm first that the pair is the same person."))
    if candidate.status == ReviewStatus.MERGED:
        raise MergeRefusedError(_("One of the persons is already merged into another."))
    return candidate


def merge_persons(*, actor: User, survivor_id: UUID, merged_id: UUID, reason: str,
                  candidate_id: UUID | None = None) -> PersonMerge:
    """Record that `merged` is the same person as `survivor`. Both records stay as they are. A pair
    that batch deduplication queued must have been confirmed as one person first."""
    now = timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        survivor = policy.get_for(actor, Person.objects.select_for_update(), survivor_id, "identity.merge")
        merged = policy.get_for(actor, Person.objects.select_for_update(), merged_id, "identity.merge")
        if survivor.pk == merged.pk:
            raise MergeRefusedError(_("A person cannot be merged into itself."), field="survivor_id", status=422,
                                    code="invalid")
        active = PersonMerge.objects.filter(undone_at__isnull=True)
        if active.filter(merged__in=[survivor.pk, merged.pk]).exists():
            raise MergeRefusedError(_("One of the persons is already merged into another."))
        if active.filter(survivor=merged.pk).exists():
            raise MergeRefusedError(_("Refused: other persons are merged into this one; merge into their survivor."))
        candidate = _pair_candidate(actor, survivor, merged, candidate_id)
        if candidate is not None:
            candidate.status, candidate.decided_by, candidate.decided_at = ReviewStatus.MERGED, actor, now
            candidate.save(update_fields=["status", "decided_by", "decided_at"])
        merge = PersonMerge.objects.create(survivor=survivor, merged=merged, candidate=candidate, reason=reason,
                                           snapshot={"survivor": snapshot(survivor), "merged": snapshot(merged)},
                                           merged_by=actor, merged_at=now)
        for person in (survivor, merged):
            _event(type="person_merged", person=person, actor=actor, now=now,
                   payload={"merge": str(merge.pk), "survivor": str(survivor.pk), "merged": str(merged.pk)})
        audit.record(actor=str(actor.pk), institution=str(survivor.registering_institution_id),
                     action="identity.person.merge", object_type="person", object_id=str(merged.pk),
                     occurred_at=now, details={"merge": str(merge.pk), "survivor": str(survivor.pk),
                                               "candidate": str(candidate.pk) if candidate else None})
    return merge


def unmerge_persons(*, actor: User, merge_id: UUID, reason: str) -> PersonMerge:
    """Undo a merge: the merged person is a person of its own again; the merge row stays, closed."""
    now = timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        # Lock the merge: two supervisors undoing it at once must not both succeed.
        merge = policy.get_for(actor, PersonMerge.objects.select_for_update(), merge_id, "identity.merge")
        merged = policy.get_for(actor, Person, merge.merged_id, "identity.merge")
        if merge.undone_at is not None:
            raise MergeRefusedError(_("The merge is already undone."))
        merge.undone_at, merge.undone_by, merge.undo_reason = now, actor, reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        if merge.candidate_id is not None:
            # Back to the queue, undecided: whoever decided it before is in the audit log.
            MatchCandidate.objects.filter(pk=merge.candidate_id).update(status=ReviewStatus.PENDING, decided_by=None,
                                                                        decided_at=None)
        for person in (merge.survivor, merged):
            _event(type="person_unmerged", person=person, actor=actor, now=now, payload={"merge": str(merge.pk)})
        audit.record(actor=str(actor.pk), institution=str(merge.survivor.registering_institution_id),
                     action="identity.person.unmerge", object_type="person", object_id=str(merged.pk),
                     occurred_at=now, details={"merge": str(merge.pk)})
    return merge
