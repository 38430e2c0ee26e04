"""`korak bench programme`: how long the indicators take over N attendance rows, and how long
the highlights PDF takes for a programme of 100 activities and 600 participants.

A benchmark prints figures; it asserts nothing. It runs on a fresh SQLite file under
var/bench/ (or an empty database named with --database-url), filled directly with bulk
inserts: the rows are measurement scaffolding, not records anyone worked on, so they skip the
services (and their audit entries) that the demo goes through."""

import os
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

VAR = Path(__file__).resolve().parent.parent.parent / "var" / "bench"
KINDS = ("training", "training", "training", "workshop", "conference", "operational_meeting", "study_visit",
         "review_meeting", "bilateral_meeting")
COUNTRIES = ("BA", "RS", "ME", "MK")


def _prepare(database_url: str | None) -> str:
    if database_url is None:
        VAR.mkdir(parents=True, exist_ok=True)
        path = VAR / "programme.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
    os.environ["KORAK_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "korak.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return database_url.split(":", 1)[0]


def _fill(*, attendances: int, activities: int, officials: int, seed: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from korak.organisations.models import Institution
    from korak.programme import models as m

    draw = random.Random(seed)  # noqa: S311  # synthetic rows, no security use
    now = timezone.now()
    with transaction.atomic():
        institutions = [Institution.objects.create(name=f"Bench institution {c}{i}", kind="ministry", country_id=c)
                        for c in COUNTRIES for i in range(3)]
        programme = m.Programme.objects.create(code="bench", title="Benchmark programme", period_start=date(2023, 7, 1),
                                               period_end=date(2026, 5, 31), donors="EU AMIF; BMI Austria")
        people = m.Official.objects.bulk_create([
            m.Official(given_name=f"Ime{n}", family_name=f"Prezime{n}", latin_given=f"Ime{n}",
                       latin_family=f"Prezime{n}", name_key=f"ime{n} prezime{n}",
                       sex=draw.choice(("female", "male", "male", "not_recorded")), institution=inst,
                       country=inst.country_id, consent_to_publish=n % 7 == 0)
            for n, inst in ((n, draw.choice(institutions)) for n in range(officials))
        ])
        # One in twenty was a second record of someone, merged into the first; as after a merge,
        # their rows belong to the survivor, so they attend nothing themselves.
        for official in people[officials - officials // 20:]:
            official.merged_into = draw.choice(people[: officials // 2])
        m.Official.objects.bulk_update(people, ["merged_into"])
        live = people[: officials - officials // 20]
        per_session = min(officials * 2 // 3, 200)
        sessions_each = max(1, -(-attendances // (activities * per_session)))
        span = (date(2026, 5, 1) - date(2023, 9, 1)).days
        made = m.Activity.objects.bulk_create([
            m.Activity(programme=programme, kind=KINDS[n % len(KINDS)], title=f"Activity {n}", place="Sarajevo",
                       country=COUNTRIES[n % 4], starts_on=(start := date(2023, 9, 1) + timedelta(days=span * n //
                                                                                                    activities)),
                       ends_on=start + timedelta(days=sessions_each - 1), organising_institution=institutions[0],
                       summaries={"en": "A synthetic activity of the benchmark. " * 4,
                                  "bs": "Sintetička aktivnost za mjerenje. " * 4})
            for n in range(activities)
        ])
        sessions = m.Session.objects.bulk_create([
            m.Session(activity=activity, on=activity.starts_on + timedelta(days=d), part="day")
            for activity in made for d in range(sessions_each)
        ])
        rows: list[Any] = []
        attended: dict[Any, set[Any]] = {}
        for session in sessions:
            if len(rows) >= attendances:
                break
            for official in draw.sample(live, min(per_session, attendances - len(rows))):
                rows.append(m.Attendance(session=session, official=official, source="sheet", recorded_at=now))
                attended.setdefault(session.activity_id, set()).add(official.pk)
        m.Attendance.objects.bulk_create(rows, batch_size=5000)
        m.Participation.objects.bulk_create([
            m.Participation(activity_id=activity_id, official_id=official_id, status="attended")
            for activity_id, ids in attended.items() for official_id in ids
        ], batch_size=5000)
        experts = [m.Participation(activity=activity, official=draw.choice(live), role="trainer",
                                   status="registered") for activity in made]
        m.Participation.objects.bulk_create(experts, ignore_conflicts=True)
        trainings = [a for a in made if a.kind == "training"]
        surveys = m.Survey.objects.bulk_create([m.Survey(activity=a, kind="satisfaction") for a in trainings] +
                                               [m.Survey(activity=a, kind="follow_up", sent_at=now) for a in trainings])
        responses = []
        for survey in surveys:
            for official_id in attended.get(survey.activity_id, ()):
                if draw.random() < 0.8:
                    responses.append(m.SurveyResponse(
                        survey=survey, official_id=official_id, answered_on=survey.activity.ends_on,
                        useful=draw.choice((2, 3, 4, 4, 5, 5)) if survey.kind == "satisfaction" else None,
                        uses_skills=draw.random() < 0.7 if survey.kind == "follow_up" else None))
        m.SurveyResponse.objects.bulk_create(responses, batch_size=5000)
    return {"attendance_rows": len(rows), "participations": sum(len(v) for v in attended.values()),
            "activities": activities, "officials": officials, "sessions": len(sessions), "responses": len(responses)}


def run_bench(*, attendances: int, activities: int, officials: int, database_url: str | None,
              seed: int) -> dict[str, Any]:
    vendor = _prepare(database_url)
    from korak.programme import indicators
    from korak.programme.models import Programme
    from korak.programme.report import data, pdf

    started = time.perf_counter()
    sizes = _fill(attendances=attendances, activities=activities, officials=officials, seed=seed)
    fill_s = time.perf_counter() - started
    programme = Programme.objects.get(code="bench")
    runs = []
    result = None
    for _ in range(5):
        begun = time.perf_counter()
        result = indicators.compute(programme=programme)
        runs.append(time.perf_counter() - begun)
    if result is None:
        raise RuntimeError("no run")
    begun = time.perf_counter()
    report = data.build(programme=programme, language="bs", today=date(2026, 6, 1))
    document = pdf.render(report)
    pdf_s = time.perf_counter() - begun
    figures = indicators.headline(result)
    out = {
        "database": vendor, "sizes": sizes, "fill_seconds": round(fill_s, 2),
        "indicators_seconds": {"first": round(runs[0], 3), "median": round(statistics.median(runs), 3),
                               "max": round(max(runs), 3)},
        "pdf_seconds": round(pdf_s, 3), "pdf_bytes": len(document),
        "figures": {k: str(v) for k, v in figures.items()}, "reconciles": result.reconciles(),
        "goals": {"indicators_under_1_s": max(runs) < 1.0, "pdf_under_10_s": pdf_s < 10.0},
    }
    out["lines"] = [
        f"database: {vendor}; built {sizes} in {fill_s:.1f} s",
        f"indicators over {sizes['attendance_rows']} attendance rows: first {runs[0]:.3f} s, "
        f"median {statistics.median(runs):.3f} s, max {max(runs):.3f} s (goal < 1 s: "
        f"{'met' if max(runs) < 1.0 else 'NOT met'})",
        f"highlights PDF ({activities} activities, {officials} officials): {pdf_s:.2f} s, {len(document)} bytes "
        f"(goal < 10 s: {'met' if pdf_s < 10.0 else 'NOT met'})",
        "figures: " + ", ".join(f"{k} {v}" for k, v in figures.items()) + f"; breakdowns reconcile: "
        f"{result.reconciles()}",
    ]
    return out
