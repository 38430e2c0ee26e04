"""Private blocking: the plain engine's blocking rules, each key replaced by a keyed HMAC token.

Every node computes, from its own canonical values, the same keys the plain-text rules use
(korak.identity.linkage.blocking: full date and an initial, two name keys, a name key with the
year and the other initial, two name prefixes with year and month, the full date, a name key
with the other initial) and sends only HMAC-SHA256 of each under a sub-key of the project
secret, truncated to 64 bits and sorted within the rule (the order would say which name a token
came from). The matcher pairs persons sharing a token, across the two nodes, and drops a token
shared by more persons than the plain rules allow, so the candidate pairs are the plain
engine's, and blocking recall is the same, without comparing all pairs."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from korak.identity.linkage.blocking import MAX_GROUP, RULE_LIMITS
from korak.identity.linkage.canonical import name_form
from korak.identity.linkage.records import Person

IntArray = npt.NDArray[np.int64]
Tokenise = Callable[[str, str], bytes]
# The plain rules pair a big group's persons with their neighbours in date or name order; tokens
# hide that order, so a token keeps all its pairs up to MAX_GROUP persons (the rule that drops
# big groups in plain text drops them here at the same size).
CAPS = {rule: limit.full if limit.window == 0 else MAX_GROUP for rule, limit in RULE_LIMITS.items()}
RULES = ("dob+initial", "name-keys-pair", "name-key+year+initial", "prefixes+year-month", "dob", "name-key+initial")


def _keys(text: str) -> tuple[str, list[str]]:
    joined, keys = name_form(text)
    return joined, keys.split()[:3]


def rule_keys(person: Person) -> dict[str, set[str]]:
    """The plain rules' keys of one person, as strings (they never leave the node)."""
    given, given_keys = _keys(person.given_name)
    family, family_keys = _keys(person.family_name)
    g_initial, f_initial = given[:1], family[:1]
    year, month, day = person.year, person.month, person.day
    full = day > 0 and not (month == 1 and day == 1)
    found: dict[str, set[str]] = {rule: set() for rule in RULES}
    if full:
        for date in (f"{year}-{month}-{day}", f"{year}-{day}-{month}"):
            found["dob+initial"].update(f"{date}|{initial}" for initial in (g_initial, f_initial) if initial)
        found["dob"].add(f"{year}-{month}-{day}")
    found["name-keys-pair"].update("|".join(sorted((g, f))) for g in given_keys for f in family_keys)
    name_other = [(key, f_initial) for key in given_keys] + [(key, g_initial) for key in family_keys]
    if year:
        found["name-key+year+initial"].update(f"{key}|{year}|{other}" for key, other in name_other)
    found["name-key+initial"].update(f"{key}|{other}" for key, other in name_other if other)
    if len(given) >= 2 and len(family) >= 2 and year and month:
        found["prefixes+year-month"].add("|".join(sorted((given[:2], family[:2]))) + f"|{year}|{month}")
    return found


def person_tokens(person: Person, tokenise: Tokenise) -> dict[str, list[bytes]]:
    return {rule: sorted(tokenise(rule, key) for key in keys) for rule, keys in rule_keys(person).items()}


@dataclass
class RuleTokens:
    """One rule's tokens of one node: row i holds tokens[starts[i]:starts[i + 1]]."""

    rows: IntArray
    tokens: IntArray


@dataclass
class RulePairs:
    rule: str
    pairs: IntArray  # left row * n_right + right row
    dropped_tokens: int


def rule_pairs(rule: str, left: RuleTokens, right: RuleTokens, n_right: int) -> RulePairs:
    """Pairs of a left and a right row sharing a token; a token held by more than the rule's cap of
    persons (both nodes together, as the plain rule counts) is dropped and counted."""
    cap = CAPS.get(rule, MAX_GROUP)
    tokens = np.concatenate([left.tokens, right.tokens])
    side = np.r_[np.zeros(left.tokens.size, np.int8), np.ones(right.tokens.size, np.int8)]
    rows = np.concatenate([left.rows, right.rows])
    if tokens.size == 0:
        return RulePairs(rule, np.zeros(0, np.int64), 0)
    order = np.lexsort((rows, side, tokens))
    tokens, side, rows = tokens[order], side[order], rows[order]
    distinct = np.r_[True, (tokens[1:] != tokens[:-1]) | (side[1:] != side[:-1]) | (rows[1:] != rows[:-1])]
    tokens, side, rows = tokens[distinct], side[distinct], rows[distinct]
    starts = np.flatnonzero(np.r_[True, tokens[1:] != tokens[:-1]])
    sizes = np.diff(np.r_[starts, tokens.size])
    lefts = np.add.reduceat((side == 0).astype(np.int64), starts)
    too_big = sizes > cap
    keep = ~too_big & (lefts > 0) & (lefts < sizes)
    starts, n_left = starts[keep], lefts[keep]
    n_right_rows = sizes[keep] - n_left
    # Within a token's group the left rows come first (sorted by side): every left row pairs with
    # every right row of its group.
    left_positions = _ranges(starts, n_left)
    per_left = np.repeat(n_right_rows, n_left)
    a = rows[np.repeat(left_positions, per_left)]
    b = rows[_ranges(np.repeat(starts + n_left, n_left), per_left)]
    pairs = np.unique(a * n_right + b)
    return RulePairs(rule, pairs, int(too_big.sum()))


def _ranges(starts: IntArray, sizes: IntArray) -> IntArray:
    """starts[i], starts[i] + 1, ..., starts[i] + sizes[i] - 1 for every i, concatenated."""
    offsets = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    result: IntArray = np.repeat(starts, sizes) + offsets
    return result


def candidate_pairs(left: dict[str, RuleTokens], right: dict[str, RuleTokens], n_right: int
                    ) -> tuple[IntArray, list[RulePairs]]:
    per_rule = [rule_pairs(rule, left[rule], right[rule], n_right) for rule in RULES]
    union = np.unique(np.concatenate([r.pairs for r in per_rule]))
    return union, per_rule
