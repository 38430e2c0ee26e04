"""Script detection and transliteration to Latin, pure.

Each table is data with its source; a test per rule names it (tests/test_normalise_scripts.py).

- Serbian Cyrillic → Gaj's Latin, the official Serbian Latin alphabet, letter for letter
  (Serbian Cyrillic alphabet, 30 letters; Wikipedia "Serbian Cyrillic alphabet", table
  "Serbian Cyrillic and Latin"; Constitution of Serbia art. 10 names both scripts).
- Macedonian Cyrillic → the official Macedonian Latin romanisation (Government of North
  Macedonia 2008, adopted by BGN/PCGN 2013; Wikipedia "Romanization of Macedonian"):
  Ѓ gj, Ќ kj, Ѕ dz, Ж zh, Ч ch, Ш sh, Џ dzh.
- Arabic script (Arabic, Persian, Urdu, Pashto letters) → ALA-LC romanisation
  (Library of Congress, ALA-LC Romanization Tables: Arabic 2012, Persian, Urdu, Pushto),
  consonants only with diacritics dropped (ḥ → h, ṣ → s …), ʻayn and hamza as a vowel
  carrier, و/ي as w/y at the start of a word, next to alif or before another semivowel,
  and as the long vowels ū/ī elsewhere. Short vowels are not written, so the result is a consonant skeleton
  (محمد → mhmd); the skeleton key and the variant table bridge the gap to "Muhammad".
  One deliberate deviation: ة (tāʼ marbūṭah) becomes "a" (the pausal pronunciation that
  Latin registries write, Fatima/Fatimah), where ALA-LC rule 7(a) writes "h"."""

import unicodedata

SERBIAN_CYRILLIC = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž", "З": "Z", "И": "I",
    "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O", "П": "P", "Р": "R",
    "С": "S", "Т": "T", "Ћ": "Ć", "У": "U", "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}
MACEDONIAN_CYRILLIC = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ѓ": "Gj", "Е": "E", "Ж": "Zh", "З": "Z", "Ѕ": "Dz",
    "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O", "П": "P",
    "Р": "R", "С": "S", "Т": "T", "Ќ": "Kj", "У": "U", "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Ch", "Џ": "Dzh",
    "Ш": "Sh",
}
# Letters only Macedonian has (Ѓ Ќ Ѕ), and only Serbian has (Ђ Ћ): they decide the table.
MACEDONIAN_ONLY = frozenset("ЃЌЅѓќѕ")
# Letters of Russian/Ukrainian/Bulgarian Cyrillic a registry may still receive (ISO 9 values).
OTHER_CYRILLIC = {"Й": "J", "Ы": "Y", "Э": "E", "Ю": "Ju", "Я": "Ja", "Ь": "", "Ъ": "", "Щ": "Šč", "Ё": "Jo",
                  "Є": "Je", "І": "I", "Ї": "Ji", "Ґ": "G", "Ў": "U"}

# ALA-LC consonant values, diacritics dropped. "V" marks و/ي (decided by position).
ARABIC_SCRIPT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ة": "a", "ى": "a", "ء": "", "ؤ": "", "ئ": "",
    # Persian (ALA-LC Persian)
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k",
    # Urdu (ALA-LC Urdu)
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ے": "e", "ہ": "h", "ھ": "h", "ۃ": "a",
    # Pashto (ALA-LC Pushto)
    "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ځ": "dz", "څ": "ts", "ڼ": "n", "ې": "e", "ۍ": "ay",
}
ARABIC_SEMIVOWELS = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i"), "ۏ": ("w", "u")}
# Written short vowels (rare in registries): fatha, damma, kasra; shadda doubles a consonant.
ARABIC_VOWEL_MARKS = {"\u064e": "a", "\u064f": "u", "\u0650": "i"}
_SHADDA = "\u0651"
_ALIF = frozenset("اأإآٱ")


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


def cyrillic_language(text: str) -> str:
    """mk if the text has a letter only Macedonian uses, else sr (the tables share the rest)."""
    return "mk" if any(char in MACEDONIAN_ONLY for char in text) else "sr"


def _cased(latin: str, upper: bool, next_upper: bool) -> str:
    if upper:
        return latin.upper() if next_upper and len(latin) > 1 else latin
    return latin.lower()


def cyrillic_to_latin(text: str, language: str | None = None) -> str:
    """Serbian (Gaj) or Macedonian (official) Latin, letter for letter, case kept."""
    table = MACEDONIAN_CYRILLIC if (language or cyrillic_language(text)) == "mk" else SERBIAN_CYRILLIC
    out = []
    for index, char in enumerate(text):
        upper_char = char.upper()
        latin = table.get(upper_char, OTHER_CYRILLIC.get(upper_char))
        if latin is None:
            out.append(char)
            continue
        following = text[index + 1] if index + 1 < len(text) else ""
        out.append(_cased(latin, char.isupper(), following.isupper()))
    return "".join(out)


def arabic_to_latin(text: str) -> str:
    """ALA-LC consonants (see the module note), one lower-case word per written word."""
    words = []
    for word in text.split():
        out: list[str] = []
        for index, char in enumerate(word):
            if char in ARABIC_SEMIVOWELS:
                consonant, vowel = ARABIC_SEMIVOWELS[char]
                following = word[index + 1] if index + 1 < len(word) else ""
                previous = word[index - 1] if index else ""
                # A consonant at the start, next to alif (Nawal, Javed) or before another
                # semivowel (Darwish); a long vowel between consonants (Yusuf, Husayn).
                consonantal = index == 0 or following in _ALIF or previous in _ALIF or following in ARABIC_SEMIVOWELS
                out.append(consonant if consonantal else vowel)
            elif char in ARABIC_SCRIPT:
                out.append(ARABIC_SCRIPT[char])
            elif char in ARABIC_VOWEL_MARKS:
                out.append(ARABIC_VOWEL_MARKS[char])
            elif char == _SHADDA and out:
                out.append(out[-1][-1:])
            elif char.isascii() and char.isalnum():
                out.append(char.lower())
        words.append("".join(out))
    return " ".join(word for word in words if word)


def to_latin(text: str) -> str:
    """The Latin form of a name in any of the region's scripts (diacritics kept for Latin
    and Serbian; Arabic script as its ALA-LC consonant skeleton, capitalised)."""
    text = unicodedata.normalize("NFC", text.strip())
    script = script_of(text)
    if script == "cyrillic":
        return cyrillic_to_latin(text)
    if script == "arabic":
        return " ".join(word.capitalize() for word in arabic_to_latin(text).split())
    return text
