"""Readers of the review queue and of merges, for the pages and the API: every list filtered by
the same rule as its detail page (both persons of a pair within the reader's reach), and every
read of two person records in full audited, with ids only."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.audit import services as audit
from korak.identity.linkage import LINK_THRESHOLD, REVIEW_THRESHOLD
from korak.identity.linkage.compare import COMPARISONS
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.organisations.models import Institution, User
from korak.people import queries as people
from korak.people import rules as people_rules
from korak.people.models import Person

REVIEW = "identity.review"

# Score bands of the queue filter: (lowest score, highest score excluded, label).
BANDS: dict[str, tuple[float, float | None, Any]] = {
    "high": (0.9, None, _("0.9 and above")),
    "likely": (LINK_THRESHOLD, 0.9, format_lazy(_("likely: {low} to 0.9"), low=LINK_THRESHOLD)),
    "uncertain": (REVIEW_THRESHOLD, LINK_THRESHOLD, format_lazy(_("uncertain: below {high}"), high=LINK_THRESHOLD)),
}

# The agreement levels of korak.identity.linkage.compare, in plain words for the reviewer.
_NAME_WORDS = (_("different"), _("faintly alike"), _("alike (perhaps a typo)"),
               _("one of the name parts agrees after transliteration"),
               _("the same name in another spelling, script or known variant"), _("identical after transliteration"))
_DATE_WORDS = (_("different"), _("the same year only"), _("close: two digits differ, or one year apart"),
               _("day and month swapped, or one digit differs"),
               _("compatible: one side knows only the year or month, or uses 1 January"),
               _("the same partial date"), _("identical"))
_FLAG_WORDS = (_("different"), _("the same"))
_WORDS = {"given_name": _NAME_WORDS, "family_name": _NAME_WORDS, "birth_date": _DATE_WORDS, "sex": _FLAG_WORDS,
          "nationality": _FLAG_WORDS}
FIELD_LABELS = {"given_name": _("Given names"), "family_name": _("Family name"), "birth_date": _("Birth date"),
                "sex": _("Sex"), "nationality": _("Nationality")}


@dataclass(frozen=True)
class Agreement:
    field: str
    label: str
    level: str  # as stored (the comparison's own words)
    words: str  # in plain words, in the reader's language
    strength: int  # 0 = different ... highest = identical; -1 = not known on a side


def explain(levels: dict[str, str]) -> list[Agreement]:
    """MatchCandidate.levels in plain words, in the order of the comparisons."""
    rows = []
    for field, scale in COMPARISONS.items():
        level = levels.get(field, "unknown")
        strength = scale.index(level) if level in scale else -1
        words = str(_WORDS[field][strength]) if strength >= 0 else str(_("not known on one side"))
        rows.append(Agreement(field=field, label=str(FIELD_LABELS[field]), level=level, words=words,
                              strength=strength))
    return rows


def reviewer_institutions(actor: User, action: str = REVIEW) -> QuerySet[Institution]:
    return policy.visible(actor, Institution.objects.order_by("name"), action)


def _both_visible(actor: User, candidates: QuerySet[MatchCandidate], action: str) -> QuerySet[MatchCandidate]:
    # The policy scopes a pair by its first person; the pair page also needs the second one.
    reach = reviewer_institutions(actor, action).values("pk")
    return policy.visible(actor, candidates, action).filter(person_b__registering_institution_id__in=reach)


def candidates(actor: User, *, band: str = "", institution_id: UUID | None = None) -> QuerySet[MatchCandidate]:
    """The pairs the reviewer may decide, any status, filtered by score band and institution."""
    found = _both_visible(actor, MatchCandidate.objects.all(), REVIEW)
    if band in BANDS:
        low, high, _label = BANDS[band]
        found = found.filter(score__gte=low) if high is None else found.filter(score__gte=low, score__lt=high)
    if institution_id is not None:
        found = found.filter(Q(person_a__registering_institution_id=institution_id)
                             | Q(person_b__registering_institution_id=institution_id))
    return found


def queue(actor: User, *, status: str = ReviewStatus.PENDING, band: str = "",
          institution_id: UUID | None = None) -> QuerySet[MatchCandidate]:
    """The queue, best score first; `status` "" means every status."""
    found = candidates(actor, band=band, institution_id=institution_id)
    if status:
        found = found.filter(status=status)
    return (found.select_related("person_a__registering_institution", "person_b__registering_institution",
                                 "decided_by").order_by("-score", "id"))


def totals(actor: User, *, band: str = "", institution_id: UUID | None = None) -> dict[str, int]:
    """How many pairs per status, under the same filters (the status filter aside)."""
    counted = dict(candidates(actor, band=band, institution_id=institution_id).order_by()
                   .values_list("status").annotate(count=Count("id")).values_list("status", "count"))
    return {status.value: counted.get(status.value, 0) for status in ReviewStatus}


@dataclass(frozen=True)
class Side:
    person: Person
    birth_date: str
    nationalities: list[str]
    documents: int
    merged_into: PersonMerge | None  # an open merge that makes this person a duplicate of another


@dataclass(frozen=True)
class Pair:
    candidate: MatchCandidate
    a: Side
    b: Side
    agreements: list[Agreement]


def _side(actor: User, person_id: UUID) -> Side:
    # people.queries.get_person audits the read (who read which id), as the person's own page does.
    person = people.get_person(actor=actor, person_id=person_id, action=REVIEW)
    return Side(person=person,
                birth_date=people_rules.birth_date_display(person.birth_year, person.birth_month, person.birth_day),
                nationalities=sorted(str(n.country) for n in person.nationalities.all()),
                documents=len(person.documents.all()),
                merged_into=PersonMerge.objects.filter(merged=person, undone_at__isnull=True).first())


def get_pair(actor: User, candidate_id: UUID | str) -> Pair:
    """One queued pair with both persons in full: NotFound unless both are within reach."""
    candidate = policy.get_for(actor, MatchCandidate.objects.select_related("decided_by"), candidate_id, REVIEW)
    policy.get_for(actor, Person, candidate.person_b_id, REVIEW)
    pair = Pair(candidate=candidate, a=_side(actor, candidate.person_a_id), b=_side(actor, candidate.person_b_id),
                agreements=explain(candidate.levels))
    audit.record(actor=str(actor.pk), institution=str(pair.a.person.registering_institution_id),
                 action="identity.candidate.read", object_type="match_candidate", object_id=str(candidate.pk),
                 details={"persons": [str(candidate.person_a_id), str(candidate.person_b_id)]})
    return pair


def open_merge_of(candidate: MatchCandidate) -> PersonMerge | None:
    return PersonMerge.objects.filter(candidate=candidate, undone_at__isnull=True).first()


def merges(actor: User, *, person_id: UUID | None = None, open_only: bool = False) -> QuerySet[PersonMerge]:
    """Merges whose both persons are within the reader's reach, latest first; a person's merge
    history with `person_id`."""
    reach = reviewer_institutions(actor).values("pk")
    found = policy.visible(actor, PersonMerge.objects.all(), REVIEW).filter(
        merged__registering_institution_id__in=reach)
    if person_id is not None:
        found = found.filter(Q(survivor_id=person_id) | Q(merged_id=person_id))
    if open_only:
        found = found.filter(undone_at__isnull=True)
    return found.select_related("survivor", "merged", "merged_by", "undone_by").order_by("-merged_at", "id")


def get_merge(actor: User, merge_id: UUID | str) -> PersonMerge:
    """One merge with both snapshots (personal data): the read is audited, with ids only."""
    merge = policy.get_for(actor, PersonMerge.objects.select_related("survivor", "merged", "merged_by",
                                                                     "undone_by", "candidate"), merge_id, REVIEW)
    policy.get_for(actor, Person, merge.merged_id, REVIEW)
    audit.record(actor=str(actor.pk), institution=str(merge.survivor.registering_institution_id),
                 action="identity.merge.read", object_type="person_merge", object_id=str(merge.pk),
                 details={"persons": [str(merge.survivor_id), str(merge.merged_id)]})
    return merge


def snapshot_rows(merge: PersonMerge) -> list[tuple[str, str, str, bool]]:
    """Both snapshots side by side: (field, survivor's value, merged person's value, differ)."""
    survivor, merged = merge.snapshot.get("survivor", {}), merge.snapshot.get("merged", {})
    labels = {"given_name": _("Given names"), "family_name": _("Family name"),
              "given_name_latin": _("Given names (Latin)"), "family_name_latin": _("Family name (Latin)"),
              "name_script": _("Script"), "sex": _("Sex"), "birth_year": _("Year of birth"),
              "birth_month": _("Month of birth"), "birth_day": _("Day of birth"),
              "place_of_birth": _("Place of birth"), "country_of_birth": _("Country of birth"),
              "nationalities": _("Nationalities"), "languages": _("Languages"), "documents": _("Documents"),
              "registering_institution_id": _("Registering institution"), "version": _("Version")}

    def shown(field: str, value: object) -> str:
        if field == "documents" and isinstance(value, list):
            return str(len(value))
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return "" if value is None else str(value)

    institutions = dict(Institution.objects.filter(
        pk__in=[side.get("registering_institution_id") for side in (survivor, merged)]).values_list("pk", "name"))
    names = {str(pk): name for pk, name in institutions.items()}
    rows = []
    for field, label in labels.items():
        left, right = shown(field, survivor.get(field)), shown(field, merged.get(field))
        if field == "registering_institution_id":
            left, right = names.get(left, left), names.get(right, right)
        rows.append((str(label), left, right, left != right))
    return rows
