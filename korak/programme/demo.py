"""Demo data of `programme`: the regional capacity-building programme of
/work/shared/seed (facts only: the 13 highlighted events and the campaign, with summaries
written for Korak in English and Bosnian), plus fictitious further activities, officials of
the four countries and their sign-in sheets — some spelling the same official in Cyrillic on
one sheet and in Latin on another — so the totals are of the programme's order (90+
activities, 550+ unique participants). Everything goes through the services: the sheets
through the sign-in sheet import (with its cross-script matching), surveys and tests through
the assessment services. All people are synthetic."""

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import cyrtranslit
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from korak.organisations.models import Country, Institution, InstitutionKind, User
from korak.programme import assessments, services, sheets
from korak.programme.models import Activity, Official, Programme, SurveyKind


@dataclass(frozen=True)
class Event:
    kind: str
    title_en: str
    title_bs: str
    place: str
    country: str
    starts: date
    ends: date
    themes: tuple[str, ...]
    partners: tuple[str, ...]
    summary_en: str
    summary_bs: str


# The events of the brochure: place, dates, kind and themes are the brochure's facts; the
# summaries are Korak's own wording.
EVENTS: tuple[Event, ...] = (
    Event("conference", "Conference on strengthening migration management, return and asylum procedures in the "
          "Western Balkans", "Konferencija o jačanju upravljanja migracijama, povratkom i procedurama azila",
          "Sarajevo", "BA", date(2024, 5, 14), date(2024, 5, 16), ("return", "asylum", "EU alignment"),
          ("JCP", "EUAA", "Frontex", "IOM", "MARRI"),
          "Institutions of Bosnia and Herzegovina, Montenegro and North Macedonia met international partners to "
          "compare return and asylum practice, alignment of law with EU standards and cooperation with countries "
          "of origin.",
          "Institucije Bosne i Hercegovine, Crne Gore i Sjeverne Makedonije sa međunarodnim partnerima uporedile "
          "su praksu povratka i azila, usklađivanje propisa sa standardima EU i saradnju sa zemljama porijekla."),
    Event("workshop", "Linked workshops on the regional response to migration",
          "Povezane radionice o regionalnom odgovoru na migracije", "Ohrid", "MK", date(2024, 6, 10),
          date(2024, 6, 14), ("legislation", "monitoring", "SOPs", "training of security officers"), ("JCP",),
          "Building on the Sarajevo conclusions, participants turned them into proposals on legislation, "
          "monitoring, standard operating procedures and the training of security officers.",
          "Na osnovu zaključaka iz Sarajeva učesnici su pripremili prijedloge o propisima, monitoringu, "
          "standardnim operativnim procedurama i obuci službenika sigurnosti."),
    Event("workshop", "Media narratives and the public perception of migrants",
          "Medijski narativi i javna percepcija migranata", "Tarčin", "BA", date(2024, 11, 18),
          date(2024, 11, 20), ("public communication", "media ethics"), ("JCP",),
          "Communication staff discussed accurate, non-sensational reporting on migration and guidance for "
          "institutional communication.",
          "Službenici za komunikacije razgovarali su o tačnom izvještavanju o migracijama bez senzacionalizma i o "
          "smjernicama za institucionalnu komunikaciju."),
    Event("operational_meeting", "Operational meetings on return and asylum",
          "Operativni susreti o povratku i azilu", "Budva", "ME", date(2024, 12, 4), date(2024, 12, 7),
          ("police and security coordination", "reception and return procedures", "information exchange"),
          ("JCP",),
          "Practitioners worked on coordination between police and security services, reception and return "
          "procedures, and more frequent exchange of information.",
          "Praktičari su radili na koordinaciji policije i sigurnosnih službi, procedurama prihvata i povratka "
          "te češćoj razmjeni informacija."),
    Event("review_meeting", "Review of the escort training programme's results",
          "Pregled rezultata programa obuke za pratnju", "Budva", "ME", date(2025, 2, 3), date(2025, 2, 5),
          ("escort training", "return procedures"), ("JCP",),
          "Trainers and partners reviewed what the escort training had achieved and planned continued training "
          "to common professional standards.",
          "Treneri i partneri razmotrili su rezultate obuke za pratnju i planirali nastavak obuka prema "
          "zajedničkim profesionalnim standardima."),
    Event("operational_meeting", "Operational meetings on return and asylum: protection",
          "Operativni susreti o povratku i azilu: zaštita", "Skopje", "MK", date(2025, 3, 3), date(2025, 3, 7),
          ("human rights", "gender-based violence", "vulnerable groups", "exploitation"), ("JCP",),
          "Specialists in protection discussed the response to gender-based violence, exploitation and the needs "
          "of vulnerable people in migration procedures.",
          "Stručnjaci za zaštitu razgovarali su o odgovoru na rodno zasnovano nasilje, eksploataciju i potrebe "
          "ranjivih osoba u migracijskim procedurama."),
    Event("operational_meeting", "Return capacity in the Western Balkans: first operational meeting",
          "Kapaciteti za povratak na Zapadnom Balkanu: prvi operativni sastanak", "Ljubljana", "SI",
          date(2025, 3, 18), date(2025, 3, 20), ("identification", "countries of origin", "coordination"),
          ("JCP",),
          "Institutions of Bosnia and Herzegovina, Serbia, Slovenia and Montenegro discussed identification of "
          "persons, cooperation with countries of origin and models of coordination.",
          "Institucije Bosne i Hercegovine, Srbije, Slovenije i Crne Gore razmatrale su identifikaciju osoba, "
          "saradnju sa zemljama porijekla i modele koordinacije."),
    Event("training", "Practical training in video production and advertising: workshop 1",
          "Praktična obuka za video produkciju i oglašavanje: radionica 1", "Igman", "BA", date(2025, 4, 15),
          date(2025, 4, 17), ("public communication", "crisis communication"), ("JCP",),
          "Hands-on training in filming and editing for the communication units of security institutions, "
          "including crisis communication.",
          "Praktična obuka snimanja i montaže za komunikacijske jedinice sigurnosnih institucija, uključujući "
          "krizno komuniciranje."),
    Event("workshop", "Impact of the EU Pact on Migration and Asylum on Bosnia and Herzegovina",
          "Uticaj Pakta EU o migracijama i azilu na Bosnu i Hercegovinu", "Mostar", "BA", date(2025, 5, 20),
          date(2025, 5, 22), ("EU Pact",), ("JCP",),
          "The ministries and services concerned examined what the new EU Pact requires of the country's law "
          "and institutions.",
          "Nadležna ministarstva i službe razmotrili su šta novi Pakt EU zahtijeva od propisa i institucija "
          "zemlje."),
    Event("study_visit", "Study visit of the asylum authority of Bosnia and Herzegovina to Austria",
          "Studijska posjeta organa za azil Bosne i Hercegovine Austriji", "Beč", "AT", date(2025, 10, 13),
          date(2025, 10, 16), ("asylum practice",), ("JCP",),
          "Asylum officials saw Austrian asylum practice at first hand and built professional contacts.",
          "Službenici za azil upoznali su austrijsku praksu azila iz prve ruke i uspostavili profesionalne "
          "kontakte."),
    Event("training", "Training of human-rights monitors in return operations",
          "Obuka monitora ljudskih prava u operacijama povratka", "Sarajevo", "BA", date(2025, 12, 1),
          date(2025, 12, 5), ("forced-return monitoring", "oversight", "transparency"), ("JCP",),
          "Future independent monitors trained in overseeing return operations, for transparency and "
          "accountability.",
          "Budući nezavisni monitori obučeni su za nadzor operacija povratka, radi transparentnosti i "
          "odgovornosti."),
    Event("workshop", "Meeting and workshop on regional cooperation in migration management",
          "Sastanak i radionica o regionalnoj saradnji u upravljanju migracijama", "Bečići", "ME",
          date(2025, 12, 15), date(2025, 12, 18), ("regional cooperation", "strategic and operational coordination"),
          ("JCP",),
          "Institutions and partner organisations identified common challenges and ways to link the strategic "
          "and the operational level.",
          "Institucije i partnerske organizacije utvrdile su zajedničke izazove i načine povezivanja strateškog "
          "i operativnog nivoa."),
    Event("conference", "Evaluation conference of the escort training programme",
          "Evaluacijska konferencija programa obuke za pratnju", "Sarajevo", "BA", date(2026, 3, 24),
          date(2026, 3, 26), ("evaluation", "escort training"), ("JCP",),
          "Participants, partners and institutions assessed the escort training programme together.",
          "Učesnici, partneri i institucije zajedno su ocijenili program obuke za pratnju."),
    Event("campaign", "Regional media campaign \u201cKORACI PROMJENE\u201d (Steps of change)",
          "Regionalna medijska kampanja \u201eKORACI PROMJENE\u201c", "", "", date(2026, 4, 1), date(2026, 5, 31),
          ("safe, rights-based migration management", "real stories"), ("JCP",),
          "A regional campaign told real stories of people on the move and of cooperation between institutions.",
          "Regionalna kampanja ispričala je stvarne priče ljudi u pokretu i saradnje među institucijama."),
)

# Fictitious further activities: (kind, English title, Bosnian title).
FURTHER: tuple[tuple[str, str, str], ...] = (
    ("training", "Escort officer course, module {n}", "Kurs za službenike pratnje, modul {n}"),
    ("training", "Identification and documentation of persons, course {n}",
     "Identifikacija i dokumentacija osoba, kurs {n}"),
    ("training", "Asylum interviewing techniques, course {n}", "Tehnike saslušanja u postupku azila, kurs {n}"),
    ("training", "Vulnerability screening at reception, course {n}",
     "Prepoznavanje ranjivosti pri prihvatu, kurs {n}"),
    ("workshop", "Standard operating procedures for return, workshop {n}",
     "Standardne operativne procedure za povratak, radionica {n}"),
    ("bilateral_meeting", "Bilateral meeting on readmission {n}", "Bilateralni sastanak o readmisiji {n}"),
    ("operational_meeting", "Operational meeting on information exchange {n}",
     "Operativni sastanak o razmjeni informacija {n}"),
    ("workshop", "Public communication on migration, workshop {n}", "Javna komunikacija o migracijama, radionica {n}"),
)
PLACES: dict[str, tuple[str, ...]] = {
    "BA": ("Sarajevo", "Banja Luka", "Mostar", "Tuzla", "Bihać"), "RS": ("Beograd", "Novi Sad", "Niš", "Subotica"),
    "ME": ("Podgorica", "Budva", "Bar", "Nikšić"), "MK": ("Skopje", "Ohrid", "Bitola", "Kumanovo"),
}
# Institutions officials serve in, per country: (name, short name, kind).
INSTITUTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "BA": (("Ministry of Security (demo)", "MS BiH", InstitutionKind.MINISTRY),
           ("Border Police of Bosnia and Herzegovina", "GP BiH", InstitutionKind.BORDER_POLICE),
           ("Service for Foreigners' Affairs", "SPS", InstitutionKind.FOREIGNERS_SERVICE)),
    "RS": (("Ministry of Interior of Serbia (demo)", "MUP RS", InstitutionKind.MINISTRY),
           ("Commissariat for Refugees and Migration of Serbia (demo)", "KIRS", InstitutionKind.ASYLUM_OFFICE)),
    "ME": (("Ministry of Interior of Montenegro (demo)", "MUP CG", InstitutionKind.MINISTRY),
           ("Border Police of Montenegro (demo)", "GP CG", InstitutionKind.BORDER_POLICE)),
    "MK": (("Ministry of Interior of North Macedonia (demo)", "MVR", InstitutionKind.MINISTRY),
           ("Sector for Asylum of North Macedonia (demo)", "SA MK", InstitutionKind.ASYLUM_OFFICE)),
}
GIVEN = {
    "female": ("Amra", "Lejla", "Jelena", "Milica", "Ana", "Marija", "Selma", "Dragana", "Ivana", "Jovana", "Maja",
               "Sanja", "Biljana", "Elena", "Vesna", "Tamara", "Nataša", "Mirjana", "Aida", "Emina"),
    "male": ("Marko", "Nikola", "Stefan", "Emir", "Amar", "Dejan", "Goran", "Miloš", "Aleksandar", "Dragan",
             "Zoran", "Haris", "Ivan", "Petar", "Vladimir", "Nenad", "Đorđe", "Damir", "Bojan", "Igor"),
}
FAMILY = ("Petrović", "Jovanović", "Hodžić", "Kovačević", "Popović", "Nikolić", "Marković", "Begić", "Đukić",
          "Ilić", "Stojanovski", "Dimitrovski", "Vuković", "Radović", "Mehmedović", "Savić", "Lukić", "Šehić",
          "Todorović", "Pavlović", "Babić", "Vujović", "Krstić", "Mitrović", "Čolić", "Husić", "Trajkovski",
          "Nikolovski", "Janković", "Đurić", "Perišić", "Karadžić", "Zečević", "Rakić", "Obradović")
CYRILLIC_COUNTRIES = {"RS": "sr", "MK": "mk", "ME": "sr"}
FURTHER_ACTIVITIES = 82
OFFICIALS = 640
SHEET_HEADER = "given_name,family_name,institution,country,date,sex\n"


@dataclass
class _Person:
    given: str
    family: str
    sex: str
    institution: Institution
    country: str


def _institutions() -> dict[str, list[Institution]]:
    """The institutions officials serve in; other countries' are set up directly, as the demo
    builder does, since this node's administrator manages only this country."""
    found: dict[str, list[Institution]] = {}
    for country, rows in INSTITUTIONS.items():
        for name, short, kind in rows:
            institution = (Institution.objects.filter(country_id=country, short_name=short).first()
                           or Institution.objects.create(name=name, short_name=short, kind=kind,
                                                         country=Country.objects.get(code=country)))
            found.setdefault(country, []).append(institution)
    return found


def _scale() -> float:
    """The test settings shrink the demo (the demo's own tests build it once per test)."""
    return float(getattr(settings, "KORAK_DEMO_SCALE", 1.0))


def _people(draw: random.Random, institutions: dict[str, list[Institution]]) -> list[_Person]:
    people: list[_Person] = []
    seen: set[tuple[str, str, str]] = set()
    countries = ("BA", "BA", "BA", "RS", "RS", "ME", "MK")
    while len(people) < max(12, int(OFFICIALS * _scale())):
        country = countries[len(people) % len(countries)]
        sex = "female" if draw.random() < 0.45 else "male"
        given, family = draw.choice(GIVEN[sex]), draw.choice(FAMILY)
        institution = draw.choice(institutions[country])
        if (given, family, country) in seen:
            continue
        seen.add((given, family, country))
        people.append(_Person(given, family, sex if draw.random() > 0.03 else "", institution, country))
    return people


def _spelling(person: _Person, draw: random.Random) -> tuple[str, str]:
    """As the official writes it on the sheet: Serbian and Macedonian officials often in Cyrillic."""
    script = CYRILLIC_COUNTRIES.get(person.country)
    if script and draw.random() < 0.5:
        return (cyrtranslit.to_cyrillic(person.given, script), cyrtranslit.to_cyrillic(person.family, script))
    return person.given, person.family


def _further_events(draw: random.Random) -> list[Event]:
    events = []
    span = (date(2026, 5, 15) - date(2023, 9, 1)).days
    for n in range(int(FURTHER_ACTIVITIES * _scale())):
        kind, title_en, title_bs = FURTHER[n % len(FURTHER)]
        country = ("BA", "RS", "ME", "MK", "BA")[n % 5]
        starts = date(2023, 9, 1) + timedelta(days=span * n // FURTHER_ACTIVITIES + draw.randint(0, 6))
        length = draw.choice((1, 2, 2, 3)) if kind == "training" else draw.choice((1, 2))
        place = draw.choice(PLACES[country])
        number = n // len(FURTHER) + 1
        events.append(Event(
            kind, title_en.format(n=number), title_bs.format(n=number), place, country, starts,
            starts + timedelta(days=length - 1), (), ("JCP",) if n % 3 else ("JCP", "IOM"),
            f"A fictitious {kind.replace('_', ' ')} of the demo in {place}.",
            f"Izmišljena aktivnost demo podataka u mjestu {place}."))
    return events


def _create(coordinator: User, institution: Institution, programme: Programme, event: Event) -> Activity:
    activity = services.create_activity(
        actor=coordinator, programme_id=programme.id, institution=institution,
        data=services.ActivityData(
            kind=event.kind, title=event.title_en, country=event.country, starts_on=event.starts,
            ends_on=event.ends, place=event.place, themes=list(event.themes), partners=list(event.partners),
            languages=["bs", "en"], published=True,
            summaries={"en": event.summary_en, "bs": event.summary_bs, "title.bs": event.title_bs}))
    if event.kind != "campaign":
        day = event.starts
        while day <= event.ends:
            services.add_session(actor=coordinator, activity_id=activity.id, on=day)
            day += timedelta(days=1)
    return activity


def _sheet(activity: Activity, attendees: list[_Person], draw: random.Random) -> bytes:
    lines = [SHEET_HEADER]
    days = [session.on for session in activity.sessions.order_by("on")]
    for person in attendees:
        given, family = _spelling(person, draw)
        for day in days:
            if len(days) > 1 and draw.random() < 0.08:
                continue  # missed a day
            sex = {"female": "F", "male": "M"}.get(person.sex, "")
            lines.append(f"{given},{family},{person.institution.short_name},{person.country},{day.isoformat()},"
                         f"{sex}\n")
    return "".join(lines).encode("utf-8")


def build(*, staff: object, seed: int, quiet: bool) -> None:
    started = time.perf_counter()
    users: dict[str, User] = staff.users  # type: ignore[attr-defined]
    coordinator = users["programme"]
    organiser = staff.institutions["io"]  # type: ignore[attr-defined]
    draw = random.Random(seed + 3)  # noqa: S311  # synthetic demo data, no security use
    if Programme.objects.filter(code="wb-migration-2023").exists():
        return
    with transaction.atomic():
        institutions = _institutions()
        programme = services.create_programme(
            actor=coordinator, code="wb-migration-2023",
            title="Strengthening the management of migration, asylum and return processes in the Western Balkans",
            period_start=date(2023, 7, 1), period_end=date(2026, 5, 31),
            donors="EU Asylum, Migration and Integration Fund (AMIF); Austrian Federal Ministry of the Interior",
            implementing_partners="Hilfswerk International; Joint Coordination Platform (JCP)",
            target_countries=["BA", "RS", "ME", "MK"])
        activities = [_create(coordinator, organiser, programme, event)
                      for event in sorted([*EVENTS, *_further_events(draw)], key=lambda e: e.starts)]
    people = _people(draw, institutions)
    # One transaction per batch of sheets, as the people demo does: SQLite syncs every commit to
    # disk, and thousands of small commits would be most of the build time.
    with transaction.atomic():
        # Each person mostly attends events in and around their own country.
        for index, activity in enumerate(activities):
            if activity.kind == "campaign":
                continue
            size = max(3, int(draw.randint(18, 34) * _scale()))
            local = [p for p in people if p.country == activity.country]
            pool = local + draw.sample(people, min(len(people), size * 2)) if local else people
            attendees = list({id(p): p for p in draw.sample(pool, min(len(pool), size))}.values())
            sheets.import_sheet(actor=coordinator, activity_id=activity.id,
                                content=_sheet(activity, attendees, draw), filename=f"sign-in-{index + 1:03d}.csv")
    with transaction.atomic():
        _assess(coordinator, activities, draw)
        experts = list(Official.objects.filter(merged_into__isnull=True).order_by("latin_family")[:24])
        for index, activity in enumerate(a for a in activities if a.kind != "campaign"):
            expert = experts[index % len(experts)]
            if index < 12:
                Official.objects.filter(pk=expert.pk).update(consent_to_publish=index % 2 == 0)
            services.invite(actor=coordinator, activity_id=activity.id, official_id=expert.id,
                            role="trainer" if activity.kind == "training" else "expert")
        assessments.publish_report(actor=coordinator, programme_id=programme.id)
    if not quiet:
        live = Official.objects.filter(merged_into__isnull=True).count()
        print(f"programme demo: {len(activities)} activities, {live} officials, in "
              f"{time.perf_counter() - started:.0f} s")


def _assess(coordinator: User, activities: list[Activity], draw: random.Random) -> None:
    """Satisfaction surveys of every training, follow-ups sent at day 90, and pre/post tests of
    the escort courses; answered by most attendees (a few never answer)."""
    today = timezone.localdate()
    trainings = [a for a in activities if a.kind == "training" and a.ends_on < today]
    for activity in trainings:
        attendees = list(activity.participations.filter(status="attended").values_list("official_id", flat=True))
        survey = assessments.create_survey(actor=coordinator, activity_id=activity.id, kind=SurveyKind.SATISFACTION)
        for official_id in attendees:
            if draw.random() < 0.85:
                assessments.record_response(actor=coordinator, survey_id=survey.id, official_id=official_id,
                                            useful=draw.choice((3, 4, 4, 5, 5, 5, 2)), answered_on=activity.ends_on)
        if activity.title.startswith("Escort officer course"):
            pre = assessments.create_test(actor=coordinator, activity_id=activity.id, kind="pre")
            post = assessments.create_test(actor=coordinator, activity_id=activity.id, kind="post")
            for official_id in attendees:
                before = draw.randint(30, 75)
                assessments.record_test_result(actor=coordinator, test_id=pre.id, official_id=official_id,
                                               score=Decimal(before))
                if draw.random() < 0.9:
                    assessments.record_test_result(actor=coordinator, test_id=post.id, official_id=official_id,
                                                   score=Decimal(min(100, before + draw.randint(5, 45))))
    assessments.send_due_follow_ups(now=datetime.combine(today, datetime.min.time(),
                                                         tzinfo=timezone.get_current_timezone()))
    for activity in trainings:
        follow_up = activity.surveys.filter(kind=SurveyKind.FOLLOW_UP, sent_at__isnull=False).first()
        if follow_up is None:
            continue
        answered_on = min(activity.ends_on + timedelta(days=95), today)
        for official_id in activity.participations.filter(status="attended").values_list("official_id", flat=True):
            if draw.random() < 0.6:
                assessments.record_response(actor=coordinator, survey_id=follow_up.id, official_id=official_id,
                                            uses_skills=draw.random() < 0.72, answered_on=answered_on)
