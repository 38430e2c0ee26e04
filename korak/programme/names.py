"""Officials' names across scripts, pure: the Latin form shown beside a name and the folded
key that sign-in sheets are matched on.

Transliteration and folding are Korak's one implementation, korak.identity.normalise (Serbian
Cyrillic in Gaj's Latin, Macedonian Gj/Kj/Dz, the digraphs a clerk types without diacritics):
that package is pure and knows nothing of cases, so the programme may use it (the import
contract names this one exception). The officials themselves stay apart from the persons of
`people` and `identity`; only the key below is the programme's own."""

import re
import unicodedata

from korak.identity.normalise import fold, tokens
from korak.identity.normalise import to_latin as _to_latin

__all__ = ["fold", "loose", "name_key", "to_latin", "tokens"]


def to_latin(text: str) -> str:
    """The Latin form of a name as written (diacritics kept): Марко Петровић → Marko Petrović."""
    return _to_latin(unicodedata.normalize("NFC", " ".join(text.split())))


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
