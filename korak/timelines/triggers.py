"""Which case event starts, extends, meets or cancels which deadline rule — as a table.

Each row names a CaseEvent type (the names are fixed in the shared notes of the asylum and
returns apps), what it does, and the rule ids it acts on. A rule id that the case's law
version does not define is skipped: the same row serves every jurisdiction, and e.g.
`asylum.reporting` (Serbia's 72 hours) simply exists only in the RS rule file.

`when` narrows a row to cases whose facts match: the facts are the payload keys of every
event of the case so far, later ones overriding earlier ones (so `asylum.notified` can ask
for the `outcome` of the earlier `asylum.decided`). A value of None in `when` matches a fact
that was never recorded. `anchor` starts the rule at an earlier event of the case instead of
this one (the accelerated procedure is assigned after lodging but counts from lodging).
`versions` / `skip_versions` restrict a row to law versions whose rule has another start
event (the Pact's border procedure runs from registration, the Directive's from lodging).

Pure data and a matcher; no ORM (DESIGN.md §2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    START = "start"  # open a deadline (no-op when one for the rule is already open or was met)
    EXTEND = "extend"  # apply the rule's next unused extension (or payload["extension"]) to the open deadline
    MEET = "meet"  # the required step was taken: the open deadline is met
    CANCEL = "cancel"  # the deadline no longer applies (another procedure, the case ended)
    CLOSE_ALL = "close_all"  # the case ended: every open deadline of the case is cancelled


@dataclass(frozen=True)
class Trigger:
    event: str
    action: Action
    rules: tuple[str, ...] = ()
    when: Mapping[str, tuple[Any, ...]] | None = None
    anchor: str | None = None
    versions: tuple[str, ...] = ()
    skip_versions: tuple[str, ...] = ()
    note: str = ""

    def applies(self, facts: Mapping[str, Any], law_version: str) -> bool:
        if self.versions and law_version not in self.versions:
            return False
        if law_version in self.skip_versions:
            return False
        if self.when:
            for key, allowed in self.when.items():
                if facts.get(key) not in allowed:
                    return False
        return True


S, X, M, C = Action.START, Action.EXTEND, Action.MEET, Action.CANCEL
PACT = ("eu-2024-pact",)
_EXAMINATION = ("asylum.examination.regular", "asylum.examination.accelerated", "asylum.border_procedure")
_APPEALS = ("asylum.appeal.short_track.min", "asylum.appeal.short_track.max", "asylum.appeal.regular.min",
            "asylum.appeal.regular.max", "asylum.appeal.accelerated", "asylum.appeal.border",
            "asylum.appeal.inadmissible_subsequent")
_SHORT_TRACK_OUTCOMES = ("inadmissible", "discontinued")
_REJECTIONS = ("rejected", "manifestly_unfounded")
_DETENTION = ("return.detention.initial_max", "return.detention.absolute_max")

TRIGGERS: tuple[Trigger, ...] = (
    # --- asylum: making, registering and lodging the application --------------------------
    Trigger("asylum.intention_expressed", S, ("asylum.registration", "asylum.reporting", "asylum.referral"),
            note="EU: registration within 5 days (Pact) / 3 working days (Directive); RS: report to the Asylum "
                 "Office within 72 h of the recorded intention; MK: referral by the police within 72 h"),
    # BA and ME count the lodging period from the certificate of expressed intention.
    Trigger("asylum.intention_expressed", S, ("asylum.lodging",), skip_versions=(*PACT, "rs-2018")),
    Trigger("asylum.registered", M, ("asylum.registration", "asylum.reporting", "asylum.referral")),
    Trigger("asylum.registered", S, ("asylum.lodging",), versions=(*PACT, "rs-2018")),
    Trigger("asylum.registered", S, ("eurodac.transmission",), versions=PACT,
            when={"age_in_doubt": (None, False), "under_six": (None, False)},
            note="Pact: 72 h from registration for applicants aged 6 or over; a doubtful age counts as under 6"),
    Trigger("asylum.lodged", M, ("asylum.lodging", "asylum.lodging.own_initiative")),
    Trigger("asylum.lodged", S, ("asylum.admissibility", "asylum.examination.regular",
                                 "asylum.examination.absolute_max", "asylum.access_to_labour_market"),
            note="the regular procedure is the default until another procedure is assigned"),
    Trigger("asylum.lodged", S, ("eurodac.transmission",), versions=("eu-2013",)),
    Trigger("asylum.admissibility_decided", M, ("asylum.admissibility", "asylum.admissibility.short")),
    # --- asylum: the procedure ------------------------------------------------------------
    Trigger("asylum.procedure_assigned", C, ("asylum.examination.regular", "asylum.border_procedure"),
            when={"procedure": ("accelerated",)}),
    Trigger("asylum.procedure_assigned", S, ("asylum.examination.accelerated",), anchor="asylum.lodged",
            when={"procedure": ("accelerated",)}),
    Trigger("asylum.procedure_assigned", C, ("asylum.examination.regular", "asylum.examination.accelerated"),
            when={"procedure": ("border",)}),
    Trigger("asylum.procedure_assigned", S, ("asylum.border_procedure",), anchor="asylum.registered",
            when={"procedure": ("border",)}, versions=PACT,
            note="Pact Art. 51(2): 12 weeks from registration"),
    Trigger("asylum.procedure_assigned", S, ("asylum.border_procedure",), anchor="asylum.lodged",
            when={"procedure": ("border",)}, skip_versions=PACT),
    Trigger("asylum.procedure_assigned", C, ("asylum.examination.accelerated", "asylum.border_procedure"),
            when={"procedure": ("regular",)}),
    Trigger("asylum.procedure_assigned", S, ("asylum.examination.regular",), anchor="asylum.lodged",
            when={"procedure": ("regular",)}),
    Trigger("asylum.examination_extended", X, ("asylum.examination.regular", "asylum.border_procedure")),
    Trigger("asylum.decided", M, (*_EXAMINATION, "asylum.examination.absolute_max", "asylum.admissibility",
                                  "asylum.admissibility.short")),
    # --- asylum: appeal periods run from notification ---------------------------------------
    # Pact Art. 67(7)(a): the short track for inadmissibility, discontinuation and rejections
    # in the accelerated or border procedure; (b) every other decision open to appeal.
    Trigger("asylum.notified", S, ("asylum.appeal.short_track.max",), when={"outcome": _SHORT_TRACK_OUTCOMES}),
    Trigger("asylum.notified", S, ("asylum.appeal.short_track.max", "asylum.appeal.accelerated"),
            when={"outcome": _REJECTIONS, "procedure": ("accelerated",)}),
    Trigger("asylum.notified", S, ("asylum.appeal.short_track.max", "asylum.appeal.border"),
            when={"outcome": _REJECTIONS, "procedure": ("border",)}),
    Trigger("asylum.notified", S, ("asylum.appeal.regular.max",),
            when={"outcome": (*_REJECTIONS, "subsidiary_protection"), "procedure": (None, "regular")}),
    Trigger("asylum.notified", S, ("asylum.appeal.inadmissible_subsequent",), when={"outcome": ("inadmissible",)}),
    Trigger("asylum.appeal_lodged", M, _APPEALS),
    Trigger("asylum.final", Action.CLOSE_ALL),
    Trigger("asylum.withdrawn", Action.CLOSE_ALL),
    # --- returns ------------------------------------------------------------------------------
    # return.decided with voluntary_departure_days opens the granted period (see replay.GRANTED_VD).
    Trigger("return.detention_ordered", S, _DETENTION),
    Trigger("return.detention_extended", X, ("return.detention.initial_max",)),
    Trigger("return.detention_ended", M, _DETENTION),
    Trigger("return.departed", M, ("return.voluntary_departure.granted",)),
    Trigger("return.departed", Action.CLOSE_ALL),
    Trigger("return.removed", Action.CLOSE_ALL),
    Trigger("return.absconded", C, ("return.voluntary_departure.granted",)),
    Trigger("return.not_removable", C, ("return.voluntary_departure.granted",)),
)


def triggers_for(event_type: str) -> tuple[Trigger, ...]:
    return _BY_EVENT.get(event_type, ())


_BY_EVENT: dict[str, tuple[Trigger, ...]] = {}
for _trigger in TRIGGERS:
    _BY_EVENT[_trigger.event] = (*_BY_EVENT.get(_trigger.event, ()), _trigger)
