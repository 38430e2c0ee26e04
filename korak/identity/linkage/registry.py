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
from django.utils import timezone

from korak import policy
from korak.audit import services as audit
from korak.events.services import record_event
from korak.identity.linkage import LINK_THRESHOLD, REVIEW_THRESHOLD, pipeline
from korak.identity.linkage.compare import COMPARISONS, Comparator
from korak.identity.linkage.records import Person as Row
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.organisations.models import User
from korak.people.models import Nationality, Person

CASE_TYPE = "person"
_SEX = {"male": "M", "female": "F"}


class MergeRefusedError(ValueError):
    """A merge or un-merge that the registry's state forbids (the message names the reason)."""


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
                    progress: pipeline.Progress | None = None) -> DedupeRun:
    """Score the registry and queue the uncertain and likely pairs. Pairs already in the queue keep
    their decision; their score is refreshed."""
    say = progress or (lambda _message: None)
    away = merged_away()
    persons = [p for p in Person.objects.order_by("created_at", "id") if p.pk not in away]
    say(f"registry: {len(persons)} persons ({len(away)} merged away)")
    scored = pipeline.dedupe(_rows(persons), progress=say)
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
        summary = DedupeRun(run=run, persons=len(persons), candidates=int(scored.a.size),
                            queued=len(new) + len(changed),
                            likely=int(likely_a.size), clusters=groups, seconds=scored.seconds)
        audit.record(actor=actor, institution="", action="identity.dedupe.run", object_type="dedupe_run",
                     object_id=run, details={"persons": summary.persons, "candidates": summary.candidates,
                                             "queued": summary.queued, "likely": summary.likely})
    return summary


def decide_candidate(*, actor: User, candidate_id: UUID, same_person: bool) -> MatchCandidate:
    """An officer's verdict on a queued pair: the same person, or two different persons."""
    now = timezone.now()
    with transaction.atomic():
        candidate = policy.get_for(actor, MatchCandidate.objects.select_for_update(), candidate_id, "identity.review")
        # The second person must be within the officer's reach too.
        policy.get_for(actor, Person, candidate.person_b_id, "identity.review")
        if candidate.status not in (ReviewStatus.PENDING, ReviewStatus.CONFIRMED, ReviewStatus.REJECTED):
            raise MergeRefusedError("the pair is merged; undo the merge first")
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


def merge_persons(*, actor: User, survivor_id: UUID, merged_id: UUID, reason: str,
                  candidate_id: UUID | None = None) -> PersonMerge:
    """Record that `merged` is the same person as `survivor`. Both records stay as they are."""
    now = timezone.now()
    reason = reason.strip()
    if not reason:
        raise MergeRefusedError("a merge needs a reason")
    with transaction.atomic():
        survivor = policy.get_for(actor, Person.objects.select_for_update(), survivor_id, "identity.merge")
        merged = policy.get_for(actor, Person.objects.select_for_update(), merged_id, "identity.merge")
        if survivor.pk == merged.pk:
            raise MergeRefusedError("a person cannot be merged into itself")
        active = PersonMerge.objects.filter(undone_at__isnull=True)
        if active.filter(merged__in=[survivor.pk, merged.pk]).exists():
            raise MergeRefusedError("one of the persons is already merged into another")
        if active.filter(survivor=merged.pk).exists():
            raise MergeRefusedError("other persons are merged into this one; merge into their survivor")
        candidate = None
        if candidate_id is not None:
            candidate = policy.get_for(actor, MatchCandidate.objects.select_for_update(), candidate_id,
                                       "identity.review")
            if {candidate.person_a_id, candidate.person_b_id} != {survivor.pk, merged.pk}:
                raise MergeRefusedError("the review pair names other persons")
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
    reason = reason.strip()
    if not reason:
        raise MergeRefusedError("an un-merge needs a reason")
    with transaction.atomic():
        merge = policy.get_for(actor, PersonMerge.objects.select_for_update(), merge_id, "identity.merge")
        merged = policy.get_for(actor, Person, merge.merged_id, "identity.merge")
        if merge.undone_at is not None:
            raise MergeRefusedError("the merge is already undone")
        merge.undone_at, merge.undone_by, merge.undo_reason = now, actor, reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        if merge.candidate_id is not None:
            MatchCandidate.objects.filter(pk=merge.candidate_id).update(status=ReviewStatus.PENDING)
        for person in (merge.survivor, merged):
            _event(type="person_unmerged", person=person, actor=actor, now=now, payload={"merge": str(merge.pk)})
        audit.record(actor=str(actor.pk), institution=str(merge.survivor.registering_institution_id),
                     action="identity.person.unmerge", object_type="person", object_id=str(merged.pk),
                     occurred_at=now, details={"merge": str(merge.pk)})
    return merge
