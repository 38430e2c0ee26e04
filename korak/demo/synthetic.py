"""The synthetic registry shared by `korak demo` and `korak bench people`: persons drawn
from the pools in names.py with a seeded PRNG, so the same seed gives the same registry.

What a real registry looks like, in small: names in Latin (several spellings), in a local
clerk's Latin and Serbian Cyrillic, sometimes in Arabic script; partial birth dates and
1 January placeholders; aliases; and a few persons registered twice under another spelling."""

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate

import cyrtranslit

from korak.demo import names as pool
from korak.people import names
from korak.people.rules import AliasData, DocumentData, PersonData

# Ages count from this year, not from today: the same seed gives the same registry every year.
REFERENCE_YEAR = 2025
NEAR_DUPLICATE_SHARE = 0.05

_REGIONS = [region for _code, region, _weight in pool.NATIONALITIES]
_CODES = [code for code, _region, _weight in pool.NATIONALITIES]
_WEIGHTS = [weight for _code, _region, weight in pool.NATIONALITIES]

# How a Bosnian or Serbian clerk writes a foreign name down: Yusuf → Jusuf, Khan → Han.
_LOCAL = {"kh": "h", "sh": "š", "ch": "č", "zh": "ž", "gh": "g", "th": "t", "ph": "f", "ou": "u", "oo": "u",
          "ee": "i", "y": "j", "w": "v", "q": "k", "x": "ks", "ç": "č", "ş": "š", "ğ": "g", "ı": "i", "ö": "o",
          "ü": "u", "é": "e", "í": "i", "á": "a", "ó": "o", "ú": "u"}
_LOCAL_PATTERN = re.compile("|".join(sorted(_LOCAL, key=len, reverse=True)))
_ALREADY_LOCAL = set("čćšžđČĆŠŽĐ")


@dataclass(frozen=True)
class Drawn:
    """One synthetic person: what an officer would enter, and how it was made."""

    data: PersonData
    given: tuple[pool.Group, ...]
    family: pool.Group
    nationality: str
    near_duplicate_of: int | None = None  # the index of the person this one repeats


def local_spelling(name: str) -> str:
    """Mohammed Qureshi → Mohamed Kureši; a name already in local spelling is kept."""
    if any(char in _ALREADY_LOCAL for char in name):
        return name
    lowered = name.replace("İ", "I").lower()
    # A final -y is a vowel: Chowdhury → Čovdhuri, not Čovdhurj.
    lowered = re.sub(r"y\b", "i", lowered)
    spelled = _LOCAL_PATTERN.sub(lambda match: _LOCAL[match.group()], lowered)
    spelled = re.sub(r"(\w)\1", r"\1", spelled)
    return re.sub(r"(^|[\s\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), spelled)


def to_cyrillic(name: str) -> str:
    """A name as a clerk writes it in Serbian Cyrillic: Hussein → Хусеин."""
    return str(cyrtranslit.to_cyrillic(local_spelling(name).replace(".", ""), "sr"))


def to_arabic(groups: tuple[pool.Group, ...]) -> str | None:
    """The Arabic-script form of a name, if every part has one."""
    parts = [pool.ARABIC.get(group[0]) for group in groups]
    return " ".join(part for part in parts if part) if all(parts) else None


def search_keys(text: str) -> frozenset[str]:
    return frozenset(names.match_key(token) for token in names.tokens(text))


class Generator:
    """Draws persons one after another; remembers them, to repeat a few as near-duplicates."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.drawn: list[Drawn] = []

    def spell(self, group: pool.Group) -> str:
        return group[0] if len(group) == 1 or self.rng.random() < 0.55 else self.rng.choice(group)

    def respell(self, group: pool.Group, current: str) -> str:
        """Another spelling with the same search key, or the same one if none has it."""
        others = [s for s in group if s != current and search_keys(s) == search_keys(current)]
        return self.rng.choice(others) if others else current

    def next(self) -> Drawn:
        if len(self.drawn) > 20 and self.rng.random() < NEAR_DUPLICATE_SHARE:
            drawn = self._near_duplicate(self.rng.randrange(len(self.drawn)))
        else:
            drawn = self._fresh()
        self.drawn.append(drawn)
        return drawn

    def _fresh(self) -> Drawn:
        rng = self.rng
        index = rng.choices(range(len(_CODES)), weights=_WEIGHTS)[0]
        code, region = _CODES[index], _REGIONS[index]
        sex = rng.choices(("male", "female", "unknown"), weights=(74, 23, 3))[0]
        while True:
            given, family = self._draw_name(region, sex)
            given_text = " ".join(self.spell(group) for group in given)
            family_text = self.spell(family)
            if not _refused(given_text, family_text):
                break
        given_text, family_text = self._script(region, given, family, given_text, family_text)
        year, month, day = self._birth(child=rng.random() < 0.1)
        nationalities = self._nationalities(code)
        data = PersonData(
            given_name=given_text, family_name=family_text, sex=sex, birth_year=year, birth_month=month,
            birth_day=day, place_of_birth=rng.choice(region.places) if rng.random() < 0.4 else "",
            country_of_birth=code if rng.random() < 0.6 else "",
            nationalities=nationalities,
            languages=tuple(rng.sample(region.languages, k=rng.randint(1, len(region.languages)))),
            documents=self._documents(code), aliases=self._aliases(region, sex, given, family, given_text),
        )
        return Drawn(data=data, given=given, family=family, nationality=code)

    def _draw_name(self, region: pool.Region, sex: str) -> tuple[tuple[pool.Group, ...], pool.Group]:
        rng = self.rng
        if rng.random() < 0.02:
            # A child of a mixed family: a local given name, the parent's family name.
            local = pool.LOCAL_FEMALE if sex == "female" else pool.LOCAL_MALE
            return (rng.choice(local),), _zipf(rng, region.family)
        given_pool = region.female if sex == "female" else region.male
        given: tuple[pool.Group, ...] = (_zipf(rng, given_pool),)
        if region.compound_given and sex != "female" and rng.random() < 0.2:
            first = rng.choice(region.compound_given)
            if first != given[0]:
                given = (first, *given)
        return given, _zipf(rng, region.family)

    def _script(self, region: pool.Region, given: tuple[pool.Group, ...], family: pool.Group, given_text: str,
                family_text: str) -> tuple[str, str]:
        roll = self.rng.random()
        if region.arabic_script and roll < 0.3:
            arabic_given, arabic_family = to_arabic(given), to_arabic((family,))
            if arabic_given and arabic_family:
                return arabic_given, arabic_family
        if roll > 0.88:
            return to_cyrillic(given_text), to_cyrillic(family_text)
        if roll > 0.7:
            return local_spelling(given_text), local_spelling(family_text)
        return given_text, family_text

    def _birth(self, *, child: bool) -> tuple[int | None, int | None, int | None]:
        rng = self.rng
        age = rng.randint(1, 17) if child else min(70, 18 + int(rng.expovariate(1 / 10)))
        year = REFERENCE_YEAR - age
        precision = rng.choices(("none", "year", "month", "placeholder", "full"), weights=(6, 30, 14, 24, 26))[0]
        if precision == "none":
            return None, None, None
        if precision == "year":
            return year, None, None
        if precision == "month":
            return year, rng.randint(1, 12), None
        if precision == "placeholder":
            # Registries write 1 January when only the year is known.
            return year, 1, 1
        return year, rng.randint(1, 12), rng.randint(1, 28)

    def _nationalities(self, code: str) -> tuple[str, ...]:
        roll = self.rng.random()
        if roll < 0.04:
            return ()
        if roll < 0.06:
            return code, self.rng.choice([other for other in _CODES if other != code])
        return (code,)

    def _documents(self, code: str) -> tuple[DocumentData, ...]:
        rng = self.rng
        documents = []
        if rng.random() < 0.28:
            issued = date(rng.randint(2014, 2024), rng.randint(1, 12), rng.randint(1, 28))
            number = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(1_000_000, 9_999_999)}"
            documents.append(DocumentData(type="passport", number=number, issuing_country=code, valid_from=issued,
                                          valid_until=issued.replace(year=issued.year + rng.choice((5, 10)))))
        if rng.random() < 0.1:
            documents.append(DocumentData(type="id_card", number=str(rng.randint(10**8, 10**9 - 1)),
                                          issuing_country=code))
        return tuple(documents)

    def _aliases(self, region: pool.Region, sex: str, given: tuple[pool.Group, ...], family: pool.Group,
                 given_text: str) -> tuple[AliasData, ...]:
        rng = self.rng
        if rng.random() >= 0.15:
            return ()
        aliases = []
        for _ in range(2 if rng.random() < 0.2 else 1):
            kind = rng.choices(("spelling", "family", "local", "cyrillic"), weights=(40, 25, 20, 15))[0]
            if kind == "spelling":
                spelled = " ".join(rng.choice(group) for group in given)
                aliases.append(AliasData(given_name=spelled, family_name=self.spell(family)))
            elif kind == "family":
                aliases.append(AliasData(given_name=given_text, family_name=self.spell(_zipf(rng, region.family))))
            elif kind == "local":
                local = pool.LOCAL_FEMALE if sex == "female" else pool.LOCAL_MALE
                aliases.append(AliasData(given_name=self.spell(rng.choice(local)),
                                         family_name=self.spell(rng.choice(pool.LOCAL_FAMILY))))
            else:
                spelled = " ".join(group[0] for group in given)
                aliases.append(AliasData(given_name=to_cyrillic(spelled), family_name=to_cyrillic(family[0])))
        return tuple(aliases)

    def _near_duplicate(self, index: int) -> Drawn:
        """The same person registered again: another spelling or script, a vaguer birth date,
        sometimes the same passport typed differently. The name keys stay equal, so the
        registration warning can find the first record."""
        rng = self.rng
        base = self.drawn[index]
        original = base.data
        given = " ".join(self.respell(group, self.spell(group)) for group in base.given)
        family = self.respell(base.family, self.spell(base.family))
        roll = rng.random()
        if roll < 0.3:
            given, family = to_cyrillic(given), to_cyrillic(family)
        elif roll < 0.4:
            given, family = to_arabic(base.given) or given, to_arabic((base.family,)) or family
        if search_keys(given) != search_keys(original.given_name):
            given = original.given_name
        if search_keys(family) != search_keys(original.family_name):
            family = original.family_name
        year = original.birth_year
        birth: tuple[int | None, int | None, int | None] = (None, None, None)
        if year is not None:
            exact = (year, original.birth_month, original.birth_day)
            birth = rng.choices(((year, None, None), (year, 1, 1), exact, birth), weights=(35, 25, 25, 15))[0]
        documents: tuple[DocumentData, ...] = ()
        passports = [doc for doc in original.documents if doc.type == "passport"]
        if passports and rng.random() < 0.4:
            number = passports[0].number
            documents = (DocumentData(type="passport", number=f"{number[0]} {number[1:4]}-{number[4:]}",
                                      issuing_country=passports[0].issuing_country),)
        data = PersonData(
            given_name=given, family_name=family, sex=original.sex,
            birth_year=birth[0], birth_month=birth[1], birth_day=birth[2],
            nationalities=original.nationalities, languages=original.languages, documents=documents,
        )
        return Drawn(data=data, given=base.given, family=base.family, nationality=base.nationality,
                     near_duplicate_of=index)


@cache
def _zipf_weights(size: int) -> list[float]:
    return list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(size)))


def _zipf(rng: random.Random, groups: tuple[pool.Group, ...]) -> pool.Group:
    """A few names are very common and most are rare, as in any registry."""
    return rng.choices(groups, cum_weights=_zipf_weights(len(groups)))[0]


def _refused(given: str, family: str) -> bool:
    family_folded = names.fold(family)
    return any((part, family_folded) in pool.REFUSED_COMBINATIONS for part in names.tokens(given))


def synthetic_people(*, seed: int, count: int) -> Iterator[Drawn]:
    generator = Generator(seed)
    for _ in range(count):
        yield generator.next()
