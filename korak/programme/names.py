"""Officials' names across scripts, pure: the Latin form shown beside a name and the folded
key that sign-in sheets are matched on.

The same rules as korak.people.names (Serbian Cyrillic in Gaj's Latin, Macedonian Gj/Kj/Dz,
the digraphs a clerk types without diacritics), kept apart on purpose: the programme's
officials are not the third-country nationals of `people`, and the import contracts keep
the two apps independent."""

import re
import unicodedata

import cyrtranslit
from anyascii import anyascii

_MACEDONIAN_LETTERS = {"Ѓ": "Gj", "ѓ": "gj", "Ќ": "Kj", "ќ": "kj", "Ѕ": "Dz", "ѕ": "dz"}  # noqa: RUF001
# Đ is typed "Dj" or just "D", č/ć as "c", dž as "dz": fold to the digraph, then compare.
_FOLD = {"đ": "dj", "ǆ": "dz", "č": "c", "ć": "c", "š": "s", "ž": "z", "ß": "ss", "ł": "l"}
_SPLIT = re.compile(r"[^a-z0-9]+")


def _is_cyrillic(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    cyrillic = sum(1 for char in letters if unicodedata.name(char, "").startswith("CYRILLIC"))
    return bool(letters) and cyrillic * 2 >= len(letters)


def to_latin(text: str) -> str:
    """The Latin form of a name as written (diacritics kept): Марко Петровић → Marko Petrović."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if _is_cyrillic(text):
        text = "".join(_MACEDONIAN_LETTERS.get(char, char) for char in text)
        return str(cyrtranslit.to_latin(text, "sr"))
    return text


def fold(text: str) -> str:
    """Lower-case ASCII with the local digraphs: Đorđević → djordjevic, Петровић → petrovic."""
    latin = to_latin(text).lower().replace("dž", "dz")
    return str(anyascii("".join(_FOLD.get(char, char) for char in latin))).lower()


def tokens(text: str) -> list[str]:
    return [token for token in _SPLIT.split(fold(text)) if token]


def loose(token: str) -> str:
    """A key blind to the choices a clerk makes without diacritics: "dj" or "d" for đ,
    "ij"/"j"/"y", doubled letters. Djordjevic, Dordevic and Đorđević share "dordevic"."""
    token = token.replace("dj", "d").replace("dz", "z").replace("y", "j").replace("ij", "j")
    return re.sub(r"(.)\1+", r"\1", token)


def name_key(given_name: str, family_name: str) -> str:
    """The folded match key of a whole name: family name first, parts loosened."""
    family = " ".join(loose(t) for t in tokens(family_name))
    given = " ".join(loose(t) for t in tokens(given_name))
    return f"{family}|{given}"[:200]
