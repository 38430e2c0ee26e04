"""The one writer of Deadline rows: every case event is replayed with the case's earlier events
through the trigger table and the engine (replay.py), and the rows follow the result.

It runs inside the caller's transaction (the asylum and returns services call it right after
`record_event`), costs two reads (none for the event that opens a case) plus the writes, and
imports no case app."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.timelines import replay
from korak.timelines.calendars import calendar_for
from korak.timelines.engine import Deadline as Computed
from korak.timelines.loader import load_rulebook
from korak.timelines.models import CaseKind, Deadline, DeadlineStatus

logger = logging.getLogger(__name__)

_KIND_BY_PREFIX = {"asylum.": CaseKind.ASYLUM, "return.": CaseKind.RETURN}


def case_kind_of(event_type: str) -> CaseKind | None:
    return next((kind for prefix, kind in _KIND_BY_PREFIX.items() if event_type.startswith(prefix)), None)


def on_case_event(event: CaseEvent, *, officer: User | None, opens_case: bool = False) -> None:
    """Bring the case's deadlines up to date after `event` (already saved). `officer` is the
    case's assigned officer, if any: new deadlines are theirs, and open ones follow a reassignment.
    `opens_case` is the service's word that the case was created with this event, in this
    transaction: the case has no other event and no deadline yet, so neither is read."""
    kind = case_kind_of(event.type)
    if kind is None:
        return
    if opens_case:
        # As the database would give it back: in UTC, the payload as JSON reads it.
        facts = [replay.Fact(id=event.pk, type=event.type, occurred_at=event.occurred_at.astimezone(UTC),
                             payload=json.loads(json.dumps(event.payload or {})))]
    else:
        facts = [replay.Fact(id=pk, type=type_, occurred_at=occurred_at, payload=payload or {})
                 for pk, type_, occurred_at, payload in CaseEvent.objects.filter(
                     case_type=event.case_type, case_id=event.case_id,
                 ).order_by("occurred_at", "recorded_at", "id").values_list("id", "type", "occurred_at", "payload")]
    country = event.institution.country_id
    result = replay.plan(facts, country=country, book=load_rulebook())
    if result.problem:
        # No personal data: the case id is a random UUID, the message names rules and dates only.
        logger.warning("no deadlines for case %s: %s", event.case_id, result.problem)
    if result.clock is None:
        # Nothing to compute (no law in force, or a country without a Korak calendar); rows the
        # case may already have are left as they are.
        return
    cal = calendar_for(country)
    # Only the columns compared below: the computed ones (title, reference, explanation...) are
    # written when they change and never read here.
    rows = [] if opens_case else Deadline.objects.filter(case_id=event.case_id).only(*_COMPARED)
    existing = {(row.rule_id, row.start_event_id): row for row in rows}
    by_id = {fact.id: fact for fact in facts}
    create: list[Deadline] = []
    # Per changed row, the columns that changed: only those are written.
    changed: dict[Any, tuple[Deadline, set[str]]] = {}

    def mark(row: Deadline, fields: list[str]) -> None:
        changed.setdefault(row.pk, (row, set()))[1].update(fields)

    planned_keys = set()
    for item in result.deadlines:
        key = (item.rule.id, item.start.id)
        planned_keys.add(key)
        row = existing.get(key)
        if row is None:
            computed = replay.compute_planned(item, cal)
            row = Deadline(case_id=event.case_id, case_kind=kind, institution_id=event.institution_id,
                           officer=officer, start_event_id=item.start.id)
            fill_computed(row, computed)
            _close(row, item.status, item.closed_by)
            create.append(row)
            continue
        if list(row.extensions) != item.extensions:
            fill_computed(row, replay.compute_planned(item, cal))
            mark(row, _FILLED)
        if row.status != item.status:
            _close(row, item.status, item.closed_by)
            mark(row, _CLOSING)
        if officer is not None and row.status == DeadlineStatus.OPEN and row.officer_id != officer.pk:
            row.officer = officer
            mark(row, ["officer"])
    for key, row in existing.items():
        if key not in planned_keys and row.status == DeadlineStatus.OPEN:
            # A corrected or withdrawn start: the deadline no longer follows from the events.
            _close(row, DeadlineStatus.CANCELLED, by_id.get(event.pk))
            mark(row, _CLOSING)
    if create:
        Deadline.objects.bulk_create(create)
    for row, fields in changed.values():
        row.version += 1
        row.save(update_fields=[*sorted(fields), "version", "updated_at"])


_FILLED = ["rule_id", "title", "jurisdiction", "law_version", "country", "reference", "consequence", "verified",
           "started_at", "due_at", "due_date", "extensions", "explanation"]
_CLOSING = ["status", "closed_event", "closed_at"]
_COMPARED = ["id", "version", "rule_id", "start_event_id", "extensions", "status", "officer_id"]


def fill_computed(row: Deadline, computed: Computed) -> None:
    row.rule_id = computed.rule_id
    row.title = computed.title
    row.jurisdiction = computed.jurisdiction
    row.law_version = computed.law_version
    row.country = computed.country
    row.reference = str(computed.reference)[:300]
    row.consequence = computed.consequence.kind.value
    row.verified = computed.verified
    row.started_at = computed.start
    row.due_at = computed.due_at
    row.due_date = computed.due_date
    row.extensions = list(computed.extensions_applied)
    row.explanation = replay.steps_json(computed)


def _close(row: Deadline, status: str, closed_by: replay.Fact | None) -> None:
    row.status = status
    if status == DeadlineStatus.OPEN or closed_by is None:
        row.closed_event_id = None
        row.closed_at = None
        return
    row.closed_event_id = closed_by.id
    row.closed_at = closed_by.occurred_at if isinstance(closed_by.occurred_at, datetime) else None
