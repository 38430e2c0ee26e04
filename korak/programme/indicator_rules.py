"""The programme's indicators as pure rules: each figure's counting rule is written next to
it. No ORM, no I/O, time passed in. `korak.programme.indicators` asks the database for a few
per-person aggregates and hands them to these functions, so the arithmetic (ratios,
breakdowns, gains, the follow-up calendar) is tested in milliseconds without a database.

Dimensions. Every figure about people is broken down by sex (female, male, not recorded —
never dropped), by the country of the official's institution and by the institution. A
person is always the *survivor* of a merge: a merged official record points to the one it was
merged into (`merged_into`), and everything it did counts for that one, once.

Reconciliation. Every breakdown is the sum, per bucket, of the same per-person rows that
make the total, and every row falls in exactly one bucket of each dimension (missing values
go to the "not recorded" bucket, never dropped). So every breakdown sums to its total by
construction; `Figure.reconciles()` checks it, and the tests check it for arbitrary data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

NOT_RECORDED = "not_recorded"
DIMENSIONS = ("sex", "country", "institution")
SEXES = ("female", "male", NOT_RECORDED)

# Session weights for person-days: a full day counts 1, a morning or afternoon 0.5.
SESSION_WEIGHTS: Mapping[str, Decimal] = {"day": Decimal(1), "am": Decimal("0.5"), "pm": Decimal("0.5")}

# Likert scale of the satisfaction survey: 1 not useful at all … 5 very useful.
LIKERT_MIN, LIKERT_MAX = 1, 5
USEFUL_FROM = 4  # 4 "useful" and 5 "very useful" count as useful

# The follow-up survey (Kirkpatrick level 3, the donor's third training indicator).
FOLLOW_UP_AFTER = timedelta(days=90)
REMINDER_AFTER = timedelta(days=7)
ANSWER_WINDOW = timedelta(days=30)


# --- survivors ---------------------------------------------------------------------------

def survivor_of[K: Hashable](official: K, merged_into: Mapping[K, K | None]) -> K:
    """The record an official's participation counts for: follow `merged_into` to the end.
    A chain (A merged into B, B later into C) ends at C; a cycle, which the merge service
    never creates, stops at the first repeated record instead of looping."""
    seen = {official}
    current = official
    while (target := merged_into.get(current)) is not None and target not in seen:
        seen.add(target)
        current = target
    return current


# --- figures and breakdowns --------------------------------------------------------------

@dataclass(frozen=True)
class PersonRow:
    """One survivor official (or one anonymous respondent group) with the per-person
    measures the database computed for them. `key` is the survivor's id, or None for
    answers given anonymously; sex/country/institution are the survivor's."""

    key: Hashable
    sex: str
    country: str
    institution: str
    values: Mapping[str, Decimal | int]

    def bucket(self, dimension: str) -> str:
        value: str = getattr(self, dimension)
        if dimension == "sex" and value not in SEXES:
            return NOT_RECORDED
        return value or NOT_RECORDED


@dataclass(frozen=True)
class Figure:
    """A total with one breakdown per dimension; `by[dimension][bucket]` -> amount."""

    total: Decimal | int
    by: Mapping[str, Mapping[str, Decimal | int]]

    def reconciles(self) -> bool:
        return all(sum(buckets.values()) == self.total for buckets in self.by.values())


def tally(rows: Iterable[PersonRow], measure: str | Callable[[PersonRow], Decimal | int]) -> Figure:
    """Sum one measure over the rows, and the same sum per bucket of each dimension.
    A measure is the name of a per-person value, or a function of the row (e.g. "1 when the
    person took part at all", which counts unique persons)."""
    value_of = measure if callable(measure) else (lambda row: row.values.get(measure, 0))
    total: Decimal | int = 0
    by: dict[str, Counter[str]] = {dimension: Counter() for dimension in DIMENSIONS}
    for row in rows:
        amount = value_of(row)
        if not amount:
            continue
        total += amount
        for dimension in DIMENSIONS:
            by[dimension][row.bucket(dimension)] += amount  # type: ignore[assignment]
    return Figure(total=total, by={dimension: dict(counts) for dimension, counts in by.items()})


def counts_if_positive(name: str) -> Callable[[PersonRow], int]:
    """A measure that counts a person once when their value `name` is above zero."""
    return lambda row: 1 if row.values.get(name, 0) else 0


# --- ratios ------------------------------------------------------------------------------

def percent(numerator: Decimal | int, denominator: Decimal | int) -> int | None:
    """Whole percent, half rounded up (25 of 30 is 83 %); None when nothing to divide by."""
    if not denominator:
        return None
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ratio:
    """A share with its denominator shown next to it, never a bare percentage."""

    numerator: Decimal | int
    denominator: Decimal | int

    @property
    def percent(self) -> int | None:
        return percent(self.numerator, self.denominator)


@dataclass(frozen=True)
class SurveyIndicator:
    """A donor result indicator from a survey of attendees, e.g. "participants who consider
    the training useful": `positive` answered positively, `respondents` answered the
    question at all, `attendees` were asked. Shown as the count, the share of respondents,
    the share of attendees and the response rate — each with its denominator."""

    attendees: Figure
    respondents: Figure
    positive: Figure

    @property
    def value(self) -> Decimal | int:
        return self.positive.total

    @property
    def of_respondents(self) -> Ratio:
        return Ratio(self.positive.total, self.respondents.total)

    @property
    def of_attendees(self) -> Ratio:
        return Ratio(self.positive.total, self.attendees.total)

    @property
    def response_rate(self) -> Ratio:
        return Ratio(self.respondents.total, self.attendees.total)

    def bucket(self, dimension: str, bucket: str) -> tuple[Ratio, Ratio, Ratio]:
        """(of respondents, of attendees, response rate) within one bucket of a dimension."""
        positive = self.positive.by[dimension].get(bucket, 0)
        respondents = self.respondents.by[dimension].get(bucket, 0)
        attendees = self.attendees.by[dimension].get(bucket, 0)
        return Ratio(positive, respondents), Ratio(positive, attendees), Ratio(respondents, attendees)

    def reconciles(self) -> bool:
        return self.attendees.reconciles() and self.respondents.reconciles() and self.positive.reconciles()


def survey_indicator(rows: Iterable[PersonRow], *, attendees: str, respondents: str, positive: str) -> SurveyIndicator:
    listed = list(rows)
    return SurveyIndicator(attendees=tally(listed, attendees), respondents=tally(listed, respondents),
                           positive=tally(listed, positive))


def is_useful(answer: int | None) -> bool:
    """Rule of the donor's second training indicator: "useful" (4) or "very useful" (5) on
    the 1-5 scale counts; 1-3 does not; no answer is a non-respondent, not a "no"."""
    return answer is not None and USEFUL_FROM <= answer <= LIKERT_MAX


# --- activities --------------------------------------------------------------------------

def quarter_of(day: date) -> str:
    """Activities are counted in the quarter they start in: 2024-05-14 is "2024-Q2"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters_between(first: date, last: date) -> list[str]:
    """Every quarter from the one holding `first` to the one holding `last`, empty ones too,
    so a chart shows the gaps."""
    found: list[str] = []
    year, q = first.year, (first.month - 1) // 3
    while (year, q) <= (last.year, (last.month - 1) // 3):
        found.append(f"{year}-Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found


@dataclass(frozen=True)
class ActivityFact:
    kind: str
    country: str  # ISO alpha-2; "" for a regional activity such as a campaign
    starts_on: date


@dataclass(frozen=True)
class ActivityCounts:
    """Activities by kind, by country (the country it took place in; a regional one is
    "not recorded") and by the quarter it started in; and country x quarter for the chart.
    Each activity counts once in every breakdown, so each breakdown sums to the total."""

    total: int
    by_kind: Mapping[str, int]
    by_country: Mapping[str, int]
    by_quarter: Mapping[str, int]
    by_country_quarter: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def reconciles(self) -> bool:
        return all(sum(b.values()) == self.total
                   for b in (self.by_kind, self.by_country, self.by_quarter, self.by_country_quarter))


def count_activities(facts: Iterable[ActivityFact]) -> ActivityCounts:
    kinds: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    quarters: Counter[str] = Counter()
    cells: Counter[tuple[str, str]] = Counter()
    total = 0
    for fact in facts:
        total += 1
        country = fact.country or NOT_RECORDED
        kinds[fact.kind] += 1
        countries[country] += 1
        quarters[quarter_of(fact.starts_on)] += 1
        cells[(country, quarter_of(fact.starts_on))] += 1
    return ActivityCounts(total=total, by_kind=dict(kinds), by_country=dict(countries), by_quarter=dict(quarters),
                          by_country_quarter=dict(cells))


def person_days(sessions: Mapping[str, int]) -> Decimal:
    """Person-days of training from the count of distinct sessions attended per part
    ({"day": 3, "am": 1} -> 3.5). A session attended twice counts once: the caller counts
    distinct (session, survivor) pairs."""
    return sum((SESSION_WEIGHTS[part] * count for part, count in sessions.items()), Decimal(0))


# --- pre- and post-tests -----------------------------------------------------------------

class Exclusion(StrEnum):
    NO_PRE = "no_pre_test"
    NO_POST = "no_post_test"
    PRE_AT_MAXIMUM = "pre_test_at_maximum"


def normalised_gain(pre: Decimal | int, post: Decimal | int) -> Decimal | None:
    """Hake's normalised gain g = (post - pre) / (100 - pre) on scores in percent: the share
    of what there was left to learn that was learnt. Pre 40, post 85 gives 0.75. Undefined
    (None) when the pre-test is already 100: nothing was left to learn."""
    pre_d, post_d = Decimal(pre), Decimal(post)
    if pre_d >= 100:
        return None
    return ((post_d - pre_d) / (100 - pre_d)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Pair[K: Hashable]:
    person: K
    pre: Decimal
    post: Decimal
    gain: Decimal


@dataclass(frozen=True)
class CohortGain[K: Hashable]:
    """Gain of a cohort on matched pairs only; everyone else is listed with the reason.
    `mean_gain` is the mean of the individual gains; `gain_of_means` is Hake's class-average
    form (mean post - mean pre) / (100 - mean pre) over the same pairs."""

    pairs: list[Pair[K]]
    excluded: list[tuple[K, Exclusion]]
    mean_gain: Decimal | None
    gain_of_means: Decimal | None

    def band(self) -> str | None:
        """Hake's bands: low below 0.3, medium to 0.7, high above."""
        if self.mean_gain is None:
            return None
        return "low" if self.mean_gain < Decimal("0.3") else "medium" if self.mean_gain <= Decimal("0.7") else "high"


def cohort_gain[K: Hashable](pre: Mapping[K, Decimal | int], post: Mapping[K, Decimal | int]) -> CohortGain[K]:
    """Matched pairs: a person with both a pre- and a post-test score (the caller maps
    officials to their survivors first). A person with only one of the two, or with a
    pre-test of 100, is excluded and listed with the reason — never silently dropped."""
    pairs: list[Pair[K]] = []
    excluded: list[tuple[K, Exclusion]] = []
    for person in sorted(pre.keys() | post.keys(), key=str):
        if person not in pre:
            excluded.append((person, Exclusion.NO_PRE))
        elif person not in post:
            excluded.append((person, Exclusion.NO_POST))
        else:
            gain = normalised_gain(pre[person], post[person])
            if gain is None:
                excluded.append((person, Exclusion.PRE_AT_MAXIMUM))
            else:
                pairs.append(Pair(person, Decimal(pre[person]), Decimal(post[person]), gain))
    if not pairs:
        return CohortGain(pairs, excluded, None, None)
    count = Decimal(len(pairs))
    mean = (sum((p.gain for p in pairs), Decimal(0)) / count).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    mean_pre = sum((p.pre for p in pairs), Decimal(0)) / count
    mean_post = sum((p.post for p in pairs), Decimal(0)) / count
    return CohortGain(pairs, excluded, mean, normalised_gain(mean_pre, mean_post))


# --- the follow-up survey ----------------------------------------------------------------

class FollowUpStep(StrEnum):
    SEND = "send"
    REMIND = "remind"


def follow_up_due(ends_on: date) -> date:
    """The follow-up survey goes out 90 days after the activity ends (14 Mar 2025 -> 12 Jun 2025)."""
    return ends_on + FOLLOW_UP_AFTER


def follow_up_step(*, ends_on: date, sent_on: date | None, reminded_on: date | None,
                   today: date) -> FollowUpStep | None:
    """What the follow-up job does for one survey today: send it once it is due; remind once,
    7 days after sending; nothing more. Run twice on the same day, it does nothing twice."""
    if sent_on is None:
        return FollowUpStep.SEND if today >= follow_up_due(ends_on) else None
    if reminded_on is None and today >= sent_on + REMINDER_AFTER:
        return FollowUpStep.REMIND
    return None


def answer_counts(*, ends_on: date, answered_on: date) -> bool:
    """An answer to the follow-up counts when given within 30 days either side of its due date
    (day 90): an answer at day 20 is not "three months later", one at day 200 is stale.
    Answers outside the window are kept and flagged, not counted."""
    return abs(answered_on - follow_up_due(ends_on)) <= ANSWER_WINDOW
