"""Plain-language rendering of a deadline's explanation steps, through gettext.

The engine keeps steps as codes and values; this module turns them into sentences in the
active language. Outside Django (the CLI, scripts) it falls back to English, so computing and
explaining a deadline never needs a settings module or a database.
"""

from __future__ import annotations

from collections.abc import Mapping

from korak.timelines.engine import Deadline, Param, Step


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` (which looks for this name) without touching settings."""
    return message


def gettext(message: str) -> str:
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    from django.conf import settings

    if not settings.configured:
        return singular if count == 1 else plural
    from django.utils.translation import ngettext as django_ngettext

    return django_ngettext(singular, plural, count)


MESSAGES: dict[str, str] = {
    "rule": gettext_noop("Rule %(rule_id)s (%(title)s) of the %(jurisdiction)s law version %(law_version)s."),
    "reference": gettext_noop("Legal basis: %(reference)s."),
    "start_event": gettext_noop("Start event: %(event)s at %(at)s (%(timezone)s)."),
    "calendar": gettext_noop("Calendar: %(calendar)s (holidays library %(holidays_version)s)."),
    "convention": gettext_noop("Periods are counted under %(reference)s (%(convention_name)s)."),
    "extension": gettext_noop("Extension %(id)s applied: %(period)s more, where %(condition)s (%(reference)s)."),
    "hour_excluded": gettext_noop("The hour in which the event happened is not counted; the period runs from "
                                  "%(begins)s."),
    "hours_from_moment": gettext_noop("The period runs from the moment of the event, %(begins)s."),
    "count_hours": gettext_noop("Counting %(period)s in absolute time ends at %(ends)s."),
    "hours_ignore_holidays": gettext_noop("A period in hours runs through nights, weekends and holidays and is "
                                          "not moved to a working day."),
    "dst_change": gettext_noop("The clocks change during the period (%(from_offset)s to %(to_offset)s); the "
                               "hours are counted in real time, so the wall-clock time of the end differs."),
    "event_day_excluded": gettext_noop("The day of the event (%(event_day)s) is not counted; the period starts "
                                       "on %(first_day)s."),
    "count_days": gettext_noop("Counting %(period)s after %(from)s gives %(to)s."),
    "count_weeks": gettext_noop("Counting %(period)s after %(from)s ends on the same weekday, %(weekday)s %(to)s."),
    "count_months": gettext_noop("Counting %(period)s after %(from)s ends on the same date, %(to)s."),
    "month_end": gettext_noop("That month has no day %(day)s, so the period ends on its last day, %(to)s."),
    "count_working_days": gettext_noop("Counting %(period)s after %(from)s gives %(to)s; %(skipped)s non-working "
                                       "day(s) were passed over."),
    "rolled_forward": gettext_noop("The last day, %(from)s, is not a working day (%(skipped)s), so the period "
                                   "ends at the end of the next working day, %(to)s."),
    "no_roll_forward": gettext_noop("This is a ceiling on deprivation of liberty: it ends on %(last_day)s even "
                                    "if that day is not a working day."),
    "two_working_days": gettext_noop("A period of two days or more must include at least two working days, so "
                                     "it ends on %(to)s instead of %(from)s."),
    "due": gettext_noop("Due: %(due_date)s, at the latest %(due_at)s."),
    "unverified": gettext_noop("Not verified against the legal text: %(note)s"),
    "convention_unverified": gettext_noop("Counting convention not verified: %(note)s"),
}
CONVENTION_NAMES: dict[str, str] = {
    "eu_1182_71": gettext_noop("the EU rules on periods, dates and time limits"),
    "national_gapa": gettext_noop("the national rules of general administrative procedure"),
}
_UNIT_BY_STEP = {"count_hours": "hours", "count_days": "calendar_days", "count_weeks": "weeks",
                 "count_months": "months", "count_working_days": "working_days"}


def period(amount: int, unit: str) -> str:
    # Literal calls, so makemessages extracts each pair with its plural forms.
    if unit == "hours":
        text = ngettext("%(amount)s hour", "%(amount)s hours", amount)
    elif unit == "calendar_days":
        text = ngettext("%(amount)s day", "%(amount)s days", amount)
    elif unit == "working_days":
        text = ngettext("%(amount)s working day", "%(amount)s working days", amount)
    elif unit == "weeks":
        text = ngettext("%(amount)s week", "%(amount)s weeks", amount)
    else:
        text = ngettext("%(amount)s month", "%(amount)s months", amount)
    return text % {"amount": amount}


def render_step(step: Step) -> str:
    params: dict[str, Param] = dict(step.params)
    unit = _UNIT_BY_STEP.get(step.code) or (str(params["unit"]) if step.code == "extension" else None)
    if unit is not None:
        params["period"] = period(int(params["amount"]), unit)
    if step.code == "convention":
        params["convention_name"] = gettext(CONVENTION_NAMES.get(str(params["convention"]),
                                                                    str(params["convention"])))
    template = MESSAGES.get(step.code)
    if template is None:
        return f"{step.code}: {_describe(params)}"
    return gettext(template) % params


def explain(deadline: Deadline) -> list[str]:
    return [render_step(step) for step in deadline.explanation]


def _describe(params: Mapping[str, Param]) -> str:
    return ", ".join(f"{key}={value}" for key, value in params.items())
