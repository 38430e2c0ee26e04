"""Read and check the rule files, and pick the law version in force at a start event.

One TOML file per jurisdiction and law version: rules/<jurisdiction>/<version>.toml. A file
that does not check out is refused as a whole, with a message naming the file and the rule,
so a typo in a rule can never silently change a deadline.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from korak.timelines.calendars import timezone_for
from korak.timelines.errors import (
    NaiveDatetimeError,
    NoLawInForceError,
    RuleFileError,
    UnknownJurisdictionError,
    UnknownRuleError,
)
from korak.timelines.model import (
    Consequence,
    ConsequenceKind,
    Convention,
    Counting,
    Duration,
    Extension,
    LawVersion,
    Reference,
    Rule,
    Unit,
)

RULES_DIR = Path(__file__).resolve().parent / "rules"
JURISDICTIONS = ("EU", "BA", "RS", "ME", "MK")
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_VERSION = re.compile(r"^[a-z0-9][a-z0-9.-]*$")

_FILE_KEYS = {"jurisdiction", "version", "title", "effective_from", "effective_until", "note", "counting", "rules"}
_COUNTING_KEYS = {"convention", "reference", "verified", "note"}
_RULE_KEYS = {"id", "title", "start_event", "duration", "extensions", "consequence", "reference", "verified", "note",
              "roll_forward"}
_EXTENSION_KEYS = {"id", "amount", "unit", "condition", "reference", "verified", "note", "excludes"}
_REFERENCE_KEYS = {"instrument", "article", "paragraph"}


@dataclass(frozen=True)
class RuleBook:
    """Every law version of every jurisdiction, sorted by effective date."""

    versions: Mapping[str, tuple[LawVersion, ...]] = field(default_factory=dict)

    def jurisdiction(self, code: str) -> tuple[LawVersion, ...]:
        key = code.strip().upper()
        if key not in JURISDICTIONS:
            raise UnknownJurisdictionError(f"unknown jurisdiction {code!r}: expected one of {', '.join(JURISDICTIONS)}")
        return self.versions.get(key, ())

    def version(self, jurisdiction: str, version: str) -> LawVersion:
        for law in self.jurisdiction(jurisdiction):
            if law.version == version:
                return law
        known = ", ".join(law.version for law in self.jurisdiction(jurisdiction)) or "none"
        raise NoLawInForceError(f"no law version {version!r} for {jurisdiction.upper()} (known: {known})")

    def in_force(self, jurisdiction: str, day: date) -> LawVersion:
        for law in self.jurisdiction(jurisdiction):
            if law.in_force_on(day):
                return law
        raise NoLawInForceError(f"no {jurisdiction.upper()} law version in force on {day.isoformat()}")

    def all_rules(self) -> Iterable[Rule]:
        for code in JURISDICTIONS:
            for law in self.versions.get(code, ()):
                yield from law.rules.values()


def local_start_day(start: datetime, country: str) -> date:
    """The calendar day of the start event in the country's time zone."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise NaiveDatetimeError("the start time has no UTC offset; give it as e.g. 2026-07-01T09:30:00+02:00")
    return start.astimezone(timezone_for(country)).date()


def rule_for(book: RuleBook, *, jurisdiction: str, rule_id: str, start: datetime, country: str,
             law_version: str | None = None) -> Rule:
    """The rule `rule_id` of the law version in force on the start event's local day, or of
    `law_version` when one is named (for re-computing an old case under the law it began under)."""
    day = local_start_day(start, country)
    law = book.version(jurisdiction, law_version) if law_version else book.in_force(jurisdiction, day)
    rule = law.rules.get(rule_id)
    if rule is None:
        until = f"to {law.effective_until.isoformat()}" if law.effective_until else "onwards"
        raise UnknownRuleError(f"no rule {rule_id!r} in {law.jurisdiction} law version {law.version} "
                          f"(in force from {law.effective_from.isoformat()} {until})")
    return rule


@lru_cache(maxsize=4)
def load_rulebook(directory: Path = RULES_DIR) -> RuleBook:
    versions: dict[str, list[LawVersion]] = {}
    for path in sorted(directory.glob("*/*.toml")):
        law = load_file(path, base=directory)
        if path.parent.name.upper() != law.jurisdiction:
            raise RuleFileError(_name(path, directory),
                                f"jurisdiction {law.jurisdiction!r} does not match its folder {path.parent.name!r}")
        versions.setdefault(law.jurisdiction, []).append(law)
    result: dict[str, tuple[LawVersion, ...]] = {}
    for code, laws in versions.items():
        laws.sort(key=lambda law: law.effective_from)
        _check_versions(laws)
        result[code] = tuple(laws)
    return RuleBook(versions=result)


def _check_versions(laws: list[LawVersion]) -> None:
    seen: set[str] = set()
    for law in laws:
        if law.version in seen:
            raise RuleFileError(law.source, f"law version {law.version!r} is defined twice for {law.jurisdiction}")
        seen.add(law.version)
    for earlier, later in itertools.pairwise(laws):
        if earlier.effective_until is None or earlier.effective_until >= later.effective_from:
            raise RuleFileError(later.source, f"law version {later.version!r} starts {later.effective_from} while "
                                              f"{earlier.version!r} ({earlier.source}) is still in force")


def _name(path: Path, base: Path) -> str:
    try:
        return str(Path("rules") / path.relative_to(base))
    except ValueError:
        return str(path)


def load_file(path: Path, *, base: Path = RULES_DIR) -> LawVersion:
    source = _name(path, base)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(source, f"not valid TOML: {exc}") from exc
    return parse_law(data, source=source)


def parse_law(data: Mapping[str, Any], *, source: str) -> LawVersion:
    _keys(data, _FILE_KEYS, source, "file", required={"jurisdiction", "version", "title", "effective_from",
                                                      "counting", "rules"})
    jurisdiction = _str(data, "jurisdiction", source)
    if jurisdiction not in JURISDICTIONS:
        raise RuleFileError(source, f"jurisdiction must be one of {', '.join(JURISDICTIONS)}, not {jurisdiction!r}")
    version = _str(data, "version", source)
    if not _VERSION.match(version):
        raise RuleFileError(source, f"version {version!r} must be lower-case letters, digits, '.' and '-'")
    effective_from = _date(data, "effective_from", source)
    effective_until = _date(data, "effective_until", source) if "effective_until" in data else None
    if effective_until is not None and effective_until < effective_from:
        raise RuleFileError(source, f"effective_until {effective_until} is before effective_from {effective_from}")
    counting = _counting(data["counting"], source)
    rules_data = data["rules"]
    if not isinstance(rules_data, list) or not rules_data:
        raise RuleFileError(source, "rules must be a non-empty list of [[rules]] tables")
    rules: dict[str, Rule] = {}
    for index, raw in enumerate(rules_data):
        rule = _rule(raw, source=source, index=index, jurisdiction=jurisdiction, version=version, counting=counting)
        if rule.id in rules:
            raise RuleFileError(source, "the same rule id appears twice", rule_id=rule.id)
        rules[rule.id] = rule
    return LawVersion(jurisdiction=jurisdiction, version=version, title=_str(data, "title", source),
                      effective_from=effective_from, effective_until=effective_until, counting=counting,
                      source=source, note=str(data.get("note", "")), rules=rules)


def _counting(raw: Any, source: str) -> Counting:
    if not isinstance(raw, Mapping):
        raise RuleFileError(source, "counting must be a table")
    _keys(raw, _COUNTING_KEYS, source, "counting", required={"convention", "reference", "verified"})
    try:
        convention = Convention(raw["convention"])
    except ValueError:
        raise RuleFileError(source, f"counting.convention must be one of {', '.join(c.value for c in Convention)}, "
                                    f"not {raw['convention']!r}") from None
    verified = _bool(raw, "verified", source, "counting")
    note = str(raw.get("note", ""))
    if not verified and not note.strip():
        raise RuleFileError(source, "counting: an unverified convention needs a note saying what was not verified")
    return Counting(convention=convention, reference=_reference(raw["reference"], source, None, "counting.reference"),
                    verified=verified, note=note)


def _rule(raw: Any, *, source: str, index: int, jurisdiction: str, version: str, counting: Counting) -> Rule:
    if not isinstance(raw, Mapping):
        raise RuleFileError(source, f"rules[{index}] must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise RuleFileError(source, f"rules[{index}].id must look like 'asylum.lodging', not {rule_id!r}")
    _keys(raw, _RULE_KEYS, source, "rule", rule_id=rule_id,
          required={"id", "title", "start_event", "duration", "consequence", "reference", "verified"})
    duration = raw["duration"]
    if not isinstance(duration, Mapping):
        raise RuleFileError(source, "duration must be a table {amount, unit}", rule_id=rule_id)
    _keys(duration, {"amount", "unit"}, source, "duration", rule_id=rule_id, required={"amount", "unit"})
    duration_unit = _unit(duration, source, rule_id)
    verified = _bool(raw, "verified", source, "rule", rule_id=rule_id)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise RuleFileError(source, "note must be a string", rule_id=rule_id)
    reference = _reference(raw["reference"], source, rule_id, "reference")
    if not verified and not note.strip():
        raise RuleFileError(source, "verified = false needs a note saying what could not be verified", rule_id=rule_id)
    if not reference.article and verified:
        raise RuleFileError(source, "a verified rule must name its article", rule_id=rule_id)
    consequence = raw["consequence"]
    if not isinstance(consequence, Mapping):
        raise RuleFileError(source, "consequence must be a table {kind, text}", rule_id=rule_id)
    _keys(consequence, {"kind", "text"}, source, "consequence", rule_id=rule_id, required={"kind", "text"})
    try:
        kind = ConsequenceKind(consequence["kind"])
    except ValueError:
        raise RuleFileError(source, f"consequence.kind must be one of {', '.join(k.value for k in ConsequenceKind)}, "
                                    f"not {consequence['kind']!r}", rule_id=rule_id) from None
    roll_forward = raw.get("roll_forward", True)
    if not isinstance(roll_forward, bool):
        raise RuleFileError(source, "roll_forward must be true or false", rule_id=rule_id)
    extensions = tuple(_extension(ext, source, rule_id, verified) for ext in _list(raw, "extensions", source, rule_id))
    hourly = [ext.id for ext in extensions if (ext.unit is Unit.HOURS) != (duration_unit is Unit.HOURS)]
    if hourly:
        raise RuleFileError(source, f"extension(s) {hourly} mix hours with a period counted in days (or the reverse)",
                            rule_id=rule_id)
    ids = [ext.id for ext in extensions]
    if len(ids) != len(set(ids)):
        raise RuleFileError(source, "two extensions share an id", rule_id=rule_id)
    for ext in extensions:
        unknown = [other for other in ext.excludes if other not in ids]
        if unknown:
            raise RuleFileError(source, f"extension {ext.id!r} excludes unknown extension(s) {unknown}",
                                rule_id=rule_id)
    return Rule(id=rule_id, title=_str(raw, "title", source, rule_id), start_event=_str(raw, "start_event", source,
                rule_id), duration=Duration(_amount(duration, source, rule_id), duration_unit),
                consequence=Consequence(kind=kind, text=_str(consequence, "text", source, rule_id)),
                reference=reference, verified=verified, note=note, jurisdiction=jurisdiction, law_version=version,
                counting=counting, extensions=extensions, roll_forward=roll_forward)


def _extension(raw: Any, source: str, rule_id: str, rule_verified: bool) -> Extension:
    if not isinstance(raw, Mapping):
        raise RuleFileError(source, "each extension must be a table", rule_id=rule_id)
    _keys(raw, _EXTENSION_KEYS, source, "extension", rule_id=rule_id,
          required={"id", "amount", "unit", "condition", "reference"})
    ext_id = raw["id"]
    if not isinstance(ext_id, str) or not _ID.match(ext_id):
        raise RuleFileError(source, f"extension id {ext_id!r} must be lower-case words joined by '_' or '.'",
                            rule_id=rule_id)
    verified = raw.get("verified", rule_verified)
    if not isinstance(verified, bool):
        raise RuleFileError(source, f"extension {ext_id!r}: verified must be true or false", rule_id=rule_id)
    note = str(raw.get("note", ""))
    if not verified and not note.strip() and rule_verified:
        raise RuleFileError(source, f"extension {ext_id!r}: verified = false needs a note", rule_id=rule_id)
    excludes = raw.get("excludes", [])
    if not isinstance(excludes, list) or not all(isinstance(item, str) for item in excludes):
        raise RuleFileError(source, f"extension {ext_id!r}: excludes must be a list of extension ids",
                            rule_id=rule_id)
    return Extension(id=ext_id, amount=_amount(raw, source, rule_id), unit=_unit(raw, source, rule_id),
                     condition=_str(raw, "condition", source, rule_id),
                     reference=_reference(raw["reference"], source, rule_id, f"extension {ext_id!r} reference"),
                     verified=verified, note=note, excludes=tuple(excludes))


def _reference(raw: Any, source: str, rule_id: str | None, what: str) -> Reference:
    if not isinstance(raw, Mapping):
        raise RuleFileError(source, f"{what} must be a table {{instrument, article, paragraph}}", rule_id=rule_id)
    _keys(raw, _REFERENCE_KEYS, source, what, rule_id=rule_id, required={"instrument", "article"})
    values = {key: raw.get(key, "") for key in _REFERENCE_KEYS}
    for key, value in values.items():
        if not isinstance(value, str):
            raise RuleFileError(source, f"{what}.{key} must be a string", rule_id=rule_id)
    if not values["instrument"].strip():
        raise RuleFileError(source, f"{what}.instrument must not be empty", rule_id=rule_id)
    return Reference(instrument=values["instrument"], article=values["article"], paragraph=values["paragraph"])


def _keys(raw: Mapping[str, Any], allowed: set[str], source: str, what: str, *, required: set[str],
          rule_id: str | None = None) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise RuleFileError(source, f"{what} has unknown key(s) {', '.join(unknown)}", rule_id=rule_id)
    missing = sorted(required - set(raw))
    if missing:
        raise RuleFileError(source, f"{what} is missing {', '.join(missing)}", rule_id=rule_id)


def _str(raw: Mapping[str, Any], key: str, source: str, rule_id: str | None = None) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleFileError(source, f"{key} must be a non-empty string", rule_id=rule_id)
    return value


def _bool(raw: Mapping[str, Any], key: str, source: str, what: str, rule_id: str | None = None) -> bool:
    value = raw.get(key)
    if not isinstance(value, bool):
        raise RuleFileError(source, f"{what}.{key} must be true or false, not {value!r}", rule_id=rule_id)
    return value


def _date(raw: Mapping[str, Any], key: str, source: str) -> date:
    value = raw.get(key)
    # TOML local dates load as date; a datetime would smuggle a time of day into an effective date.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise RuleFileError(source, f"{key} must be a date like 2026-06-12, not {value!r}")
    return value


def _amount(raw: Mapping[str, Any], source: str, rule_id: str) -> int:
    value = raw.get("amount")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RuleFileError(source, f"amount must be a positive whole number, not {value!r}", rule_id=rule_id)
    return value


def _unit(raw: Mapping[str, Any], source: str, rule_id: str) -> Unit:
    try:
        return Unit(str(raw.get("unit")))
    except ValueError:
        raise RuleFileError(source, f"unit must be one of {', '.join(u.value for u in Unit)}, not {raw.get('unit')!r}",
                            rule_id=rule_id) from None


def _list(raw: Mapping[str, Any], key: str, source: str, rule_id: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise RuleFileError(source, f"{key} must be a list of [[rules.{key}]] tables", rule_id=rule_id)
    return value
