"""The programme's indicators computed from the database: a handful of aggregate queries that
return one row per person (never one per attendance), handed to the pure rules in
`korak.programme.indicator_rules`, where each figure's counting rule is written.

The queries group by the *survivor* of a merge (`COALESCE(merged_into, id)`), so a merged
official counts once; `indicator_rules.survivor_of` then folds any longer merge chain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.organisations.models import Institution, User
from korak.programme import indicator_rules as rules
from korak.programme.models import (
    Activity,
    ActivityKind,
    Attendance,
    Official,
    OfficialSex,
    Participation,
    ParticipationStatus,
    Programme,
    SessionPart,
    Survey,
    SurveyKind,
    SurveyResponse,
)

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Definition:
    code: str
    name: str | Promise
    rule: str | Promise


# The indicators in the order of the export and the report, each with its counting rule.
DEFINITIONS: tuple[Definition, ...] = (
    Definition("activities", _("Activities"), _(
        "Activities of the programme, each counted once: by kind, by the country it took place in (a regional "
        "activity such as a campaign has none) and by the quarter it started in.")),
    Definition("participations", _("Participations"), _(
        "Participations with attendance at one or more sessions, in any activity. A person at two activities counts "
        "twice; an official merged into another counts for the survivor, and once per activity.")),
    Definition("unique_participants", _("Unique participants"), _(
        "Persons who attended at least one session of any activity, each counted once (merged records follow "
        "the record they were merged into).")),
    Definition("training_participations", _("Participants in training activities"), _(
        "Donor output indicator: participations with attendance in activities of kind training; a person at two "
        "trainings counts twice.")),
    Definition("training_participants", _("Unique participants in training activities"), _(
        "The same, counting each person once.")),
    Definition("person_days", _("Person-days of training"), _(
        "Distinct sessions of training activities attended, per person: a full-day session counts 1, a half-day "
        "0.5. A session attended twice (check-in and sign-in sheet) counts once.")),
    Definition("useful", _("Participants who consider the training useful for their work"), _(
        "Donor result indicator: answers 4 (useful) or 5 (very useful) on the 1-5 scale of the end-of-training "
        "survey. Shown as a share of respondents and of attendees of the surveyed trainings, with the response "
        "rate; non-respondents are not counted. Anonymous answers count under \"not recorded\".")),
    Definition("uses_skills", _("Participants who use the skills three months later"), _(
        "Donor result indicator: \"yes\" to \"do you use the skills acquired\" in the follow-up survey sent "
        "90 days after the training (one reminder 7 days later). Answers more than 30 days from day 90 are kept "
        "but not counted. Shares of respondents and of attendees of trainings whose follow-up was sent.")),
)
DEFINITION = {definition.code: definition for definition in DEFINITIONS}
PERSON_FIGURES = ("participations", "unique_participants", "training_participations", "training_participants",
                  "person_days")
SURVEY_FIGURES = ("useful", "uses_skills")


@dataclass(frozen=True)
class Indicators:
    programme: Programme
    activities: rules.ActivityCounts
    figures: Mapping[str, rules.Figure]
    surveys: Mapping[str, rules.SurveyIndicator]
    # Readable names of the buckets: institution ids -> "Ministry → Service", country codes stay codes.
    institution_labels: Mapping[str, str] = field(default_factory=dict)
    countries: tuple[str, ...] = ()  # countries of the participants' institutions, sorted

    def reconciles(self) -> bool:
        return (self.activities.reconciles() and all(f.reconciles() for f in self.figures.values())
                and all(s.reconciles() for s in self.surveys.values()))


def for_actor(*, actor: User, programme_id: UUID | None = None) -> Indicators:
    """The indicators a statistician or coordinator reads; figures only, no person."""
    policy.require(actor, "programme.indicators")
    return compute(programme=resolve_programme(programme_id))


def resolve_programme(programme_id: UUID | str | None) -> Programme:
    """The programme asked for, or the only one when none is named."""
    if programme_id is None:
        programmes = list(Programme.objects.all()[:2])
        if len(programmes) != 1:
            raise LookupError("name the programme: there are several" if programmes else "there is no programme")
        return programmes[0]
    try:
        found = Programme.objects.filter(pk=UUID(str(programme_id))).first()
    except ValueError:
        found = Programme.objects.filter(code=str(programme_id)).first()
    if found is None:
        raise LookupError("no such programme")
    return found


def _institution_labels() -> dict[str, str]:
    rows = {row["id"]: row for row in Institution.objects.values("id", "name", "parent_id")}
    labels: dict[str, str] = {}
    for key, row in rows.items():
        chain, current, seen = [row["name"]], row, {key}
        while current["parent_id"] is not None and current["parent_id"] not in seen:
            seen.add(current["parent_id"])
            current = rows[current["parent_id"]]
            chain.append(current["name"])
        labels[str(key)] = " → ".join(reversed(chain))
    return labels


def _merged_rows_present(programme: Programme) -> bool:
    merged = Q(official__merged_into__isnull=False)
    return (Participation.objects.filter(merged, activity__programme=programme).exists()
            or Attendance.objects.filter(merged, session__activity__programme=programme).exists()
            or SurveyResponse.objects.filter(merged, survey__activity__programme=programme).exists())


def compute(*, programme: Programme) -> Indicators:
    """All indicators of one programme, live: ten queries at most, whatever the number of attendances."""
    facts = [rules.ActivityFact(kind, country or "", starts_on) for kind, country, starts_on in
             Activity.objects.filter(programme=programme).values_list("kind", "country", "starts_on")]
    activities = rules.count_activities(facts)

    officials = {row["id"]: row for row in Official.objects.values("id", "merged_into_id", "sex", "country",
                                                                    "institution_id")}
    merged_into = {key: row["merged_into_id"] for key, row in officials.items()}
    # A merge moves the merged record's rows to the survivor, so normally no row belongs to a
    # merged record and plain counts per official are exact. Only when some row still does
    # (rows written before a merge that did not move them) are the rows folded onto the
    # survivor and counted distinct per activity and session, which costs more.
    folded = _merged_rows_present(programme)
    survivor: Any = Coalesce("official__merged_into_id", "official_id") if folded else F("official_id")

    def count(field: str, **extra: Any) -> Count:
        return Count(field, distinct=True, **extra) if folded else Count("pk", **extra)
    training = Q(activity__kind=ActivityKind.TRAINING)
    asked: dict[str, list[UUID]] = {SurveyKind.SATISFACTION: [], SurveyKind.FOLLOW_UP: []}
    for activity_id, kind in (Survey.objects.filter(activity__programme=programme, activity__kind=ActivityKind.TRAINING)
                              .filter(Q(kind=SurveyKind.SATISFACTION) | Q(kind=SurveyKind.FOLLOW_UP,
                                                                          sent_at__isnull=False))
                              .values_list("activity_id", "kind")):
        asked[kind].append(activity_id)

    values: dict[Any, dict[str, Decimal | int]] = defaultdict(dict)

    def add(person: Any, name: str, amount: Decimal | int) -> None:
        key = rules.survivor_of(person, merged_into) if person is not None else None
        values[key][name] = values[key].get(name, 0) + amount

    participation_counts = {
        "participations": count("activity"),
        "training_participations": count("activity", filter=training),
    }
    for kind, name in ((SurveyKind.SATISFACTION, "asked_useful"), (SurveyKind.FOLLOW_UP, "asked_skills")):
        ids = asked.get(kind, [])
        if ids:
            participation_counts[name] = count("activity", filter=training & Q(activity_id__in=ids))
    for row in (Participation.objects.filter(activity__programme=programme, status=ParticipationStatus.ATTENDED)
                .annotate(survivor=survivor).values("survivor").annotate(**participation_counts).order_by()):
        counted: dict[str, Any] = dict(row)
        for name in participation_counts:
            add(counted["survivor"], name, counted[name])

    half_day = ~Q(session__part=SessionPart.DAY)
    for row in (Attendance.objects.filter(session__activity__programme=programme,
                                          session__activity__kind=ActivityKind.TRAINING)
                .annotate(survivor=survivor).values("survivor")
                .annotate(days=count("session", filter=~half_day), halves=count("session", filter=half_day))
                .order_by()):
        add(row["survivor"], "person_days", rules.person_days({"day": row["days"], "am": row["halves"]}))

    answers = (SurveyResponse.objects
               .filter(survey__activity__programme=programme, survey__activity__kind=ActivityKind.TRAINING,
                       counted=True)
               .filter(Q(survey__kind=SurveyKind.SATISFACTION, useful__isnull=False)
                       | Q(survey__kind=SurveyKind.FOLLOW_UP, uses_skills__isnull=False, survey__sent_at__isnull=False))
               .annotate(survivor=survivor).values("survivor", "survey__kind")
               .annotate(activities=count("survey__activity"), answers=Count("id"),
                         positive_activities=count("survey__activity",
                                                   filter=Q(useful__gte=rules.USEFUL_FROM) | Q(uses_skills=True)),
                         positive_answers=Count("id", filter=Q(useful__gte=rules.USEFUL_FROM) | Q(uses_skills=True)))
               .order_by())
    for row in answers:
        # A linked answer counts once per person and activity; anonymous answers one by one.
        linked = row["survivor"] is not None
        prefix = "useful" if row["survey__kind"] == SurveyKind.SATISFACTION else "skills"
        add(row["survivor"], f"responded_{prefix}", row["activities"] if linked else row["answers"])
        add(row["survivor"], f"positive_{prefix}",
            row["positive_activities"] if linked else row["positive_answers"])

    person_rows = []
    for key, measures in values.items():
        official = officials.get(key) if key is not None else None
        person_rows.append(rules.PersonRow(
            key=key if key is not None else ANONYMOUS,
            sex=official["sex"] if official else OfficialSex.NOT_RECORDED,
            country=official["country"] if official else "",
            institution=str(official["institution_id"]) if official else "",
            values=measures,
        ))
    figures = {
        "participations": rules.tally(person_rows, "participations"),
        "unique_participants": rules.tally(person_rows, rules.counts_if_positive("participations")),
        "training_participations": rules.tally(person_rows, "training_participations"),
        "training_participants": rules.tally(person_rows, rules.counts_if_positive("training_participations")),
        "person_days": rules.tally(person_rows, "person_days"),
    }
    surveys = {
        "useful": rules.survey_indicator(person_rows, attendees="asked_useful", respondents="responded_useful",
                                         positive="positive_useful"),
        "uses_skills": rules.survey_indicator(person_rows, attendees="asked_skills", respondents="responded_skills",
                                              positive="positive_skills"),
    }
    countries = tuple(sorted(code for code in figures["unique_participants"].by["country"]
                             if code != rules.NOT_RECORDED))
    return Indicators(programme=programme, activities=activities, figures=figures, surveys=surveys,
                      institution_labels=_institution_labels(), countries=countries)


def headline(indicators: Indicators) -> dict[str, Decimal | int]:
    """The figures the highlights report leads with; the export carries the same totals."""
    return {
        "activities": indicators.activities.total,
        "unique_participants": indicators.figures["unique_participants"].total,
        "countries": len(indicators.countries),
        "participations": indicators.figures["participations"].total,
        "training_participations": indicators.figures["training_participations"].total,
        "person_days": indicators.figures["person_days"].total,
        "useful": indicators.surveys["useful"].value,
        "uses_skills": indicators.surveys["uses_skills"].value,
    }

