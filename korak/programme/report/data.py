"""What the highlights report says, computed live and laid out as plain data: the HTML and
the PDF render the same `Highlights`, so they cannot disagree with each other, and its
figures come from `korak.programme.indicators.compute`, the function the export uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import gettext as _

from korak.programme import indicator_rules as rules
from korak.programme import indicators as indicator_queries
from korak.programme.models import (
    Activity,
    ActivityKind,
    Participation,
    ParticipationRole,
    ParticipationStatus,
    Programme,
)
from korak.programme.report import chart as charts

# Django language code -> Babel locale (dates, numbers and country names in that language).
BABEL_LOCALES: Mapping[str, str] = {
    "en": "en_GB", "bs": "bs", "hr": "hr", "sr": "sr_Cyrl", "sr-latn": "sr_Latn", "cnr": "sr_Latn_ME",
    "mk": "mk", "sq": "sq", "de": "de",
}
# When an activity has no summary in the report's language, the nearest one that readers of
# that language read without effort, then English.
FALLBACKS: Mapping[str, tuple[str, ...]] = {
    "bs": ("hr", "sr-latn", "cnr"), "hr": ("bs", "sr-latn", "cnr"), "sr-latn": ("bs", "cnr", "hr"),
    "cnr": ("sr-latn", "bs", "hr"), "sr": ("sr-latn", "bs"), "mk": (), "sq": (), "en": (),
}


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    value: str  # formatted in the report's language
    raw: Decimal | int
    note: str = ""  # the ratios and denominators of a survey indicator


@dataclass(frozen=True)
class ActivityLine:
    title: str
    kind: str
    place: str
    country: str
    dates: str
    summary: str
    starts_on: date


@dataclass(frozen=True)
class NamedPerson:
    name: str
    institution: str
    role: str


@dataclass(frozen=True)
class Highlights:
    language: str
    title: str
    heading: str
    period: str
    donors: str
    partners: str
    figures: list[Figure]
    activities: list[ActivityLine]
    chart: charts.Chart
    chart_heading: str
    named: list[NamedPerson]
    unnamed: int
    generated: str
    labels: Mapping[str, str]


def babel_locale(language: str) -> str:
    return BABEL_LOCALES.get(language, "en_GB")


def number(value: Decimal | int, language: str) -> str:
    return format_decimal(value, locale=babel_locale(language))


def country_name(code: str, language: str) -> str:
    if not code:
        return _("regional")
    return str(Locale.parse(babel_locale(language)).territories.get(code, code))


def _dates(activity: Activity, language: str) -> str:
    locale = babel_locale(language)
    if activity.starts_on == activity.ends_on:
        return format_date(activity.starts_on, "long", locale=locale)
    return format_interval(activity.starts_on, activity.ends_on, "yMMMd", locale=locale)


def _text_for(activity: Activity, language: str, key: str = "") -> str:
    """The summary (or with key "title", the title) in the language, else the nearest one."""
    summaries = activity.summaries or {}
    prefix = f"{key}." if key else ""
    for candidate in (language, *FALLBACKS.get(language, ()), "en"):
        text = summaries.get(prefix + candidate)
        if isinstance(text, str) and text.strip():
            return text.strip()
    if key == "title":
        return activity.title
    return next((text for name, text in summaries.items() if "." not in name and isinstance(text, str)), "")


def _survey_note(indicator: rules.SurveyIndicator, language: str) -> str:
    def share(ratio: rules.Ratio) -> str:
        return "-" if ratio.percent is None else f"{ratio.percent} %"

    return _("%(of_respondents)s of %(respondents)s respondents; %(of_attendees)s of %(attendees)s attendees; "
             "response rate %(rate)s") % {
        "of_respondents": share(indicator.of_respondents), "respondents": number(indicator.respondents.total, language),
        "of_attendees": share(indicator.of_attendees), "attendees": number(indicator.attendees.total, language),
        "rate": share(indicator.response_rate),
    }


def build(*, programme: Programme, language: str, today: date) -> Highlights:
    """The report of one programme in one language, as of `today`."""
    with translation.override(language):
        indicators = indicator_queries.compute(programme=programme)
        head = indicator_queries.headline(indicators)
        labels = {
            "activities": _("Activities"), "unique_participants": _("Participants (unique persons)"),
            "countries": _("Countries of participants"), "participations": _("Participations"),
            "training_participations": _("Participants in training activities"),
            "person_days": _("Person-days of training"),
            "useful": _("Consider the training useful for their work"),
            "uses_skills": _("Use the skills three months later"),
        }
        figures = []
        for code, label in labels.items():
            note = ""
            if code in indicators.surveys:
                note = _survey_note(indicators.surveys[code], language)
            figures.append(Figure(code=code, label=label, value=number(head[code], language), raw=head[code],
                                  note=note))
        activities = list(Activity.objects.filter(programme=programme).order_by("starts_on", "title"))
        kinds = dict(ActivityKind.choices)
        lines = [ActivityLine(title=_text_for(a, language, "title"), kind=str(kinds.get(a.kind, a.kind)),
                              place=a.place, country=country_name(a.country, language), dates=_dates(a, language),
                              summary=_text_for(a, language), starts_on=a.starts_on) for a in activities]
        present = sorted(indicators.activities.by_country, key=lambda c: (-indicators.activities.by_country[c], c))
        countries = [(code, country_name("" if code == rules.NOT_RECORDED else code, language)) for code in present]
        quarters = (rules.quarters_between(min(a.starts_on for a in activities), max(a.starts_on for a in activities))
                    if activities else [])
        chart_heading = _("Activities per country and quarter")
        chart = charts.layout(counts=indicators.activities.by_country_quarter, quarters=quarters, countries=countries,
                              title=chart_heading, axis_label=_("activities"),
                              # Translators: the letter before a quarter's number on the chart (Q1..Q4).
                              quarter_prefix=_("Q"))
        named, unnamed = _named_people(programme)
        locale = babel_locale(language)
        return Highlights(
            language=language, title=programme.title, heading=_("Highlights of the programme"),
            period=_("Implementation period %(start)s – %(end)s") % {  # noqa: RUF001
                "start": format_date(programme.period_start, "long", locale=locale),
                "end": format_date(programme.period_end, "long", locale=locale)},
            donors=programme.donors, partners=programme.implementing_partners, figures=figures,
            activities=lines, chart=chart, chart_heading=chart_heading, named=named, unnamed=unnamed,
            generated=_("Figures computed on %(day)s from the programme registry.") % {
                "day": format_date(today, "long", locale=locale)},
            labels={
                "figures": _("The programme in figures"), "activities": _("Activities in date order"),
                "named": _("Experts and trainers"),
                "unnamed": _("%(count)s further experts and trainers are not named: they did not consent to "
                             "publication.") % {"count": unnamed},
                "donors": _("Donors"), "partners": _("Implementing partners"), "page": _("Page"),
            },
        )


def _named_people(programme: Programme) -> tuple[list[NamedPerson], int]:
    """Experts and trainers of the programme: named only with their consent, the rest counted."""
    roles = dict(ParticipationRole.choices)
    seen: dict[object, NamedPerson] = {}
    unnamed: set[object] = set()
    rows = (Participation.objects.filter(activity__programme=programme,
                                         role__in=[ParticipationRole.EXPERT, ParticipationRole.TRAINER])
            .exclude(status=ParticipationStatus.CANCELLED).filter(official__merged_into__isnull=True)
            .select_related("official__institution").order_by("official__latin_family", "official__latin_given"))
    for participation in rows:
        official = participation.official
        if not official.consent_to_publish:
            unnamed.add(official.pk)
        elif official.pk not in seen:
            seen[official.pk] = NamedPerson(
                name=f"{official.given_name} {official.family_name}",
                institution=official.institution.short_name or official.institution.name,
                role=str(roles.get(participation.role, participation.role)))
    return list(seen.values()), len(unnamed - set(seen))
