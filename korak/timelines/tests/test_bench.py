"""`korak bench timelines` at a toy size: the synthetic cases are what the asylum and returns
apps write, and the recompute gives the same deadlines as the service does. Figures only."""

from datetime import date

from korak.bench.timelines import report, run_recompute, synthetic_cases
from korak.timelines.loader import load_rulebook
from korak.timelines.replay import deadlines, plan
from korak.timelines.triggers import TRIGGERS


def test_synthetic_cases_use_the_agreed_event_types_and_fix_the_law_at_the_first_event() -> None:
    stream = synthetic_cases(seed=1, first_day=date(2026, 7, 1), span_days=30)
    cases = [next(stream) for _ in range(200)]
    known = {trigger.event for trigger in TRIGGERS}
    seen = {fact.type for case in cases for fact in case.events}
    assert {"asylum.intention_expressed", "asylum.lodged", "return.decided", "return.detention_ordered"} <= seen
    assert seen & known
    for case in cases:
        assert "jurisdiction" in case.events[0].payload
        assert [f.occurred_at for f in case.events] == sorted(f.occurred_at for f in case.events)
    book = load_rulebook()
    planned = [plan(case.events, country=case.country, book=book) for case in cases]
    assert all(result.clock is not None for result in planned)
    assert sum(len(result.deadlines) for result in planned) > 200
    first = cases[0]
    assert deadlines(first.events, country=first.country, book=book) is not None


def test_recompute_counts_every_event_and_reports() -> None:
    result = run_recompute(events=3000, workers=1, seed=3)
    assert result["events"] >= 3000 and result["deadlines"] > 0 and result["no_law"] == 0
    text = report({"cpus": 2, "recompute": result})
    assert "case events" in text and "us per deadline per core" in text
