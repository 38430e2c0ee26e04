# ruff: noqa: RUF001 - synthetic names and institutions written in Cyrillic on purpose
"""One person, one participant: cross-script matching, the review queue, merge and undo."""

import random
from datetime import date
from decimal import Decimal
from typing import Any

import cyrtranslit
import pytest

from korak.audit.models import AuditEntry
from korak.organisations.models import Country, Institution, User
from korak.programme import dedupe, names, services, sheets
from korak.programme.models import (
    Activity,
    Attendance,
    CandidateStatus,
    MatchCandidate,
    Merge,
    Official,
    OfficialName,
    Participation,
    Programme,
)
from korak.programme.tests.conftest import make_official


def profile(given: str, family: str, institution: object = 1, country: str = "RS", year: int | None = None,
            email: str = "") -> dedupe.Profile:
    return dedupe.Profile(dedupe.keys_of(given, family), institution, country, year, email)


@pytest.mark.parametrize(("a", "b"), [
    (("Марко", "Петровић"), ("Marko", "Petrovic")),
    (("Đorđe", "Đorđević"), ("Djordje", "Djordjevic")),
    (("Đorđe", "Đorđević"), ("Dorde", "Dordevic")),
    (("Ђорђе", "Ђорђевић"), ("DORDE", "DORDEVIC")),
    (("Ljiljana", "Kovačević"), ("Kovacevic", "Ljiljana")),  # columns swapped
    (("Ѓорѓи", "Костов"), ("Gjorgji", "Kostov")),
])
def test_same_name_across_scripts_and_folding_matches_in_same_institution(a: tuple[str, str],
                                                                         b: tuple[str, str]) -> None:
    assert dedupe.decide(profile(*a), profile(*b)).outcome == dedupe.MATCH


def test_namesake_elsewhere_in_the_country_waits_for_review() -> None:
    assert dedupe.decide(profile("Marko", "Petrović", 1), profile("Marko", "Petrovic", 2)).outcome == dedupe.REVIEW
    # ... and merges when the birth year confirms it.
    assert dedupe.decide(profile("Marko", "Petrović", 1, year=1980),
                         profile("Marko", "Petrovic", 2, year=1980)).outcome == dedupe.MATCH


def test_conflicting_birth_year_or_other_country_never_merges() -> None:
    conflict = dedupe.decide(profile("Marko", "Petrović", year=1980), profile("Marko", "Petrovic", year=1981))
    assert conflict.outcome == dedupe.REVIEW and "birth_year_differs" in conflict.reasons
    assert dedupe.decide(profile("Marko", "Petrović", country="RS"),
                         profile("Marko", "Petrović", country="BA")).outcome is None


def test_typo_goes_to_review_and_different_names_do_not_match() -> None:
    assert dedupe.decide(profile("Marko", "Petrović"), profile("Marko", "Petrivić")).outcome == dedupe.REVIEW
    assert dedupe.decide(profile("Marko", "Petrović"), profile("Mirko", "Petrović")).outcome is None
    assert dedupe.decide(profile("Marko", "Petrović"), profile("Marko", "Popović")).outcome is None


def test_marko_petrovic_in_both_scripts_is_one_participant_and_undo_restores_both(
        coordinator: User, programme: Programme, ministry_ba: Institution, mup_rs: Institution) -> None:
    first = services.create_activity(actor=coordinator, programme_id=programme.id, institution=ministry_ba,
                                     data=services.ActivityData(kind="workshop", title="One", country="BA",
                                                                starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 5)))
    second = services.create_activity(actor=coordinator, programme_id=programme.id, institution=ministry_ba,
                                      data=services.ActivityData(kind="conference", title="Two", country="ME",
                                                                 starts_on=date(2026, 2, 5),
                                                                 ends_on=date(2026, 2, 5)))
    cyrillic = make_official(coordinator, mup_rs, "Марко", "Петровић")
    latin = make_official(coordinator, mup_rs, "Marko", "Petrovic")
    services.register(actor=coordinator, activity_id=first.id, official_id=cyrillic.id)
    services.register(actor=coordinator, activity_id=second.id, official_id=latin.id)

    def unique() -> int:
        return Participation.objects.filter(official__merged_into__isnull=True).values("official").distinct().count()

    assert unique() == 2
    result = dedupe.scan(actor=coordinator)
    assert (result.merged, result.queued) == (1, 0)
    assert unique() == 1 and Participation.objects.count() == 2
    survivor = Official.objects.get(merged_into__isnull=True)
    assert survivor.pk == cyrillic.pk  # the older record survives
    assert set(Participation.objects.values_list("official_id", flat=True)) == {cyrillic.id}
    assert {(n.given_name, n.family_name) for n in survivor.names.all()} == {("Марко", "Петровић"),
                                                                              ("Marko", "Petrovic")}
    merge = Merge.objects.get()
    entry = AuditEntry.objects.get(action="programme.official.merge")
    assert entry.object_id == str(survivor.pk) and entry.details["merge"] == str(merge.id)

    dedupe.undo(actor=coordinator, merge_id=merge.id)
    assert unique() == 2
    assert Participation.objects.get(activity=second).official_id == latin.id
    assert [(n.given_name, n.family_name) for n in OfficialName.objects.filter(official=latin)] == [
        ("Marko", "Petrovic")]
    assert [(n.given_name, n.family_name) for n in OfficialName.objects.filter(official=cyrillic)] == [
        ("Марко", "Петровић")]
    assert AuditEntry.objects.filter(action="programme.official.unmerge").count() == 1
    with pytest.raises(services.RefusedError):
        dedupe.undo(actor=coordinator, merge_id=merge.id)


def test_merge_with_shared_session_keeps_one_attendance_and_undo_restores_it(
        coordinator: User, activity: Activity, mup_rs: Institution) -> None:
    a = make_official(coordinator, mup_rs, "Ана", "Јовановић")
    b = make_official(coordinator, mup_rs, "Ana", "Jovanovic")
    session = activity.sessions.order_by("on").first()
    assert session is not None
    services.check_in(actor=coordinator, session_id=session.id, official_id=a.id)
    services.check_in(actor=coordinator, session_id=session.id, official_id=b.id)
    merge = dedupe.merge(actor=coordinator, survivor_id=a.id, merged_id=b.id)
    assert Attendance.objects.filter(session=session).count() == 1  # attended twice counts once
    dedupe.undo(actor=coordinator, merge_id=merge.id)
    assert set(Attendance.objects.filter(session=session).values_list("official_id", flat=True)) == {a.id, b.id}


def test_review_queue_decisions(coordinator: User, mup_rs: Institution, sfa_rs: Institution) -> None:
    a = make_official(coordinator, mup_rs, "Milan", "Nikolić")
    b = make_official(coordinator, sfa_rs, "Milan", "Nikolic")  # same country, other institution
    assert dedupe.scan(actor=coordinator).queued == 1
    candidate = MatchCandidate.objects.get()
    dedupe.decide_candidate(actor=coordinator, candidate_id=candidate.pk, same_person=False)
    assert MatchCandidate.objects.get().status == CandidateStatus.REJECTED
    assert dedupe.scan(actor=coordinator).queued == 0  # a rejected pair is not asked again
    MatchCandidate.objects.update(status=CandidateStatus.PENDING)
    dedupe.decide_candidate(actor=coordinator, candidate_id=candidate.pk, same_person=True)
    assert Official.objects.get(pk=b.pk).merged_into_id == a.pk


def test_only_coordinators_merge(escort_ba: User, coordinator_rs: User, coordinator: User,
                                 mup_rs: Institution) -> None:
    a = make_official(coordinator, mup_rs, "Milan", "Nikolić")
    b = make_official(coordinator, mup_rs, "Milan", "Nikolic")
    for user in (escort_ba, coordinator_rs):
        with pytest.raises(services.policy.PermissionRefusedError):
            dedupe.merge(actor=user, survivor_id=a.id, merged_id=b.id)
    assert not Merge.objects.exists()


# --- The 200-row sheet --------------------------------------------------------------------------

GIVEN = ["Marko", "Milan", "Nikola", "Stefan", "Đorđe", "Dragan", "Zoran", "Goran", "Nenad", "Dejan", "Aleksandar",
         "Ivan", "Vladimir", "Miloš", "Bojan", "Jelena", "Ana", "Marija", "Ivana", "Snežana", "Dragana", "Milica",
         "Tijana", "Ljiljana", "Vesna", "Emina", "Amra", "Selma", "Haris", "Admir", "Jasmin", "Edin", "Kenan",
         "Aida", "Lejla", "Nermin", "Ilija", "Gjorgji", "Blagoja", "Zlatko", "Biljana", "Katerina", "Kosta"]
FAMILY = ["Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić", "Stanković", "Pavlović",
          "Milošević", "Todorović", "Đukić", "Kovačević", "Babić", "Hodžić", "Mehmedović", "Begić", "Delić",
          "Hadžić", "Šehić", "Popović", "Vuković", "Radović", "Bošković", "Perović", "Kostovski", "Stojanovski",
          "Trajkovski", "Nikolovski", "Jankulovski", "Čolić", "Tadić", "Lukić", "Savić", "Živković", "Ćirić"]
TYPO_ROWS = 2


def strip_diacritics(text: str) -> str:
    return text.translate(str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj", "Đ": "Dj", "Č": "C",
                                         "Ć": "C", "Š": "S", "Ž": "Z"}))


def variant(given: str, family: str, index: int) -> tuple[str, str]:
    """Another spelling of a known name: the other script, no diacritics, Đ as D, swapped, capitals."""
    kind = index % 5
    if kind == 0:
        return cyrtranslit.to_cyrillic(given, "sr"), cyrtranslit.to_cyrillic(family, "sr")
    if kind == 1:
        return strip_diacritics(given), strip_diacritics(family)
    if kind == 2:
        return (strip_diacritics(given.replace("Đ", "D").replace("đ", "d")),
                strip_diacritics(family.replace("Đ", "D").replace("đ", "d")))
    if kind == 3:
        return family, given
    return given.upper(), strip_diacritics(family).upper()


def typo(family: str) -> str:
    # One letter wrong in the middle of the family name: near, but not certain.
    middle = len(family) // 2
    return family[:middle] + ("e" if family[middle] != "e" else "a") + family[middle + 1:]


@pytest.fixture
def region(db: Any) -> list[Institution]:
    made = []
    for code, rows in {"RS": [("MUP Srbije (test)", "MUP RS", "МУП РС"), ("KIRS (test)", "KIRS", "КИРС")],
                       "BA": [("SPS BiH (test)", "SPS", ""), ("Granična policija BiH (test)", "GP BiH", "")],
                       "ME": [("Uprava policije (test)", "UP CG", "")],
                       "MK": [("MVR (test)", "MVR MK", "МВР МК")]}.items():
        for name, short, _cyrillic in rows:
            made.append(Institution.objects.create(name=name, short_name=short, kind="ministry",
                                                   country=Country.objects.get(code=code)))
    return made


def test_sheet_of_200_rows_matches_28_of_30_known_officials(coordinator: User, activity: Activity,
                                                            region: list[Institution]) -> None:
    rng = random.Random(20260302)
    cyrillic_short = {"MUP RS": "МУП РС", "KIRS": "КИРС", "MVR MK": "МВР МК"}
    people: list[tuple[str, str, Institution]] = []
    seen: set[str] = set()
    while len(people) < 200:
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        key = names.name_key(given, family)
        if key in seen or names.name_key(family, given) in seen:
            continue
        seen.add(key)
        people.append((given, family, rng.choice(region)))
    known = {}
    for index, (given, family, institution) in enumerate(people[:30]):
        # Registered earlier, some in Cyrillic as their own institution wrote them.
        written = ((cyrtranslit.to_cyrillic(given, "sr"), cyrtranslit.to_cyrillic(family, "sr"))
                   if index % 3 == 0 and institution.country_id == "RS" else (given, family))
        known[index] = make_official(coordinator, institution, *written, birth_year=1970 + index)
    session = activity.sessions.order_by("on").first()
    assert session is not None
    lines = ["ime;prezime;institucija;datum"]
    order = list(range(200))
    rng.shuffle(order)
    typos = set(range(30 - TYPO_ROWS, 30))
    for index in order:
        given, family, institution = people[index]
        if index in typos:
            given, family = given, typo(strip_diacritics(family))
        elif index < 30:
            given, family = variant(given, family, index)
        short = institution.short_name
        if index < 30 and index % 2 and short in cyrillic_short:
            short = cyrillic_short[short]  # the institution in the other script too
        lines.append(f"{given};{family};{short};{session.on:%d.%m.%Y}")
    result = sheets.import_sheet(actor=coordinator, activity_id=activity.id,
                                 content="\n".join(lines).encode(), filename="sign-in.csv")
    assert result.sheet.rows == 200
    attended = set(Attendance.objects.filter(session=session).values_list("official_id", flat=True))
    matched = [index for index, official in known.items() if official.id in attended]
    assert len(matched) >= 28, len(matched)
    # No wrong merge: every record's spellings belong to one generated person.
    person_of = {}
    for index, (given, family, _institution) in enumerate(people):
        for spelling in (names.name_key(given, family), names.name_key(family, given)):
            person_of[spelling] = index
        if index in typos:
            person_of[names.name_key(given, typo(strip_diacritics(family)))] = index
    for official in Official.objects.all():
        owners = {person_of[names.name_key(n.given_name, n.family_name)] for n in official.names.all()}
        assert len(owners) == 1, official
    # The rest wait in the review queue, paired with their known record.
    unmatched = set(known) - set(matched)
    for index in unmatched:
        assert MatchCandidate.objects.filter(status=CandidateStatus.PENDING).filter(
            official_a=known[index]).exists() or MatchCandidate.objects.filter(
            status=CandidateStatus.PENDING, official_b=known[index]).exists()
    assert Official.objects.count() == 200 + len(unmatched)
    assert result.sheet.matched == len(matched)
    assert Decimal(result.sheet.queued) >= len(unmatched)
