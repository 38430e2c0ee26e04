"""How well a registry record fits a query, pure: a score in [0, 1] and an explanation per
field (which name parts agreed after which normalisation; the birth date level; nationality;
sex). The online candidates and the registration warning read this."""

from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import OSA, JaroWinkler

from korak.identity.normalise import (
    DateAgreement,
    PartAgreement,
    PartialDate,
    compare_dates,
    compare_parts,
    match_key,
    parse_name,
)
from korak.identity.normalise.keys import one_letter_off

# Field weights of the score (sum 1). A birth date that contradicts weighs against the rest.
WEIGHTS = {"name": 0.55, "birth": 0.30, "nationality": 0.10, "sex": 0.05}
# The warning at registration: the names agree this well and the birth dates do not contradict.
LIKELY_NAME = 0.8
# Two parts whose consonant skeletons are one letter apart (Ghulam/Gulem: klm/glm; Yasmin/Jaumin):
# a typo more often than another name, below every other agreement.
TYPO_WEIGHT = 0.5
TYPO_SOURCE = "consonant skeletons one letter apart (a typo)"
EDIT_SOURCE = "one letter added, dropped, changed or two swapped (a typo)"
SPELLING_FLOOR = 0.8
SPELLING_SOURCE = "similar spelling (Jaro-Winkler ≥ 0.80)"
# The share of a non-exact part agreement that depends on how close the spellings are.
SPELLING_SHARE = 0.1


@dataclass(frozen=True)
class Profile:
    """A person as matching sees them: folded name parts per field, aliases, what is known."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    aliases: tuple[tuple[str, ...], ...] = ()
    date: PartialDate | None = None
    sex: str = "unknown"
    nationalities: frozenset[str] = frozenset()
    script: str = "latin"
    notes: tuple[str, ...] = ()

    @property
    def name_sets(self) -> list[list[str]]:
        return [[*self.given, *self.family], *[list(alias) for alias in self.aliases]]


def profile_of(*, given_name: str, family_name: str, aliases: list[tuple[str, str]] | None = None,
               date: PartialDate | None = None, sex: str = "unknown",
               nationalities: list[str] | tuple[str, ...] = ()) -> Profile:
    given, family = parse_name(given_name), parse_name(family_name)
    alias_parts = tuple(
        parts for alias_given, alias_family in aliases or []
        if (parts := parse_name(alias_given).parts + parse_name(alias_family).parts)
    )
    script = given.script if given.parts else family.script
    return Profile(given=given.parts, family=family.parts, aliases=alias_parts, date=date, sex=sex or "unknown",
                   nationalities=frozenset(code.upper() for code in nationalities if code),
                   script=script, notes=tuple(dict.fromkeys(given.notes + family.notes)))


@dataclass(frozen=True)
class PartMatch:
    query_part: str
    record_part: str
    level: str  # exact, variant, key, similar
    weight: float
    source: str
    crossed: bool  # a given name agreed with a family name (swapped order)


@dataclass(frozen=True)
class Explanation:
    names: tuple[PartMatch, ...]
    name_score: float
    swapped_order: bool
    via_alias: bool
    unmatched_query: tuple[str, ...]
    unmatched_record: tuple[str, ...]
    scripts: tuple[str, str]
    birth: DateAgreement
    nationality: str  # same, different, unknown
    sex: str  # same, different, unknown
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Scored:
    score: float
    likely: bool
    explanation: Explanation


@cache
def agreement_of(a: str, b: str) -> PartAgreement:
    """compare_parts, and a typo in the skeleton as a weak "similar" where it finds nothing.
    Below "exact", the closer spelling weighs a little more (Omar is nearer Oemr than Amiri,
    though all three share the skeleton "mr"): among many namesakes of a common name, the
    likelier one ranks first instead of an arbitrary one."""
    agreement = _agreement(a, b)
    if agreement.level in {"exact", "none"}:
        return agreement
    closeness = 1 - SPELLING_SHARE + SPELLING_SHARE * JaroWinkler.similarity(a, b)
    return PartAgreement(agreement.level, agreement.weight * closeness, agreement.source)


def _agreement(a: str, b: str) -> PartAgreement:
    agreement = compare_parts(a, b)
    if agreement.weight > 0 or min(len(a), len(b)) < 3:
        return agreement
    if min(len(a), len(b)) >= 4:
        key_a, key_b = match_key(a), match_key(b)
        if min(len(key_a), len(key_b)) >= 3 and one_letter_off(key_a) & one_letter_off(key_b):
            return PartAgreement("similar", TYPO_WEIGHT, TYPO_SOURCE)
        if OSA.distance(a, b) == 1:  # Riza/Rifa: short skeletons, one keystroke
            return PartAgreement("similar", TYPO_WEIGHT, EDIT_SOURCE)
    similarity = JaroWinkler.similarity(a, b)
    if similarity >= SPELLING_FLOOR:  # Rashid/Rasid with Ibrahim/Braiim: typed twice, by two clerks
        return PartAgreement("similar", TYPO_WEIGHT * similarity, SPELLING_SOURCE)
    return agreement


def _match_names(query: list[tuple[str, str]], record: list[tuple[str, str]]
                 ) -> tuple[list[PartMatch], float, list[str], list[str]]:
    """Greedy one-to-one agreement of name parts, strongest first."""
    pairs = []
    for qi, (q_part, q_field) in enumerate(query):
        for ri, (r_part, r_field) in enumerate(record):
            agreement = agreement_of(q_part, r_part)
            if agreement.weight > 0:
                pairs.append((agreement.weight, q_field == r_field, qi, ri, agreement))
    pairs.sort(key=lambda pair: (pair[0], pair[1]), reverse=True)
    used_q: set[int] = set()
    used_r: set[int] = set()
    matches = []
    for weight, same_field, qi, ri, agreement in pairs:
        if qi in used_q or ri in used_r:
            continue
        used_q.add(qi)
        used_r.add(ri)
        matches.append(PartMatch(query[qi][0], record[ri][0], agreement.level, weight, agreement.source,
                                 crossed=not same_field))
    total = sum(match.weight for match in matches)
    shorter, longer = sorted((len(query), len(record)))
    score = 0.0 if shorter == 0 else 0.7 * total / shorter + 0.3 * total / longer
    unmatched_q = [part for index, (part, _f) in enumerate(query) if index not in used_q]
    unmatched_r = [part for index, (part, _f) in enumerate(record) if index not in used_r]
    return matches, score, unmatched_q, unmatched_r


def _tagged(given: tuple[str, ...], family: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(part, "given") for part in given] + [(part, "family") for part in family]


def score(query: Profile, record: Profile) -> Scored:
    """The record's fit to the query, with its explanation."""
    best: tuple[list[PartMatch], float, list[str], list[str]] | None = None
    via_alias = False
    q_names = [_tagged(query.given, query.family)] + [[(part, "alias") for part in alias] for alias in query.aliases]
    r_names = [_tagged(record.given, record.family)] + [[(part, "alias") for part in alias]
                                                        for alias in record.aliases]
    for q_index, q_name in enumerate(q_names):
        for r_index, r_name in enumerate(r_names):
            result = _match_names(q_name, r_name)
            if best is None or result[1] > best[1]:
                best, via_alias = result, bool(q_index or r_index)
    if best is None:  # pragma: no cover - both lists hold the main name
        raise ValueError("a profile without a name")
    matches, name_score, unmatched_q, unmatched_r = best
    birth = compare_dates(query.date, record.date)
    if not query.nationalities or not record.nationalities:
        nationality, nationality_weight = "unknown", 0.5
    elif query.nationalities & record.nationalities:
        nationality, nationality_weight = "same", 1.0
    else:
        # Often a confusion at registration (a neighbouring country, a transit country).
        nationality, nationality_weight = "different", 0.3
    unknown_sex = {"unknown", "other", ""}
    if query.sex in unknown_sex or record.sex in unknown_sex:
        sex, sex_weight = "unknown", 0.5
    elif query.sex == record.sex:
        sex, sex_weight = "same", 1.0
    else:
        sex, sex_weight = "different", 0.0
    total = (WEIGHTS["name"] * name_score + WEIGHTS["birth"] * birth.weight
             + WEIGHTS["nationality"] * nationality_weight + WEIGHTS["sex"] * sex_weight)
    crossed = [match.crossed for match in matches if not via_alias]
    explanation = Explanation(
        names=tuple(matches), name_score=round(name_score, 4),
        swapped_order=bool(crossed) and sum(crossed) * 2 >= len(crossed), via_alias=via_alias,
        unmatched_query=tuple(unmatched_q), unmatched_record=tuple(unmatched_r),
        scripts=(query.script, record.script), birth=birth, nationality=nationality, sex=sex,
        notes=tuple(dict.fromkeys(query.notes + record.notes)),
    )
    likely = name_score >= LIKELY_NAME and not birth.contradicts
    return Scored(score=round(total, 4), likely=likely, explanation=explanation)
