"""A synthetic Western-Balkans-style registry with known truth: no real person.

Persons (true identities) are drawn from name pools (Arabic-, Persian-, Pashto- and
Urdu-origin names as migrants are registered in BA, RS, ME and MK, and local South Slavic
and Albanian names); each is registered one to four times, by institutions that write
names differently: Latin with local spellings (Muhamed, Husein, Jusuf), Serbian or
Macedonian Cyrillic, or Arabic script copied from a document. Duplicates carry the noise
registries have: spelling variants, swapped given and family names, -zai/-i and al- forms,
1 January placeholders, year-only dates, day and month swapped, typos, nationality confusion,
dropped middle names. The pools are built from common names (Wikipedia lists; the variant
spellings come from korak/identity/data/name_variants.toml); names combine at random, so no
record describes a real person.

`generate(persons, seed)` returns the records (ids r0000001…, cluster ids c0000001…);
`write(records, directory)` writes registry.csv (id, given_name, family_name, birth_date,
sex, nationality, script) and truth.csv (id, cluster_id)."""

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from korak.identity.normalise.names import variant_table

# (Latin canonical, Arabic script). Male given names.
GIVEN_MALE = [
    ("Muhammad", "محمد"), ("Ahmad", "احمد"), ("Ali", "علي"), ("Hassan", "حسن"), ("Hussein", "حسين"),
    ("Omar", "عمر"), ("Yusuf", "يوسف"), ("Khalid", "خالد"), ("Ibrahim", "إبراهيم"), ("Mustafa", "مصطفى"),
    ("Mahmoud", "محمود"), ("Abdullah", "عبد الله"), ("Abdulrahman", "عبد الرحمن"), ("Said", "سعيد"),
    ("Karim", "كريم"), ("Jamal", "جمال"), ("Reza", "رضا"), ("Jafar", "جعفر"), ("Hamid", "حامد"),
    ("Rashid", "راشد"), ("Nasser", "ناصر"), ("Osman", "عثمان"), ("Abbas", "عباس"), ("Hamza", "حمزة"),
    ("Sulaiman", "سليمان"), ("Bilal", "بلال"), ("Tariq", "طارق"), ("Samir", "سمير"), ("Walid", "وليد"),
    ("Faisal", "فيصل"), ("Nabil", "نبيل"), ("Zakaria", "زكريا"), ("Idris", "ادريس"), ("Ismail", "اسماعيل"),
    ("Yahya", "يحيى"), ("Adnan", "عدنان"), ("Anwar", "انور"), ("Jawad", "جواد"), ("Farid", "فريد"),
    ("Habib", "حبيب"), ("Latif", "لطيف"), ("Majid", "ماجد"), ("Naeem", "نعيم"), ("Qasim", "قاسم"),
    ("Rahim", "رحيم"), ("Sami", "سامي"), ("Shafiq", "شفيق"), ("Wahid", "وحيد"), ("Zubair", "زبير"),
    ("Aziz", "عزيز"), ("Bashir", "بشير"), ("Daud", "داود"), ("Fawad", "فواد"), ("Ghulam", "غلام"),
    ("Imran", "عمران"), ("Javed", "جاوید"), ("Kamran", "کامران"), ("Mansour", "منصور"), ("Nawid", "نوید"),
    ("Rafiq", "رفيق"), ("Shahid", "شاهد"), ("Sohail", "سهیل"), ("Zahir", "ظاهر"), ("Ehsan", "احسان"),
]
GIVEN_FEMALE = [
    ("Fatima", "فاطمة"), ("Aisha", "عائشة"), ("Zainab", "زينب"), ("Mariam", "مريم"), ("Amina", "امينة"),
    ("Khadija", "خديجة"), ("Layla", "ليلى"), ("Nour", "نور"), ("Sara", "سارة"), ("Huda", "هدى"),
    ("Rana", "رنا"), ("Samira", "سميرة"), ("Yasmin", "ياسمين"), ("Zahra", "زهراء"), ("Farida", "فريدة"),
    ("Habiba", "حبيبة"), ("Jamila", "جميلة"), ("Latifa", "لطيفة"), ("Nadia", "نادية"), ("Parwana", "پروانه"),
    ("Shirin", "شیرین"), ("Soraya", "ثريا"), ("Malalai", "ملالی"), ("Nargis", "نرگس"), ("Hasina", "حسينة"),
]
# Family names: Afghan (often -i or -zai), Arabic (al- forms), Pakistani, Iranian.
FAMILY = [
    ("Ahmadi", "احمدی"), ("Rahimi", "رحیمی"), ("Hakimi", "حکیمی"), ("Karimi", "کریمی"), ("Haidari", "حیدری"),
    ("Noori", "نوری"), ("Sultani", "سلطانی"), ("Popal", "پوپل"), ("Safi", "صافی"), ("Wardak", "وردک"),
    ("Stanikzai", "ستانکزی"), ("Ahmadzai", "احمدزی"), ("Mohammadi", "محمدی"), ("Hussaini", "حسینی"),
    ("Rezaei", "رضایی"), ("Azizi", "عزیزی"), ("Jafari", "جعفری"), ("Habibi", "حبیبی"), ("Qaderi", "قادری"),
    ("Yousafzai", "یوسفزی"), ("Amiri", "امیری"), ("Sadat", "سادات"), ("Naseri", "ناصری"), ("Mirzai", "میرزایی"),
    ("Akbari", "اکبری"), ("Hashimi", "هاشمی"), ("Jalali", "جلالی"), ("Kakar", "کاکړ"), ("Mangal", "منگل"),
    ("Durrani", "درانی"), ("Barakzai", "بارکزی"), ("Niazi", "نیازی"), ("Rasuli", "رسولی"), ("Sharifi", "شریفی"),
    ("Alkozai", "الکوزی"), ("Hotak", "هوتک"), ("Zazai", "زازی"), ("Samadi", "صمدی"), ("Ghafoori", "غفوری"),
    ("Hassan", "الحسن"), ("Khalil", "خليل"), ("Haddad", "حداد"), ("Saleh", "صالح"), ("Mansour", "منصور"),
    ("Nasser", "ناصر"), ("Hamdan", "حمدان"), ("Darwish", "درويش"), ("Abbas", "عباس"), ("Othman", "عثمان"),
    ("Hamid", "حامد"), ("Khatib", "الخطيب"), ("Najjar", "النجار"), ("Masri", "المصري"), ("Halabi", "الحلبي"),
    ("Shami", "الشامي"), ("Hourani", "الحوراني"), ("Zoubi", "الزعبي"), ("Obeidi", "العبيدي"), ("Jabouri", "الجبوري"),
    ("Tamimi", "التميمي"), ("Dulaimi", "الدليمي"), ("Kurdi", "الكردي"), ("Sabbagh", "الصباغ"), ("Attar", "العطار"),
    ("Khan", "خان"), ("Malik", "ملک"), ("Qureshi", "قریشی"), ("Chaudhry", "چوہدری"), ("Butt", "بٹ"),
    ("Siddiqui", "صدیقی"), ("Awan", "اعوان"), ("Rajput", "راجپوت"), ("Mirza", "مرزا"), ("Bhatti", "بھٹی"),
    ("Hosseini", "حسینی"), ("Moradi", "مرادی"), ("Mousavi", "موسوی"), ("Tavakoli", "توکلی"), ("Rostami", "رستمی"),
    ("Ebrahimi", "ابراهیمی"), ("Ghasemi", "قاسمی"), ("Salehi", "صالحی"), ("Kazemi", "کاظمی"), ("Bagheri", "باقری"),
    ("Benali", "بنعلي"), ("Idrissi", "الإدريسي"), ("Alaoui", "العلوي"), ("Bouzid", "بوزيد"), ("Cherif", "الشريف"),
    ("Hamdi", "حمدي"), ("Mahmoud", "محمود"), ("Yusuf", "يوسف"), ("Ibrahim", "إبراهيم"), ("Mustafa", "مصطفى"),
]
# Local names, Gaj's Latin (Bosnian, Serbian, Montenegrin, Macedonian, Albanian).
BALKAN_MALE = ["Đorđe", "Nikola", "Marko", "Stefan", "Miloš", "Nemanja", "Dženan", "Emir", "Adnan", "Haris",
               "Amar", "Kenan", "Ljubomir", "Dragan", "Zoran", "Goran", "Vuk", "Luka", "Aleksandar", "Dušan",
               "Arben", "Besnik", "Gjorgji", "Kiril", "Blerim", "Jovan", "Petar", "Mirza", "Senad", "Nermin"]
BALKAN_FEMALE = ["Ljubica", "Jelena", "Milica", "Ana", "Dženana", "Amra", "Lejla", "Emina", "Ivana", "Marija",
                 "Njegoslava", "Teodora", "Sanja", "Arta", "Blerta", "Elena", "Vesna", "Selma", "Ajla", "Jasmina"]
BALKAN_FAMILY = ["Petrović", "Jovanović", "Nikolić", "Đorđević", "Ilić", "Marković", "Pavlović", "Stojanović",
                 "Hodžić", "Hadžić", "Begić", "Delić", "Kovačević", "Mehmedović", "Ćirić", "Njegoš", "Ljubičić",
                 "Šarić", "Živković", "Čolić", "Popovski", "Trajkovski", "Nikolovski", "Krasniqi", "Gashi",
                 "Berisha", "Hoxha", "Vukčević", "Radović", "Džaferović", "Kosevski", "Ristovski", "Mujić"]
NATIONALITIES = [("AF", 30), ("SY", 18), ("PK", 14), ("IQ", 8), ("IR", 7), ("MA", 5), ("DZ", 4), ("BD", 3),
                 ("TR", 3), ("LY", 2), ("TN", 2), ("EG", 2), ("PS", 2)]
BALKAN_NATIONALITIES = [("BA", 4), ("RS", 4), ("MK", 3), ("ME", 2), ("AL", 3), ("XK", 3)]
# Confusions at registration: neighbours, transit countries, one language area.
CONFUSED = {"AF": ["PK", "IR"], "PK": ["AF", "IN"], "IR": ["AF", "IQ"], "SY": ["IQ", "LB", "PS"], "IQ": ["SY", "IR"],
            "MA": ["DZ", "TN"], "DZ": ["MA", "TN"], "TN": ["DZ", "LY"], "LY": ["TN", "EG"], "EG": ["LY", "SD"],
            "PS": ["SY", "JO"], "BD": ["IN", "PK"], "TR": ["SY", "IQ"], "BA": ["RS", "ME"], "RS": ["BA", "ME"],
            "MK": ["AL", "RS"], "ME": ["RS", "BA"], "AL": ["XK", "MK"], "XK": ["AL", "RS"]}
# How each registering country writes a name: (script, weight).
PROFILES = {
    "BA": [("latin", 85), ("arabic", 15)],
    "RS": [("sr-cyrillic", 55), ("latin", 35), ("arabic", 10)],
    "MK": [("mk-cyrillic", 65), ("latin", 25), ("arabic", 10)],
    "ME": [("latin", 80), ("sr-cyrillic", 10), ("arabic", 10)],
}
_LATIN_TO_SR = [("dž", "џ"), ("lj", "љ"), ("nj", "њ"), ("dj", "ђ"), ("đ", "ђ"), ("kh", "х"), ("sh", "ш"),
                ("ch", "ч"), ("zh", "ж"), ("gh", "г"), ("th", "т"), ("ph", "ф"), ("ou", "у"), ("oo", "у"),
                ("ee", "и"), ("ck", "к"), ("x", "кс"), ("q", "к"), ("w", "в"), ("y", "ј"), ("č", "ч"), ("ć", "ћ"),
                ("š", "ш"), ("ž", "ж")]
_LATIN_TO_MK = [("dž", "џ"), ("dzh", "џ"), ("gj", "ѓ"), ("kj", "ќ"), ("dz", "ѕ"), ("lj", "љ"), ("nj", "њ"),
                ("đ", "ѓ"), ("ć", "ќ"), *_LATIN_TO_SR[4:]]
_SINGLE = dict(zip("abvgdezijklmnoprstufhc", "абвгдезијклмнопрстуфхц", strict=True))


@dataclass(frozen=True)
class SynthRecord:
    id: str
    cluster_id: str
    given_name: str
    family_name: str
    birth_date: str
    sex: str
    nationality: str
    script: str


@dataclass
class _Person:
    cluster: str
    sex: str
    given: list[tuple[str, str | None]]  # (Latin, Arabic script or None)
    family: tuple[str, str | None]
    year: int
    month: int
    day: int
    precision: str  # full, placeholder, year, month
    nationality: str


def _variants() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for spelling, group in variant_table().items():
        groups.setdefault(group.canonical, []).append(spelling)
    return groups


def to_cyrillic(latin: str, *, macedonian: bool = False) -> str:
    """A clerk's Cyrillic for a Latin spelling (for synthetic data only)."""
    table = _LATIN_TO_MK if macedonian else _LATIN_TO_SR
    out = []
    for word in latin.split(" "):
        lower, converted = word.lower(), ""
        index = 0
        while index < len(lower):
            for source, target in table:
                if lower.startswith(source, index):
                    converted += target
                    index += len(source)
                    break
            else:
                char = lower[index]
                converted += _SINGLE.get(char, char)
                index += 1
        out.append(converted[:1].upper() + converted[1:])
    return " ".join(out)


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.variants = _variants()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, pairs: list[tuple[str, int]]) -> str:
        return self.rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]

    def person(self, cluster: str) -> _Person:
        rng = self.rng
        sex = "male" if rng.random() < 0.72 else "female"
        if rng.random() < 0.12:
            pool = BALKAN_MALE if sex == "male" else BALKAN_FEMALE
            given: list[tuple[str, str | None]] = [(rng.choice(pool), None)]
            family: tuple[str, str | None] = (rng.choice(BALKAN_FAMILY), None)
            nationality = self.weighted(BALKAN_NATIONALITIES)
        else:
            pool_a = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
            given = [rng.choice(pool_a)]
            if rng.random() < 0.3:
                given.append(rng.choice(GIVEN_MALE if sex == "male" else GIVEN_FEMALE))
            # Often the father's name serves as the family name.
            family = rng.choice(GIVEN_MALE) if rng.random() < 0.25 else rng.choice(FAMILY)
            nationality = self.weighted(NATIONALITIES)
        year = rng.randint(1950, 2012)
        precision = self.weighted([("full", 78), ("placeholder", 12), ("year", 7), ("month", 3)])
        return _Person(cluster, sex, given, family, year, rng.randint(1, 12), rng.randint(1, 28), precision,
                       nationality)

    def spelling(self, latin: str, *, vary: bool) -> str:
        """A Latin spelling of a name: its own or, when varying, another of its group (or a
        vowel-level variation a clerk might write)."""
        key = latin.lower()
        group = self.variants.get(key)
        if not vary:
            return latin
        if group and self.rng.random() < 0.8:
            return self.rng.choice(group).capitalize()
        if key.endswith("i") and len(key) > 4 and self.rng.random() < 0.3:
            return latin[:-1] + "zai"  # Ahmadi → Ahmadzai
        swaps = [("a", "e"), ("e", "i"), ("o", "u"), ("u", "o"), ("i", "ee"), ("ss", "s"), ("s", "ss"),
                 ("h", ""), ("y", "j"), ("j", "y"), ("ou", "u")]
        source, target = self.rng.choice(swaps)
        index = key.find(source, 1)
        if index < 0:
            return latin
        return (latin[:index] + target + latin[index + len(source):]).capitalize()

    def typo(self, word: str) -> str:
        if len(word) < 4:
            return word
        rng = self.rng
        index = rng.randint(1, len(word) - 2)
        kind = rng.choice(("sub", "del", "ins", "swap"))
        letter = rng.choice("abcdefghijklmnoprstuvz")
        if kind == "sub":
            return word[:index] + letter + word[index + 1:]
        if kind == "del":
            return word[:index] + word[index + 1:]
        if kind == "ins":
            return word[:index] + letter + word[index:]
        return word[:index] + word[index + 1] + word[index] + word[index + 2:]

    def date(self, person: _Person, *, noisy: bool) -> str:
        rng = self.rng
        precision = person.precision
        year, month, day = person.year, person.month, person.day
        if noisy:
            roll = rng.random()
            if roll < 0.10:
                precision = "placeholder"
            elif roll < 0.16:
                precision = "year"
            elif roll < 0.21 and day <= 12:
                month, day = day, month
            elif roll < 0.25:
                if rng.random() < 0.5:
                    day = min(28, max(1, day + rng.choice((-1, 1, 10, -10))))
                else:
                    year += rng.choice((-1, 1))
            elif roll < 0.28:
                return ""
        if precision == "placeholder":
            return f"{year:04d}-01-01"
        if precision == "year":
            return f"{year:04d}"
        if precision == "month":
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}"

    def record(self, person: _Person, record_id: str, *, duplicate: bool) -> SynthRecord:
        rng = self.rng
        country = self.weighted([("BA", 40), ("RS", 30), ("MK", 20), ("ME", 10)])
        script = self.weighted(PROFILES[country])
        given = list(person.given)
        if duplicate and len(given) > 1 and rng.random() < 0.3:
            given = given[:1]
        if script == "arabic" and all(arabic for _l, arabic in [*given, person.family]):
            given_text = " ".join(arabic or "" for _l, arabic in given)
            family_text = person.family[1] or ""
        else:
            script = "latin" if script == "arabic" else script
            vary = duplicate and rng.random() < 0.55
            given_words = [self.spelling(latin, vary=vary and rng.random() < 0.7) for latin, _a in given]
            family_word = self.spelling(person.family[0], vary=vary and rng.random() < 0.6)
            if duplicate and rng.random() < 0.10:
                if rng.random() < 0.5:
                    given_words[0] = self.typo(given_words[0])
                else:
                    family_word = self.typo(family_word)
            if person.family[1] and person.family[1].startswith("ال") and rng.random() < 0.4:
                family_word = "Al-" + family_word
            given_text, family_text = " ".join(given_words), family_word
            if script != "latin":
                macedonian = script == "mk-cyrillic"
                given_text = to_cyrillic(given_text, macedonian=macedonian)
                family_text = to_cyrillic(family_text, macedonian=macedonian)
        if duplicate and rng.random() < 0.10:
            given_text, family_text = family_text, given_text
        nationality = person.nationality
        if duplicate and rng.random() < 0.10:
            nationality = rng.choice(CONFUSED.get(nationality, [nationality]))
        elif duplicate and rng.random() < 0.05:
            nationality = ""
        sex = "unknown" if duplicate and rng.random() < 0.05 else person.sex
        return SynthRecord(record_id, person.cluster, given_text, family_text, self.date(person, noisy=duplicate),
                           sex, nationality, script)


def generate(persons: int, seed: int = 1) -> list[SynthRecord]:
    """`persons` registry records (rows, not identities): about 30% of identities are
    registered more than once."""
    maker = _Maker(seed)
    records: list[SynthRecord] = []
    cluster_number = 0
    while len(records) < persons:
        cluster_number += 1
        person = maker.person(f"c{cluster_number:07d}")
        roll = maker.rng.random()
        copies = 1 if roll < 0.70 else 2 if roll < 0.92 else 3 if roll < 0.98 else 4
        for copy in range(min(copies, persons - len(records))):
            records.append(maker.record(person, f"r{len(records) + 1:07d}", duplicate=copy > 0))
    order = list(range(len(records)))
    maker.rng.shuffle(order)
    return [records[index] for index in order]


REGISTRY_COLUMNS = ("id", "given_name", "family_name", "birth_date", "sex", "nationality", "script")


def write(records: list[SynthRecord], directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    registry, truth = directory / "registry.csv", directory / "truth.csv"
    with registry.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_COLUMNS)
        writer.writerows((r.id, r.given_name, r.family_name, r.birth_date, r.sex, r.nationality, r.script)
                         for r in records)
    with truth.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("id", "cluster_id"))
        writer.writerows((r.id, r.cluster_id) for r in records)
    return registry, truth


def read(directory: Path) -> list[SynthRecord]:
    """The records of a registry.csv (+ truth.csv when present) written by `write`."""
    clusters: dict[str, str] = {}
    truth = directory / "truth.csv"
    if truth.exists():
        with truth.open(encoding="utf-8") as handle:
            clusters = {row["id"]: row["cluster_id"] for row in csv.DictReader(handle)}
    with (directory / "registry.csv").open(encoding="utf-8") as handle:
        return [SynthRecord(row["id"], clusters.get(row["id"], ""), row["given_name"], row["family_name"],
                            row["birth_date"], row["sex"], row["nationality"], row.get("script", ""))
                for row in csv.DictReader(handle)]
