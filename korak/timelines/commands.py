"""What `korak timelines compute` and `korak timelines rules` print. No database, no settings:
the rules come from the TOML files and the explanation falls back to English."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from korak.timelines.calendars import calendar_for
from korak.timelines.engine import Deadline, compute
from korak.timelines.errors import NaiveDatetimeError, TimelineError
from korak.timelines.explain import explain, period
from korak.timelines.loader import JURISDICTIONS, load_rulebook, rule_for
from korak.timelines.model import Reference, Rule


def parse_start(text: str) -> datetime:
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        raise TimelineError(f"--start {text!r} is not an ISO-8601 date and time, "
                            "e.g. 2026-07-01T09:30:00+02:00") from None
    if start.tzinfo is None or start.utcoffset() is None:
        raise NaiveDatetimeError(f"--start {text!r} has no UTC offset; give it as e.g. 2026-07-01T09:30:00+02:00")
    return start


def compute_deadline(*, country: str, jurisdiction: str, rule_id: str, start: str, law_version: str | None = None,
                     extensions: Sequence[str] = (), subdivision: str | None = None) -> Deadline:
    calendar = calendar_for(country, subdivision)
    when = parse_start(start)
    rule = rule_for(load_rulebook(), jurisdiction=jurisdiction, rule_id=rule_id, start=when, country=calendar.country,
                    law_version=law_version)
    return compute(rule, when, calendar.country, extensions, calendar=calendar)


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    return {
        "rule": deadline.rule_id,
        "title": deadline.title,
        "jurisdiction": deadline.jurisdiction,
        "law_version": deadline.law_version,
        "country": deadline.country,
        "calendar": deadline.calendar,
        "start": deadline.start.isoformat(),
        "due_date": deadline.due_date.isoformat(),
        "due_at": deadline.due_at.isoformat(),
        "reference": reference_json(deadline.reference),
        "consequence": {"kind": deadline.consequence.kind.value, "text": deadline.consequence.text},
        "extensions_applied": list(deadline.extensions_applied),
        "verified": deadline.verified,
        "note": deadline.note,
        "explanation": explain(deadline),
        "steps": [{"code": step.code, "params": dict(step.params)} for step in deadline.explanation],
    }


def reference_json(reference: Reference) -> dict[str, str]:
    return {"instrument": reference.instrument, "article": reference.article, "paragraph": reference.paragraph,
            "text": str(reference)}


def list_rules(jurisdiction: str | None = None) -> list[dict[str, Any]]:
    book = load_rulebook()
    codes = [jurisdiction.strip().upper()] if jurisdiction else list(JURISDICTIONS)
    rows: list[dict[str, Any]] = []
    for code in codes:
        for law in book.jurisdiction(code):
            rows.extend(rule_json(rule, law.effective_from.isoformat(),
                                  law.effective_until.isoformat() if law.effective_until else None)
                        for rule in law.rules.values())
    return rows


def rule_json(rule: Rule, effective_from: str, effective_until: str | None) -> dict[str, Any]:
    return {
        "jurisdiction": rule.jurisdiction,
        "law_version": rule.law_version,
        "effective_from": effective_from,
        "effective_until": effective_until,
        "rule": rule.id,
        "title": rule.title,
        "start_event": rule.start_event,
        "duration": {"amount": rule.duration.amount, "unit": rule.duration.unit.value},
        "extensions": [{"id": ext.id, "amount": ext.amount, "unit": ext.unit.value, "condition": ext.condition,
                        "reference": str(ext.reference), "verified": ext.verified} for ext in rule.extensions],
        "consequence": rule.consequence.kind.value,
        "reference": reference_json(rule.reference),
        "verified": rule.verified,
        "note": rule.note,
    }


def rule_line(row: dict[str, Any]) -> str:
    status = "verified" if row["verified"] else "UNVERIFIED"
    length = period(row["duration"]["amount"], row["duration"]["unit"])
    return (f"{row['jurisdiction']:<3} {row['law_version']:<13} {row['rule']:<46} {length:<17} "
            f"{status:<10} {row['reference']['text']}")


def register(verbs: argparse._SubParsersAction[argparse.ArgumentParser],
             bench: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`korak bench timelines` (the `korak timelines` verbs themselves live in korak/cli.py)."""
    parser = bench.add_parser("timelines", help="deadlines recomputed from 1,000,000 case events; the deadline "
                                                "board for an institution with 50,000 open cases (PostgreSQL)")
    from korak.bench.timelines import add_arguments

    add_arguments(parser)
    parser.set_defaults(func=_bench)


def _bench(args: argparse.Namespace) -> int:
    from korak.bench.timelines import run

    return run(args)
