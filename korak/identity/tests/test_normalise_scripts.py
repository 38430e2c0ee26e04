"""One test per transliteration rule, each naming its source. Synthetic names only."""

import pytest

from korak.identity.normalise import scripts
from korak.identity.normalise.scripts import script_of, to_latin


@pytest.mark.parametrize(("text", "script"), [
    ("Muhamed", "latin"), ("Мухамед", "cyrillic"), ("محمد", "arabic"), ("", "latin"), ("Ali محمد محمد", "arabic"),
])
def test_script_detection_by_the_majority_of_letters(text: str, script: str) -> None:
    assert script_of(text) == script


# Source: Serbian Cyrillic alphabet ↔ Gaj's Latin alphabet, the official one-to-one table
# (Wikipedia "Serbian Cyrillic alphabet"). The digraph letters must survive (tools that
# fold Any-Latin lose the j of lj/nj and turn đ/dž into d: linkage-anchors.md §4).
@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Ђорђе Петровић", "Đorđe Petrović"),
    ("Љубица Његош", "Ljubica Njegoš"),
    ("Џенана Ћирић", "Dženana Ćirić"),
    ("ЉУБИЦА", "LJUBICA"),
    ("Жарко Чолић Шаренац", "Žarko Čolić Šarenac"),
])
def test_serbian_cyrillic_to_gajs_latin(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


def test_the_serbian_table_has_all_thirty_letters() -> None:
    assert len(scripts.SERBIAN_CYRILLIC) == 30


# Source: official Macedonian Latin romanisation (Government of North Macedonia 2008;
# BGN/PCGN 2013; Wikipedia "Romanization of Macedonian"): Ѓ gj, Ќ kj, Ѕ dz, Ж zh, Ч ch, Ш sh, Џ dzh.
@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Ѓорѓи Ќосевски", "Gjorgji Kjosevski"),
    ("Ѕвонко Џаферовски", "Dzvonko Dzhaferovski"),
    ("Ќерка Жаклина Чаушева Шапкарова", "Kjerka Zhaklina Chausheva Shapkarova"),
])
def test_macedonian_cyrillic_to_the_official_latin(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


def test_the_macedonian_table_has_all_thirty_one_letters() -> None:
    assert len(scripts.MACEDONIAN_CYRILLIC) == 31


# Source: ALA-LC Romanization Tables, Arabic (Library of Congress, 2012): consonants with
# diacritics dropped; و/ي consonantal at the start, long vowels ū/ī inside a word.
@pytest.mark.parametrize(("arabic", "latin"), [
    ("محمد", "Mhmd"),          # m-ḥ-m-d, short vowels unwritten
    ("يوسف", "Yusf"),          # initial ي = y, medial و = ū
    ("حسين", "Hsin"),          # medial ي = ī
    ("خالد", "Khald"),         # خ = kh
    ("نوال", "Nwal"),          # و before alif is a consonant
    ("جاوید", "Jawid"),        # و after alif is a consonant (Javed)
    ("درويش", "Drwish"),       # و before another semivowel is a consonant (Darwish)
    ("عمر", "Amr"),            # ʻayn carries the vowel: written as a
])
def test_arabic_script_to_ala_lc_consonants(arabic: str, latin: str) -> None:
    assert to_latin(arabic) == latin


# Source: ALA-LC Persian, Urdu and Pushto tables: the letters Arabic lacks.
@pytest.mark.parametrize(("letters", "latin"), [
    ("پوپل", "Pupl"), ("چمن", "Chmn"), ("گل", "Gl"), ("ژاله", "Zhalh"),  # Persian پ چ گ ژ
    ("ټکی", "Tki"), ("ځدران", "Dzdran"), ("ښکلی", "Shkli"),                # Pashto ټ ځ ښ
])
def test_persian_urdu_and_pashto_letters(letters: str, latin: str) -> None:
    assert to_latin(letters) == latin


# Source: ALA-LC Persian and Urdu tables: ث s, ض z, ظ z (the module's documented choice).
@pytest.mark.parametrize(("arabic", "latin"), [("عثمان", "Asman"), ("رضا", "Rza"), ("ناظم", "Nazm")])
def test_persian_values_of_tha_dad_and_za(arabic: str, latin: str) -> None:
    assert to_latin(arabic) == latin


def test_ta_marbuta_is_read_as_the_pausal_a() -> None:
    # Deviation from ALA-LC rule 7(a) (h), documented in the module: registries write Fatima.
    assert to_latin("فاطمة") == "Fatma"
