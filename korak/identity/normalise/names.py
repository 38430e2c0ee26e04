"""Names across scripts, pure: folding with the local conventions, name parts (particles,
Abd- compounds, the Pashto -zai suffix), a spelling-blind key, and how two parts agree.

Every rule cites its source in RULES; tests/test_normalise_names.py has a test per rule."""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

from korak.identity.normalise.scripts import script_of, to_latin

RULES = {
    "fold": "Local digraphs without diacritics as Bosnian, Croatian, Montenegrin and Serbian clerks type "
            "them: đ → dj, dž → dz, č/ć → c, š → s, ž → z (Gaj's Latin alphabet; the issue's list)",
    "particle": "Arabic article al-/el- and the connectors ibn/bin/bint ('son/daughter of') and ul/ud "
                "are not names of their own (ALA-LC Arabic romanisation, rules 8 and 19; Wikipedia "
                "'Arabic name', sections Nasab and the definite article)",
    "abd": "Abd- compounds ('servant of' + a name of God) are one name however written: Abdul Rahman, "
           "Abd al-Rahman, Abdurrahman (Wikipedia 'Abd'; 'Abdul Rahman')",
    "zai": "Pashto tribal suffix -zai/-zay/-zey ('descendant of'): Ahmadzai, Ahmadi and Ahmad share "
           "a stem (Wikipedia 'Pashtun tribes', naming; the issue's Ahmadi/Ahmadzai example)",
    "ich": "-ich/-itch is the English/French rendering of the South Slavic surname ending -ić/-ич "
           "(Wikipedia '-ić')",
    "skeleton": "A consonant skeleton: short vowels are not written in Arabic script, so romanisations "
                "differ in vowels only (linkage-anchors.md §4: 21 of 28 variants meet in one skeleton)",
    "variant": "The variant table korak/identity/data/name_variants.toml, each group with its source",
}

_FOLD = {"đ": "dj", "Đ": "Dj", "ǆ": "dz", "ǅ": "Dz", "Ǆ": "DZ", "č": "c", "Č": "C", "ć": "c", "Ć": "C",
         "š": "s", "Š": "S", "ž": "z", "Ž": "Z", "ß": "ss", "æ": "ae", "ø": "o", "ı": "i", "ł": "l"}
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
PARTICLES = frozenset({"al", "el", "ul", "ud", "ad", "ar", "as", "ash", "at", "az", "ibn", "bin", "bint", "bn",
                       "bnt", "binti", "ben"})
_ABD_HEADS = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdur", "abdar", "abdus", "abdil"})
_ZAI = re.compile(r"(?:zai|zay|zey|zei|zoy)$")
_ZAI_ARABIC = re.compile(r"(?:zi|zy)$")
# Macedonian gj/kj (Ѓ/Ќ) are the counterparts of Serbian đ/ć (Wikipedia "Macedonian alphabet":
# Ѓ and Ќ correspond to Serbian Ђ and Ћ): one key for Delić, Делић and Делиќ.
_DIGRAPHS = (("x", "ks"), ("dzh", "dz"), ("tsh", "c"), ("kh", "h"), ("gh", "g"), ("sh", "s"), ("zh", "z"),
             ("ch", "c"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("dj", "d"), ("gj", "d"), ("kj", "c"),
             ("ts", "c"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("q", "k"), ("w", "v"))
_VOWELS = frozenset("aeiou")


def fold(text: str) -> str:
    """Lower-case ASCII in the local convention: Đorđe → djordje, Џенан → dzenan."""
    latin = to_latin(text).replace("Dž", "Dz").replace("dž", "dz").replace("DŽ", "DZ")
    replaced = "".join(_FOLD.get(char, char) for char in latin)
    return str(anyascii(unicodedata.normalize("NFC", replaced))).lower()


def tokens(text: str) -> list[str]:
    """The folded words of a name: "Abdul-Rahman al Hassan" → [abdul, rahman, al, hassan]."""
    return [token for token in _TOKEN_SPLIT.split(fold(text)) if token]


def _abd(token: str) -> str:
    """abdurrahman, abdelrahman, abd al-rahman (joined) → abdulrahman: one spelling of the head."""
    rest = token[3:]
    if rest[:2] in ("ul", "el", "al", "ol", "il") and len(rest) > 3:
        rest = rest[2:]
    elif rest[:1] in _VOWELS:
        rest = rest[1:]
    if len(rest) >= 2 and rest[0] == rest[1]:
        rest = rest[1:]
    return "abdul" + rest


@dataclass(frozen=True)
class ParsedName:
    parts: tuple[str, ...]  # folded name parts, particles dropped, compounds joined
    script: str
    notes: tuple[str, ...]  # which rules applied (keys of RULES)


def parse_name(text: str) -> ParsedName:
    """The parts of a name as matching sees them."""
    script = script_of(text)
    words = tokens(text)
    notes: list[str] = []
    if script == "arabic":
        # The article is written joined in Arabic script: الحسن → alhsn → hsn.
        stripped = [w[2:] if w.startswith("al") and len(w) > 4 else w for w in words]
        # The Pashto suffix written زی (zi): spelled as its Latin -zai so that stem() finds it.
        stripped = [_ZAI_ARABIC.sub("zai", w) if len(w) > 5 else w for w in stripped]
        if stripped != words:
            notes.append("particle")
        words = stripped
    parts: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in _ABD_HEADS:
            following = index + 1
            while following < len(words) and words[following] in PARTICLES:
                following += 1
            if following < len(words):
                parts.append(_abd(word + words[following]))
                notes.append("abd")
                index = following + 1
                continue
        if word in PARTICLES and len(words) > 1:
            notes.append("particle")
        elif word.startswith("abd") and len(word) > 5:
            parts.append(_abd(word))
        else:
            parts.append(word)
        index += 1
    return ParsedName(parts=tuple(parts), script=script, notes=tuple(dict.fromkeys(notes)))


def stem(part: str) -> str:
    """The part without the -zai suffix or with -ić for -ich; the part itself otherwise."""
    stemmed = _ZAI.sub("", part)
    if stemmed != part and len(stemmed) >= 3:
        return stemmed
    if part.endswith("itch"):
        return part[:-4] + "ic"
    if part.endswith("ich") and len(part) > 5:
        return part[:-3] + "ic"
    return part


def skeleton(part: str) -> str:
    """First letter (any vowel as "a"), then consonants with doubles collapsed:
    Muhammad, Mohammed, Muhamed and محمد (mhmd) share "mhmd"."""
    if not part:
        return ""
    for source, target in _DIGRAPHS:
        part = part.replace(source, target)
    part = part.replace("j", "y")
    head = "a" if part[0] in _VOWELS else part[0]
    rest = re.sub(r"[aeiouy]", "", part[1:])
    return re.sub(r"(.)\1+", r"\1", head + rest)


@dataclass(frozen=True)
class VariantGroup:
    canonical: str
    source: str


@cache
def variant_table() -> dict[str, VariantGroup]:
    """Folded spelling → its group (canonical spelling and source), from the data file."""
    path = Path(__file__).resolve().parent.parent / "data" / "name_variants.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    index: dict[str, VariantGroup] = {}
    for canonical, group in data["groups"].items():
        entry = VariantGroup(canonical=canonical, source=group["source"])
        for spelling in group["spellings"]:
            index.setdefault("".join(tokens(spelling)), entry)
    return index


def variant_of(part: str) -> VariantGroup | None:
    table = variant_table()
    return table.get(part) or table.get(stem(part))


@cache
def match_key(part: str) -> str:
    """The key two spellings of one name share: the skeleton of its variant group's
    canonical spelling if the table knows it, else the skeleton of its stem."""
    group = variant_of(part)
    return skeleton(group.canonical if group else stem(part))


@dataclass(frozen=True)
class PartAgreement:
    level: str  # exact, variant, key, similar, none
    weight: float
    source: str = ""


LEVEL_WEIGHTS = {"exact": 1.0, "variant": 0.95, "key": 0.85, "similar": 0.7, "none": 0.0}


@cache
def compare_parts(a: str, b: str) -> PartAgreement:
    """How two folded name parts agree, strongest level first."""
    if a == b:
        return PartAgreement("exact", LEVEL_WEIGHTS["exact"])
    group_a, group_b = variant_of(a), variant_of(b)
    if group_a is not None and group_a == group_b:
        return PartAgreement("variant", LEVEL_WEIGHTS["variant"], group_a.source)
    if match_key(a) == match_key(b):
        return PartAgreement("key", LEVEL_WEIGHTS["key"], RULES["skeleton"])
    if min(len(a), len(b)) >= 4:
        similarity = JaroWinkler.similarity(a, b)
        if similarity >= 0.9:
            return PartAgreement("similar", LEVEL_WEIGHTS["similar"] * similarity, "Jaro-Winkler ≥ 0.90")
        if JaroWinkler.similarity(match_key(a), match_key(b)) >= 0.93 and min(len(match_key(a)),
                                                                              len(match_key(b))) >= 4:
            return PartAgreement("similar", 0.55, "Jaro-Winkler of the keys ≥ 0.93")
    return PartAgreement("none", 0.0)
