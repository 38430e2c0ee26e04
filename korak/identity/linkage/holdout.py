"""A held-out link pair, written independently of korak.identity.synth: its own name lists
(more Albanian, Macedonian and Pashto names), its own spelling groups and Cyrillic writing,
and its own noise process. The linkage is NOT tuned on it: it exists to report an honest
figure for data nobody tuned to, alongside the synth pair.

Two registering nodes: a North Macedonian one (Macedonian Cyrillic, Latin, some Arabic
script) and a Serbian one (Serbian Cyrillic, Latin). Persons whose birth date nobody knows
are registered on 1 January of an estimated year, or by year only, and the estimates differ
between nodes. Siblings (same family name, father's name as middle name, close birth years)
are planted as hard non-matches. Sex and nationality are often missing. No real person: names
combine at random."""

import random
from dataclasses import dataclass

from korak.identity.linkage.records import Person
from korak.identity.linkage.synthpair import LinkPair

# Spelling groups: the first is the usual Latin form; the others are what clerks write.
MALE_GROUPS = [
    ["Mohammed", "Mohamed", "Muhammed", "Mehmed", "Muhamad", "Mohamad", "Mohammad"],
    ["Youssef", "Yusuf", "Jusuf", "Yousef", "Yousif"], ["Hussein", "Husein", "Hussain", "Hossein", "Husain"],
    ["Abdelkader", "Abdulkadir", "Abdul Qadir", "Abdelkadir"], ["Mustapha", "Mustafa", "Mostafa"],
    ["Ahmed", "Ahmad", "Ahmet"], ["Ibrahim", "Ebrahim", "Ibrahem"], ["Suleiman", "Sulejman", "Soliman", "Suleyman"],
    ["Othman", "Osman", "Usman", "Uthman"], ["Khaled", "Halid", "Khalid", "Chaled"],
    ["Zakariya", "Zakaria", "Zekerija"],
    ["Nasrullah", "Nasrulla", "Nasrollah"], ["Gulbuddin", "Gulbudin"], ["Shafiullah", "Shafiulla", "Safiullah"],
    ["Jalaluddin", "Jalaludin", "Dzelaludin"], ["Haroun", "Harun", "Haroon"], ["Idriss", "Idris", "Edris"],
    ["Tarek", "Tariq", "Tarik"], ["Abdallah", "Abdullah", "Abdulla"], ["Anas", "Enes"], ["Hamza", "Hamze", "Hamzah"],
    ["Agim"], ["Bujar"], ["Driton"], ["Fatmir"], ["Gentian", "Gencian"], ["Ilir"], ["Kujtim"], ["Lulzim"], ["Valon"],
    ["Arbër", "Arber"], ["Shkëlzen", "Shkelzen"], ["Bojan"], ["Dejan"], ["Zlatko"], ["Goce"], ["Vasko"],
    ["Nenad"], ["Slobodan"], ["Radomir"], ["Dragoljub"], ["Mehmedalija", "Mehmed Alija"],
]
FEMALE_GROUPS = [
    ["Fatima", "Fatma", "Fatime", "Fatemeh"], ["Aicha", "Aisha", "Ajša", "Ayesha"], ["Maryam", "Mariam", "Merjem"],
    ["Khadija", "Hatidža", "Kadija", "Khadijah"], ["Zeynab", "Zainab", "Zejneba"], ["Safiya", "Safija", "Sofia"],
    ["Albana"], ["Drita"], ["Fjolla"], ["Teuta"], ["Vjosa"], ["Mimoza"], ["Valbona"], ["Shqipe"],
    ["Biljana"], ["Snežana", "Snezana"], ["Dragana"], ["Gordana"], ["Slavica"], ["Nasrin", "Nesrin", "Nasreen"],
]
FAMILY_GROUPS = [
    ["Achakzai", "Achekzai", "Achakzay"], ["Noorzai", "Nurzai", "Noori"], ["Popalzai", "Popalzay", "Popal"],
    ["Mohmand", "Momand"], ["Shinwari", "Shinwary"], ["Sadiqi", "Sadeqi", "Sediqi"], ["Rahmani", "Rahmany"],
    ["Nazari", "Nazary"], ["Ansari", "Ensari"], ["Qurbani", "Kurbani", "Ghorbani"], ["Faizi", "Fayzi"],
    ["Al-Masri", "Almasri", "El Masri", "Masri"], ["Al-Hamwi", "Hamwi", "El Hamwi"], ["Abu Zaid", "Abuzaid", "Abuzeid"],
    ["Ben Youssef", "Benyoussef", "Ben Jusuf"], ["Bakr", "Bakir", "Bekir"], ["Shala"], ["Morina"], ["Kelmendi"],
    ["Bytyqi", "Bytyçi"], ["Rexhepi", "Redžepi", "Rexhepaj"], ["Zeqiri", "Zekiri"], ["Ramadani", "Ramadan"],
    ["Xhaferi", "Džaferi"], ["Sejdiu", "Sejdiji"], ["Hasani", "Hasan"], ["Aliu", "Alija", "Ali"], ["Osmani"],
    ["Mustafi", "Mustafa"], ["Memeti", "Memedi"], ["Jashari", "Jašari"], ["Stojanovski"], ["Dimitrovski"],
    ["Angelovski"], ["Petkovski"], ["Trajanovski"], ["Jovičić", "Jovicic"], ["Milenković", "Milenkovic"],
    ["Lazarević", "Lazarevic"], ["Ćosić", "Cosic"], ["Đukić", "Djukic", "Dukic"],
]
ARABIC = {"Mohammed": "محمد", "Youssef": "يوسف", "Hussein": "حسين", "Ahmed": "أحمد", "Ibrahim": "إبراهيم",
          "Khaled": "خالد", "Tarek": "طارق", "Abdallah": "عبدالله", "Hamza": "حمزة", "Fatima": "فاطمة",
          "Maryam": "مريم", "Al-Masri": "المصري", "Al-Hamwi": "الحموي", "Bakr": "بكر", "Anas": "أنس"}
NATIONALITIES = ["AF", "AF", "AF", "PK", "SY", "SY", "IQ", "MA", "DZ", "EG", "BD", "AL", "XK", "MK", "RS"]
CONFUSIONS = {"AF": "PK", "PK": "AF", "SY": "IQ", "IQ": "SY", "MA": "DZ", "DZ": "MA", "EG": "SY", "BD": "PK",
              "AL": "XK", "XK": "AL", "MK": "AL", "RS": "XK"}
# Latin → Cyrillic letters (look-alike letters are intended here).
_SR = [("dž", "џ"), ("lj", "љ"), ("nj", "њ"), ("đ", "ђ"), ("dj", "ђ"), ("č", "ч"), ("ć", "ћ"), ("š", "ш"),
       ("ž", "ж"), ("kh", "х"), ("sh", "ш"), ("ch", "ч"), ("ou", "у"), ("oo", "у"), ("ë", "е"), ("ç", "ч"),  # noqa: RUF001
       ("xh", "џ"), ("q", "ћ"), ("y", "ј"), ("w", "в"), ("x", "кс")]  # noqa: RUF001
_MK = [("gj", "ѓ"), ("kj", "ќ"), ("dz", "ѕ"), ("ć", "ќ"), ("đ", "ѓ"), ("q", "ќ"), *_SR]  # noqa: RUF001
_LETTERS = dict(zip("abcdefghijklmnoprstuvz", "абцдефгхијклмнопрстувз", strict=True))


def cyrillic(latin: str, *, macedonian: bool) -> str:
    """A clerk's Cyrillic for a Latin name (this module's own table; synthetic data only)."""
    table = _MK if macedonian else _SR
    words = []
    for word in latin.split(" "):
        lower, out, index = word.lower(), [], 0
        while index < len(lower):
            for source, target in table:
                if lower.startswith(source, index):
                    out.append(target)
                    index += len(source)
                    break
            else:
                out.append(_LETTERS.get(lower[index], lower[index]))
                index += 1
        text = "".join(out)
        words.append(text[:1].upper() + text[1:])
    return " ".join(words)


@dataclass
class _Identity:
    given: list[list[str]]  # spelling groups: first name, optional middle (father's) name
    family: list[str]
    sex: str
    nationality: str
    year: int
    month: int
    day: int
    date_known: bool


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (test data, not secrets)

    def identity(self) -> _Identity:
        rng = self.rng
        sex = "M" if rng.random() < 0.65 else "F"
        given = [rng.choice(MALE_GROUPS if sex == "M" else FEMALE_GROUPS)]
        if rng.random() < 0.2:
            given.append(rng.choice(MALE_GROUPS))  # the father's name as a middle name
        return _Identity(given, rng.choice(FAMILY_GROUPS), sex, rng.choice(NATIONALITIES), rng.randint(1955, 2015),
                         rng.randint(1, 12), rng.randint(1, 28), rng.random() > 0.25)

    def sibling(self, of: _Identity) -> _Identity:
        """Same family and father's name, a birth year close by: a hard non-match."""
        rng = self.rng
        other = self.identity()
        other.family = of.family
        if len(of.given) > 1:
            other.given = [other.given[0], of.given[1]]
        other.year = of.year + rng.choice((-3, -2, -1, 1, 2, 3))
        other.nationality = of.nationality
        other.date_known = of.date_known
        return other

    def spell(self, group: list[str], noisy: bool) -> str:
        rng = self.rng
        word = rng.choice(group) if noisy and rng.random() < 0.5 else group[0]
        if noisy and rng.random() < 0.06 and len(word) > 4:
            index = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(3)
            if kind == 0:
                word = word[:index] + word[index] + word[index:]  # a doubled letter
            elif kind == 1:
                word = word[:index] + word[index + 1:]
            else:
                word = word[:index] + rng.choice("aeioun") + word[index + 1:]
        return word

    def date(self, person: _Identity) -> tuple[int, int, int]:
        rng = self.rng
        if not person.date_known:
            year = person.year + rng.choice((0, 0, 0, 0, 0, 0, 1, -1, 1, -2))
            return (year, 0, 0) if rng.random() < 0.35 else (year, 1, 1)
        roll = rng.random()
        year, month, day = person.year, person.month, person.day
        if roll < 0.04:
            return 0, 0, 0
        if roll < 0.12:
            return year, 0, 0
        if roll < 0.20:
            return year, 1, 1
        if roll < 0.24 and day <= 12:
            return year, day, month
        if roll < 0.27:
            return year + rng.choice((-1, 1)), month, day
        if roll < 0.30:
            return year, month, min(28, max(1, day + rng.choice((-1, 1))))
        return year, month, day

    def record(self, person: _Identity, ident: str, *, node: str, noisy: bool) -> Person:
        rng = self.rng
        given_parts = person.given if rng.random() < 0.75 else person.given[:1]
        given_latin = [self.spell(group, noisy) for group in given_parts]
        family_latin = self.spell(person.family, noisy)
        script = rng.choices(("latin", "cyrillic", "arabic"), weights=(40, 55, 5) if node == "MK" else (50, 50, 0))[0]
        if script == "arabic" and all(g[0] in ARABIC for g in given_parts) and person.family[0] in ARABIC:
            given_text = " ".join(ARABIC[g[0]] for g in given_parts)
            family_text = ARABIC[person.family[0]]
        elif script == "cyrillic":
            given_text = cyrillic(" ".join(given_latin), macedonian=node == "MK")
            family_text = cyrillic(family_latin, macedonian=node == "MK")
        else:
            given_text, family_text = " ".join(given_latin), family_latin
        if rng.random() < 0.08:
            given_text, family_text = family_text, given_text
        year, month, day = self.date(person)
        sex = "" if rng.random() < 0.15 else person.sex
        nationality = person.nationality
        if rng.random() < 0.2:
            nationality = ""
        elif rng.random() < 0.1:
            nationality = CONFUSIONS.get(nationality, nationality)
        return Person(id=ident, given_name=given_text, family_name=family_text, year=year, month=month, day=day,
                      sex=sex, nationality=nationality)


def link_pair(*, left: int = 6000, right: int = 6000, matches: int = 2500, seed: int = 11) -> LinkPair:
    """An MK-node list and an RS-node list with `matches` persons in both; about one in twelve
    of the others has a sibling on the other side."""
    maker = _Maker(seed)
    rng = maker.rng
    shared = [maker.identity() for _ in range(matches)]
    left_only = [maker.identity() for _ in range(left - matches)]
    right_only = [maker.sibling(left_only[i]) if i < len(left_only) and rng.random() < 0.08 else maker.identity()
                  for i in range(right - matches)]
    rows: list[tuple[str, Person, str]] = []  # (side, person, cluster)
    for number, person in enumerate(shared):
        rows.append(("L", maker.record(person, f"mk{number:06d}", node="MK", noisy=False), f"s{number}"))
        rows.append(("R", maker.record(person, f"rs{number:06d}", node="RS", noisy=True), f"s{number}"))
    for number, person in enumerate(left_only, start=matches):
        rows.append(("L", maker.record(person, f"mk{number:06d}", node="MK", noisy=False), f"l{number}"))
    for number, person in enumerate(right_only, start=matches):
        rows.append(("R", maker.record(person, f"rs{number:06d}", node="RS", noisy=True), f"r{number}"))
    rng.shuffle(rows)
    left_rows = [(p, c) for side, p, c in rows if side == "L"]
    right_rows = [(p, c) for side, p, c in rows if side == "R"]
    return LinkPair(left=[p for p, _c in left_rows], right=[p for p, _c in right_rows],
                    clusters=[c for _p, c in left_rows + right_rows], matches=matches)
