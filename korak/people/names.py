"""Names across scripts, pure: transliteration to Latin, folding, search tokens.

A name is kept as written; these forms are computed from it for display and search. Serbian
Cyrillic uses Gaj's Latin (via cyrtranslit), Macedonian the official Gj/Kj/Dz, Arabic script
a consonant skeleton (short vowels are not written, so no tool can recover "Mohammed"; the
variant table bridges that gap)."""

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

import cyrtranslit
from anyascii import anyascii

_MACEDONIAN_ONLY = set("ЃЌЅѓќѕ")
_MACEDONIAN_LETTERS = {"Ѓ": "Gj", "ѓ": "gj", "Ќ": "Kj", "ќ": "kj", "Ѕ": "Dz", "ѕ": "dz"}
# Local conventions first: the digraphs a Bosnian or Serbian clerk types without diacritics.
_FOLD = {"đ": "dj", "Đ": "Dj", "ǆ": "dz", "dž": "dz", "č": "c", "ć": "c", "š": "s", "ž": "z", "ß": "ss",
         "æ": "ae", "ø": "o", "ı": "i", "ł": "l"}
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


def script_of(text: str) -> str:
    """The dominant script of a name: latin, cyrillic, arabic or other."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = next((s for s in ("LATIN", "CYRILLIC", "ARABIC") if name.startswith(s)), "OTHER")
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda s: counts[s]).lower() if counts else "latin"


def to_latin(text: str) -> str:
    """The Latin form shown beside a name written in another script (diacritics kept)."""
    text = unicodedata.normalize("NFC", text.strip())
    script = script_of(text)
    if script == "cyrillic":
        if any(char in _MACEDONIAN_ONLY for char in text):
            # Macedonian's own letters first (official Gj/Kj/Dz); the rest it shares with Serbian.
            text = "".join(_MACEDONIAN_LETTERS.get(char, char) for char in text)
        return str(cyrtranslit.to_latin(text, "sr"))
    if script == "latin":
        return text
    return " ".join(part.capitalize() for part in str(anyascii(text)).split())


def fold(text: str) -> str:
    """Lower-case ASCII with the local digraphs: Đorđe → djordje, Dženan → dzenan."""
    latin = to_latin(text)
    replaced = "".join(_FOLD.get(char, _FOLD.get(char.lower(), char)) for char in latin.replace("Dž", "Dz"))
    return str(anyascii(replaced)).lower()


def tokens(text: str) -> list[str]:
    """The folded parts of a name: "Abdul-Rahman al Hassan" → [abdul, rahman, al, hassan]."""
    return [token for token in _TOKEN_SPLIT.split(fold(text)) if token]


@cache
def _variant_index() -> dict[str, str]:
    data = tomllib.loads((Path(__file__).parent / "data" / "name_variants.toml").read_text(encoding="utf-8"))
    index: dict[str, str] = {}
    for canonical, spellings in data["groups"].items():
        for spelling in spellings:
            # A compound spelling (abdul-rahman) is matched as one joined token.
            index.setdefault("".join(tokens(spelling)), canonical)
    return index


_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "h"), ("ph", "f"), ("th", "t"), ("dj", "d"),
             ("ou", "u"), ("oo", "u"), ("ee", "i"), ("q", "k"), ("w", "v"), ("x", "ks"))


def skeleton(token: str) -> str:
    """A spelling-blind key: its first letter, then consonants with doubles collapsed.
    Muhamed, Mohammed, Mehmed and Arabic محمد (mhmd) share "mhmd"."""
    if not token:
        return ""
    for source, target in _DIGRAPHS:
        token = token.replace(source, target)
    token = token.replace("j", "y")
    head, rest = token[0], re.sub(r"[aeiouy]", "", token[1:])
    collapsed = re.sub(r"(.)\1+", r"\1", head + rest)
    return collapsed


def match_key(token: str) -> str:
    """The key two spellings of one name share: the variant group if known, else the skeleton."""
    return _variant_index().get(token) or skeleton(token)
