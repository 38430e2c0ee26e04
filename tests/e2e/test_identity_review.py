"""The review queue as a supervisor uses it: open the queue from the navigation, open a pair,
confirm it is one person, merge it keeping one record, see the merge, and undo it. Synthetic
people only."""

import pytest
from playwright.sync_api import expect

from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.identity.tests.test_review_services import make_pair
from korak.organisations.models import Institution, User
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in

pytestmark = LIVE_DB


@pytest.mark.browser
def test_supervisor_confirms_merges_and_undoes_a_pair(watched: Watched, officer_ba: User, supervisor_ba: User,
                                                      sfa_ba: Institution) -> None:
    candidate = make_pair(officer_ba, sfa_ba, score=0.91)
    page = watched.page
    sign_in(page, "supervisor_ba")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    queue = page.get_by_role("table", name="Pairs, highest score first")
    expect(queue).to_contain_text("Ahmadi, Mohammad")
    expect(page.get_by_test_id("totals")).to_contain_text("Waiting for review: 1")
    screenshot(page, "identity-review-01-queue")

    queue.get_by_role("link", name="Open the pair with score 0.91").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this one person?")
    pair = page.get_by_role("table", name="The two records side by side")
    expect(pair).to_contain_text("Ахмади, Мухамед")
    expect(page.get_by_test_id("agreement")).to_contain_text("identical after transliteration")
    page.get_by_role("button", name="Same person", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("Same person")
    screenshot(page, "identity-review-02-confirmed")

    page.get_by_role("radio", name="Ахмади", exact=False).check()
    page.get_by_role("textbox", name="Reason").fill("Same passport photo in both files")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge")
    expect(page.get_by_test_id("merge-state")).to_have_text("In force")
    expect(page.get_by_role("table", name="Both records as they stood when merged")).to_contain_text("Мухамед")
    merge = PersonMerge.objects.get()
    assert (merge.survivor_id, merge.merged_id) == (candidate.person_b_id, candidate.person_a_id)
    screenshot(page, "identity-review-03-merged")

    page.get_by_role("textbox", name="Reason").fill("Twins: two passports checked")
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_test_id("merge-state")).to_have_text("Undone")
    expect(page.get_by_role("status")).to_contain_text("The merge is undone")
    merge.refresh_from_db()
    assert merge.undone_by_id == supervisor_ba.pk
    assert MatchCandidate.objects.get(pk=candidate.pk).status == ReviewStatus.PENDING
    screenshot(page, "identity-review-04-undone")
    assert watched.csp_violations() == []
