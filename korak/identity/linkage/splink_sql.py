"""Korak's comparison levels and blocking rules written as Splink SQL.

The levels mirror korak.identity.linkage.compare level for level (same order, same
thresholds, the same crossed alignment of given and family names), so Splink's gamma value
of a pair equals compare.py's level. Every condition is plain SQL over columns of the person
table built by splink_engine (CASE, COALESCE, SUBSTR, ABS, arithmetic and comparisons) plus
the backend's Jaro-Winkler function, whose name comes from Splink's dialect
(`jaro_winkler_similarity` in DuckDB, the `jaro_winkler` UDF Splink registers on Spark), so
the same model runs on both. Blocking rules are equalities on precomputed key columns: no
array unnesting, which backends spell differently."""

from collections.abc import Callable
from itertools import product
from typing import Any

from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

from korak.identity.linkage.compare import SWAP_MARGIN

SqlOf = Callable[[str], str]  # the Jaro-Winkler function's name → an SQL condition


class KorakLevel(ComparisonLevelCreator):
    """One comparison level whose SQL is written for the dialect it is created for."""

    def __init__(self, sql: SqlOf, label: str, *, is_null_level: bool = False,
                 tf_adjustment_column: str | None = None) -> None:
        self.sql = sql
        self.label = label
        if is_null_level:
            self.configure(is_null_level=True)
        if tf_adjustment_column:
            # The exact level compares the aligned spelling, which Splink cannot recognise as an
            # exact match by its SQL: use this level's own u for the adjustment.
            self.configure(tf_adjustment_column=tf_adjustment_column, tf_adjustment_weight=1.0,
                           disable_tf_exact_match_detection=True)

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        return self.sql(sql_dialect.jaro_winkler_function_name)

    def create_label_for_charts(self) -> str:
        return self.label


def _jw(function: str, left: str, right: str) -> str:
    # compare.py counts a missing name as similarity 0.
    return f"COALESCE({function}({left}, {right}), 0)"


def crossed(function: str) -> str:
    """compare.Comparator's rule: the crossed alignment wins when it is clearly better."""
    straight = f"({_jw(function, 'given_l', 'given_r')} + {_jw(function, 'family_l', 'family_r')})"
    cross = f"({_jw(function, 'given_l', 'family_r')} + {_jw(function, 'family_l', 'given_r')})"
    return f"({cross} > {straight} + {SWAP_MARGIN})"


def _either(function: str, straight: str, swapped: str) -> str:
    """The condition on the aligned side: `swapped` when the pair is crossed, else `straight`.
    The cheap test of both comes first, so the four Jaro-Winkler values that decide the
    alignment are only computed for the few pairs where either could hold (CASE conditions
    and AND are evaluated lazily by DuckDB and Spark alike)."""
    return f"(({straight}) OR ({swapped})) AND (CASE WHEN {crossed(function)} THEN {swapped} ELSE {straight} END)"


def _any_key(field_l: str, field_r: str) -> str:
    """Whether the first three name keys of two fields share one (absent keys are NULL)."""
    return "(" + " OR ".join(f"{field_l}{i}_l = {field_r}{j}_r" for i, j in product((1, 2, 3), repeat=2)) + ")"


def name_levels(field: str) -> list[ComparisonLevelCreator | dict[str, Any]]:
    """compare.NAME_LEVELS for `given` or `family`, strongest first, on the aligned other side."""
    other = "family" if field == "given" else "given"
    key, other_key = ("gk", "fk") if field == "given" else ("fk", "gk")

    def aligned(condition: Callable[[str, str], str]) -> SqlOf:
        return lambda f: _either(f, condition(f, field), condition(f, other))

    return [
        KorakLevel(lambda f: f"{field}_l IS NULL OR {_either(f, f'{field}_r IS NULL', f'{other}_r IS NULL')}",
                   "a side has no name", is_null_level=True),
        KorakLevel(aligned(lambda _f, side: f"{field}_l = {side}_r"), "exact", tf_adjustment_column=field),
        KorakLevel(aligned(lambda f, side: f"{field}_keys_l = {side}_keys_r OR {_jw(f, f'{field}_l', f'{side}_r')} "
                                           ">= 0.95"),
                   "keys agree (variant or skeleton) or jaro-winkler ≥ 0.95"),
        KorakLevel(lambda f: _either(f, _any_key(key, key), _any_key(key, other_key)), "a name part's key agrees"),
        KorakLevel(aligned(lambda f, side: f"{_jw(f, f'{field}_l', f'{side}_r')} >= 0.88"), "jaro-winkler ≥ 0.88"),
        KorakLevel(aligned(lambda f, side: f"{_jw(f, f'{field}_l', f'{side}_r')} >= 0.75"), "jaro-winkler ≥ 0.75"),
        KorakLevel(lambda f: "ELSE", "different"),
    ]


_BOTH_FULL = "(full_date_l = 1 AND full_date_r = 1)"
_SAME_YEAR = "year_l = year_r"
_MONTH_COMPATIBLE = "(mk_l = 0 OR mk_r = 0 OR mk_l = mk_r)"
# One differing digit leaves two of year, month and day equal, two leave one: cheap tests first.
_TWO_PARTS_EQUAL = "((year_l = year_r AND month_l = month_r) OR (year_l = year_r AND day_l = day_r) OR " \
    "(month_l = month_r AND day_l = day_r))"
_ONE_PART_EQUAL = "(year_l = year_r OR month_l = month_r OR day_l = day_r)"
# How many of the eight digits of YYYYMMDD differ (compare._differing_digits).
_DIFFERING = "(" + " + ".join(f"(CASE WHEN SUBSTR(ymd_l, {k}, 1) <> SUBSTR(ymd_r, {k}, 1) THEN 1 ELSE 0 END)"
                              for k in range(1, 9)) + ")"


def date_levels() -> list[ComparisonLevelCreator | dict[str, Any]]:
    """compare.DATE_LEVELS, strongest first. `full_date` = a full date that is not 1 January; `mk` =
    the month when it is known and not the placeholder's, else 0 (both precomputed per person)."""
    same_date = f"{_SAME_YEAR} AND month_l = month_r AND day_l = day_r"
    conditions = [
        ("year_l IS NULL OR year_r IS NULL", "a side has no birth year"),
        (f"{_BOTH_FULL} AND {same_date}", "exact"),
        (f"NOT {_BOTH_FULL} AND {same_date}", "same partial date"),
        (f"NOT {_BOTH_FULL} AND {_SAME_YEAR} AND {_MONTH_COMPATIBLE}",
         "compatible partial date (year/month/1 January)"),
        (f"({_BOTH_FULL} AND {_SAME_YEAR} AND month_l = day_r AND day_l = month_r) OR ({_BOTH_FULL} AND "
         f"{_TWO_PARTS_EQUAL} AND {_DIFFERING} = 1)", "day/month swapped or one digit differs"),
        (f"({_BOTH_FULL} AND {_ONE_PART_EQUAL} AND {_DIFFERING} = 2) OR "
         f"(NOT {_BOTH_FULL} AND ABS(year_l - year_r) = 1 AND {_MONTH_COMPATIBLE})",
         "two digits differ or year ±1 with a partial date"),
        (_SAME_YEAR, "same year"),
        ("ELSE", "different"),
    ]
    return [KorakLevel(_constant(sql), label, is_null_level=index == 0)
            for index, (sql, label) in enumerate(conditions)]


def _constant(sql: str) -> SqlOf:
    return lambda _function: sql


def flag_levels(column: str) -> list[ComparisonLevelCreator | dict[str, Any]]:
    return [KorakLevel(lambda _f: f"{column}_l IS NULL OR {column}_r IS NULL", "unknown", is_null_level=True),
            KorakLevel(lambda _f: f"{column}_l = {column}_r", "same"),
            KorakLevel(lambda _f: "ELSE", "different")]


def comparisons() -> list[Any]:
    """Splink comparisons in compare.COMPARISONS order (their gamma = compare.py's level)."""
    from splink.comparison_library import CustomComparison

    return [CustomComparison(name_levels("given"), output_column_name="given_name"),
            CustomComparison(name_levels("family"), output_column_name="family_name"),
            CustomComparison(date_levels(), output_column_name="birth_date"),
            CustomComparison(flag_levels("sex"), output_column_name="sex"),
            CustomComparison(flag_levels("nationality"), output_column_name="nationality")]


# Key columns of the rules with several keys per person (see splink_engine.KEY_RULES).
KEYS_PER_PERSON = 2


def _cross(column: str) -> list[str]:
    return [f"l.{column}{i} = r.{column}{j}" for i, j in product(range(1, KEYS_PER_PERSON + 1), repeat=2)]


_INITIALS = ("(l.g_initial = r.g_initial OR l.g_initial = r.f_initial OR l.f_initial = r.g_initial "
             "OR l.f_initial = r.f_initial)")


def blocking_rules() -> list[tuple[str, str]]:
    """(blocking.RULES name, SQL) in the order Splink applies them; a rule with several keys per
    person is one SQL rule per pair of key positions."""
    rules = [("dob", "l.dob = r.dob"), ("dob+initial", f"l.dob = r.dob_swapped AND {_INITIALS}")]
    rules += [("name-keys-pair", sql) for sql in _cross("np")]
    rules += [("name-key+year+initial", sql) for sql in _cross("nyi")]
    rules += [("prefixes+year-month", "l.pym = r.pym")]
    rules += [("name-key+initial", sql) for sql in _cross("ni")]
    return rules


# EM sessions (compare model.train): each blocks on columns its comparison reads, so Splink
# leaves that comparison out of the session.
TRAINING_RULES = ("l.ymd = r.ymd AND l.full_date = 1 AND r.full_date = 1",
                  "l.given_keys = r.given_keys AND l.family_keys = r.family_keys")
# For the prior (Splink's estimate_probability_two_random_records_match).
DETERMINISTIC_RULES = ("l.given_keys = r.given_keys AND l.family_keys = r.family_keys AND l.ymd = r.ymd",)
