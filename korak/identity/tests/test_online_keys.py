"""The blocking keys that keep a duplicate within reach of the online query (pure: no database):
a name whose parts share one key pairs that key with itself; a typo in one name still meets
the other name and the year; the scorer tells a skeleton typo from no agreement at all."""

from uuid import uuid4

from korak.identity import queries, scoring
from korak.identity.normalise import PartialDate, parse_name
from korak.identity.normalise.keys import name_pairs, one_letter_off, person_keys


def keys_of(given: str, family: str, year: int | None = None, month: int | None = None, day: int | None = None,
            *, query: bool = False) -> set[tuple[str, str]]:
    parts = [*parse_name(given).parts, *parse_name(family).parts]
    return person_keys([parts], PartialDate(year, month, day) if year else None, query=query)


def test_parts_sharing_one_key_pair_with_themselves() -> None:
    # Hossain and Hassan have one skeleton (hsn): without the self-pair there is no pair key at all.
    assert name_pairs(["hossain", "hassan"]) == [("hsn", "hsn")]
    record = keys_of("Hussein", "Al-Hassan", 1967)
    query = keys_of("Hossain", "Hassan", 1966, query=True)
    assert ("py", "hsn:hsn:1967") in record & query  # the query looks a year either side


def test_the_self_pair_is_not_made_for_one_part() -> None:
    assert name_pairs(["hassan"]) == []
    assert not any(kind in {"nn", "py", "ty"} for kind, _value in keys_of("Hassan", "", 1990))


def test_one_letter_off_holds_the_key_and_its_deletions() -> None:
    assert one_letter_off("krm") == {"krm", "rm", "km", "kr"}
    assert one_letter_off("k") == {"k"}


def test_a_typo_in_one_name_still_meets_the_other_name_and_the_year() -> None:
    # Karimi → Kartmi: the skeletons krm and krtm differ, so no n, nn or py key is shared.
    record = keys_of("Khadija", "Kartmi", 1993)
    query = keys_of("Khadija", "Karimi", 1993, query=True)
    shared = record & query
    assert {kind for kind, _value in shared} == {"n", "ny", "ty"}
    assert ("ty", "hd/krm:1993") in shared
    # The typo key needs the year: another birth year shares none.
    assert not {kind for kind, _value in keys_of("Khadija", "Kartmi", 1970) & query} & {"ty"}


def test_a_typo_pair_counts_once_per_person_in_the_shortlist() -> None:
    exact, typo, other = uuid4(), uuid4(), uuid4()
    hits = [("ty", f"hd/{variant}:1993", exact) for variant in ("krm", "rm", "km", "kr")]
    hits += [("ty", "hd/krm:1993", typo), ("nn", "hd:krm", other), ("nn", "hd:krm", exact)]
    ranked = queries.rank(hits)
    assert ranked[0] == exact
    # Four shared variants of one pair weigh like one typo key (more than a shared name pair).
    assert queries.rank(hits) == [exact, typo, other]
    assert queries.rank([h for h in hits if h[2] != exact]) == [typo, other]


def test_the_scorer_reads_a_skeleton_typo_as_a_weak_similarity() -> None:
    agreement = scoring.agreement_of("yasmin", "jaumin")  # ysmn / ymn: one letter apart
    assert (agreement.level, agreement.source) == ("similar", scoring.TYPO_SOURCE)
    assert (1 - scoring.SPELLING_SHARE) * scoring.TYPO_WEIGHT < agreement.weight < scoring.TYPO_WEIGHT
    assert scoring.agreement_of("jamal", "samir").level == "none"
    assert scoring.agreement_of("rana", "rima").level == "none"  # short skeletons say too little
    riza = scoring.agreement_of("riza", "rifa")  # rz / rf: one keystroke apart, skeletons too short
    assert (riza.level, riza.source) == ("similar", scoring.EDIT_SOURCE)
    sara = scoring.agreement_of("sara", "saa")  # a dropped letter of a short name: spelled alike
    assert (sara.level, sara.source) == ("similar", scoring.SPELLING_SOURCE) and sara.weight < scoring.TYPO_WEIGHT
    assert scoring.agreement_of("ali", "ari").level == "none"
    assert scoring.agreement_of("ab", "abu").level != "similar"  # two letters say too little
    typo = scoring.score(scoring.profile_of(given_name="Khan", family_name="Yasmin"),
                         scoring.profile_of(given_name="Han", family_name="Jaumin"))
    none = scoring.score(scoring.profile_of(given_name="Khan", family_name="Yasmin"),
                         scoring.profile_of(given_name="Han", family_name="Samir"))
    assert typo.score > none.score
    assert [m.level for m in typo.explanation.names] == ["key", "similar"]


def test_a_person_without_a_birth_date_is_found_by_its_name_pair_alone() -> None:
    # nn ahmd:mhmd is shared by thousands in a large registry; nu only by those without a date.
    record = keys_of("Muhamed", "Ahmadi")
    assert ("nu", "ahmd:mhmd") in record & keys_of("Mohammad", "Ahmadzai", 1999, query=True)
    assert ("nu", "ahmd:mhmd") in record & keys_of("Mohammad", "Ahmadzai", query=True)
    assert not any(kind == "nu" for kind, _value in keys_of("Muhamed", "Ahmadi", 1999))


def test_a_query_without_a_date_reads_more_of_its_common_name_pairs() -> None:
    assert queries.UNDATED_CAPS["nn"] > queries.CAPS["nn"]
    hits = [("nn", "ahmd:mhmd", uuid4()) for _ in range(queries.CAPS["nn"] + 100)]
    assert len(queries.rank(hits, caps=queries.UNDATED_CAPS, size=queries.UNDATED_SHORTLIST)) == 300
    assert len(queries.rank(hits)) == queries.MAX_SHORTLIST  # a tie, cut at the most scored


def test_among_agreements_of_one_level_the_closer_spelling_weighs_more() -> None:
    # Oemr shares the skeleton "mr" with Omar and with Amiri; Omar is the nearer spelling.
    omar, amiri = scoring.agreement_of("oemr", "omar"), scoring.agreement_of("oemr", "amiri")
    assert omar.level == amiri.level == "key"
    assert amiri.weight < omar.weight < 0.85
    assert scoring.agreement_of("omar", "omar").weight == 1.0
    query = scoring.profile_of(given_name="Oemr", family_name="Jamal")
    assert scoring.score(query, scoring.profile_of(given_name="Omar", family_name="Jamal")).score > \
        scoring.score(query, scoring.profile_of(given_name="Jamal", family_name="Amiri")).score


def test_a_name_key_and_the_day_and_month_meet_a_typed_year_and_a_typo_in_the_other_name() -> None:
    query = keys_of("Javed", "Baghgri", 1972, 8, 15, query=True)
    record = keys_of("Javed", "Bagheri", 1971, 8, 15)
    assert {key for key in query & record if key[0] not in {"n", "ty"}} == {("nm", "yd:08-15")}
    assert not {key for key in keys_of("Javed", "Bagheri", 1971, 1, 1) if key[0] == "nm"}  # a placeholder
    assert not {key for key in keys_of("Javed", "Bagheri", 1971, 8) if key[0] == "nm"}


def test_a_query_without_a_date_meets_a_typo_in_one_name_through_the_pair_alone() -> None:
    # Marid/Majid: mrd and md, one letter apart; Rafiq kept. The query has no year for ty.
    query = keys_of("Marid", "Rafiq", query=True)
    assert {key for key in query & keys_of("Majid", "Rafiq", 1979, 12, 13) if key[0] != "n"} == {("tu", "rfk/md")}
    assert {key for key in query if key[0] == "tu"} >= {("tu", "rfk/mrd"), ("tu", "rfk/md"), ("tu", "mrd/rf")}
    # A dated query reads ty (with the year) instead: tu alone is too common for it.
    assert not {key for key in keys_of("Marid", "Rafiq", 1979, query=True) if key[0] == "tu"}


def test_a_typo_and_an_estimated_year_one_apart_still_meet() -> None:
    query = keys_of("Nargis", "Awkan", 1973, 1, 1, query=True)
    assert ("ty", "nrgs/an:1974") in query & keys_of("Nargis", "Awan", 1974, 1, 1)
