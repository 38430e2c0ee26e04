"""One test per name rule, each naming its source (RULES in korak.identity.normalise.names,
the group's `source` in korak/identity/data/name_variants.toml). Synthetic names only."""

import tomllib
from pathlib import Path

import pytest

from korak.identity.normalise import names
from korak.identity.normalise.names import compare_parts, fold, match_key, parse_name, skeleton, stem, variant_of


# Source: RULES["fold"] — Gaj's Latin typed without diacritics (the đ → dj, č/ć → c …).
@pytest.mark.parametrize(("written", "folded"), [
    ("Đorđe", "djordje"), ("Dženan", "dzenan"), ("Čolić", "colic"), ("Ćazim", "cazim"), ("Šefik", "sefik"),
    ("Žana", "zana"), ("Џенан", "dzenan"), ("Ђорђе", "djordje"),
])
def test_local_folding(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_dj_and_d_spellings_of_dj_meet_in_one_key() -> None:
    # Source: RULES["fold"]: đ is typed dj or d.
    assert match_key("djordje") == match_key("dordje") == match_key(fold("Đorđe"))


# Source: RULES["particle"] — ALA-LC Arabic rules on the article and ibn/bin.
@pytest.mark.parametrize(("written", "parts"), [
    ("al-Hassan", ("hassan",)), ("El Hassan", ("hassan",)), ("Omar bin Khalid", ("omar", "khalid")),
    ("Inam ul Haq", ("inam", "haq")), ("Yusuf ibn Ali", ("yusuf", "ali")), ("الحسن", ("hsn",)),
])
def test_particles_are_not_name_parts(written: str, parts: tuple[str, ...]) -> None:
    assert parse_name(written).parts == parts


def test_a_particle_alone_is_kept() -> None:
    assert parse_name("Al").parts == ("al",)


# Source: RULES["abd"] — Wikipedia "Abd", "Abdul Rahman".
@pytest.mark.parametrize("written", ["Abdul Rahman", "Abdul-Rahman", "Abd al-Rahman", "Abdurrahman",
                                     "Abdelrahman", "Abdurahman", "Abdulrahman", "عبد الرحمن"])
def test_abd_compounds_are_one_part_with_one_key(written: str) -> None:
    parts = parse_name(written).parts
    assert len(parts) == 1
    assert match_key(parts[0]) == match_key("abdulrahman")


# Source: RULES["zai"] — the Pashto suffix; the Ahmadi / Ahmadzai example.
@pytest.mark.parametrize("written", ["Ahmadzai", "Ahmadzay", "Ahmadi", "احمدزی"])
def test_the_zai_suffix_meets_its_stem(written: str) -> None:
    assert match_key(parse_name(written).parts[0]) == match_key("ahmad")


def test_a_short_stem_keeps_its_suffix() -> None:
    assert stem("zai") == "zai"


# Source: RULES["ich"] — Wikipedia "-ić".
@pytest.mark.parametrize("written", ["Petrovich", "Petrovitch", "Petrović", "Петровић"])
def test_ich_is_ic(written: str) -> None:
    assert match_key(parse_name(written).parts[0]) == match_key("petrovic")


# Source: Wikipedia "Macedonian alphabet": Ѓ and Ќ correspond to Serbian Ђ and Ћ.
@pytest.mark.parametrize(("macedonian", "serbian"), [("Делиќ", "Делић"), ("Ѓурѓевиќ", "Ђурђевић")])
def test_macedonian_gj_kj_meet_serbian_dj_c(macedonian: str, serbian: str) -> None:
    assert match_key(parse_name(macedonian).parts[0]) == match_key(parse_name(serbian).parts[0])


# Source: RULES["skeleton"] — romanisations of Arabic script differ in vowels.
@pytest.mark.parametrize(("a", "b"), [("muhammad", "mhmd"), ("hussein", "hsin"), ("yusuf", "yusf"),
                                      ("omar", "amr"), ("ibrahim", "ebrahim"), ("khalid", "khald"),
                                      ("javed", "jawid"), ("darwish", "drwish"), ("hoxha", "hoksha"),
                                      ("anwar", "anur"), ("daud", "dawd"), ("tavakoli", "tukli"),  # و as u or w
                                      ("ghasemi", "qasmi"), ("kasim", "qasim"),  # ق as gh, q or k
                                      ("othman", "osman"), ("reza", "rza")])  # ث th/s; ض z
def test_skeletons_bridge_latin_and_arabic_script(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def _groups() -> dict[str, dict[str, object]]:
    path = Path(names.__file__).resolve().parent.parent / "data" / "name_variants.toml"
    return dict(tomllib.loads(path.read_text(encoding="utf-8"))["groups"])


def test_every_variant_group_names_its_source() -> None:
    groups = _groups()
    assert len(groups) >= 25
    for canonical, group in groups.items():
        assert str(group["source"]).startswith("Wikipedia '"), canonical
        assert canonical in group["spellings"], canonical  # type: ignore[operator]


@pytest.mark.parametrize("canonical", sorted(_groups()))
def test_each_variant_group_meets_in_one_key(canonical: str) -> None:
    # Source: the group's own `source` entry in name_variants.toml.
    group = _groups()[canonical]
    for spelling in group["spellings"]:  # type: ignore[attr-defined]
        part = "".join(names.tokens(spelling))
        found = variant_of(part)
        assert found is not None and found.source == group["source"], spelling
        assert compare_parts(part, canonical).level in {"exact", "variant"}
        assert match_key(part) == match_key(canonical)


@pytest.mark.parametrize(("a", "b", "level"), [
    ("ahmed", "ahmed", "exact"),
    ("mehmed", "mohammed", "variant"),        # Wikipedia 'Muhammad (name)'
    ("muhammad", "mhmd", "key"),              # Arabic-script skeleton
    ("tavakoli", "tavakoki", "similar"),      # a consonant typo: Jaro-Winkler
    ("petrovic", "hassan", "none"),
])
def test_part_agreement_levels(a: str, b: str, level: str) -> None:
    agreement = compare_parts(a, b)
    assert agreement.level == level
    assert (agreement.weight > 0) == (level != "none")
