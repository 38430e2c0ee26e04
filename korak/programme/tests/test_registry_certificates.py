"""Certificates: issued only when attendance and post-test both reach the curriculum's marks;
validity, revocation, renewal by refresher; the questions return operations asks."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from korak.audit.models import AuditEntry
from korak.core.refusal import RefusedError
from korak.organisations.models import Institution, User
from korak.programme import models, queries, rules, services
from korak.programme.models import Activity, Certificate, Curriculum, Official
from korak.programme.tests.conftest import attend, make_official


@pytest.fixture
def curriculum(coordinator: User, activity: Activity) -> Curriculum:
    return services.create_curriculum(actor=coordinator, code="escort-officer", title="Escort officer",
                                      pass_mark=70, required_attendance=Decimal(80), validity_months=36,
                                      refresher_months=24, modules=[("Legal framework", [activity.id])])


def certificate_row(official: Official, curriculum: Curriculum, user: User, **dates: date) -> Certificate:
    values = {"issued_on": date(2026, 3, 6), "valid_until": date(2029, 3, 6)} | dates
    return Certificate.objects.create(official=official, curriculum=curriculum, code=services.new_certificate_code(),
                                      issued_by=user, **values)


def test_certificate_refused_without_attendance_and_post_test(coordinator: User, official_sfa: Official,
                                                               curriculum: Curriculum, activity: Activity) -> None:
    attend(coordinator, activity, official_sfa, 3)  # 60% < 80%
    with pytest.raises(RefusedError) as refused:
        services.issue_certificate(actor=coordinator, official_id=official_sfa.id, curriculum="escort-officer")
    assert refused.value.refusal.code == "certificate_not_earned"
    assert set(refused.value.refusal.fields) == {"attendance", "post_test"}
    assert not Certificate.objects.exists()


def test_eligibility_rule_needs_both() -> None:
    assert rules.check_certificate_eligibility(attendance=Decimal(80), required_attendance=Decimal(80),
                                               post_test=Decimal(85), pass_mark=70) is None
    low_post = rules.check_certificate_eligibility(attendance=Decimal(100), required_attendance=Decimal(80),
                                                   post_test=Decimal(69), pass_mark=70)
    assert low_post is not None and set(low_post.fields) == {"post_test"}
    low_attendance = rules.check_certificate_eligibility(attendance=Decimal("79.99"), required_attendance=Decimal(80),
                                                         post_test=Decimal(100), pass_mark=70)
    assert low_attendance is not None and set(low_attendance.fields) == {"attendance"}


def test_status_valid_expired_revoked() -> None:
    facts = rules.CertificateFacts(issued_on=date(2026, 1, 31), valid_until=rules.add_months(date(2026, 1, 31), 1),
                                   revoked_on=None)
    assert facts.valid_until == date(2026, 2, 28)
    assert rules.certificate_status(facts, on=date(2026, 2, 28)) == "valid"
    assert rules.certificate_status(facts, on=date(2026, 3, 1)) == "expired"
    assert rules.certificate_status(facts, on=date(2026, 1, 30)) == "not_yet_valid"
    revoked = rules.CertificateFacts(facts.issued_on, facts.valid_until, revoked_on=date(2026, 2, 10))
    assert rules.certificate_status(revoked, on=date(2026, 2, 9)) == "valid"
    assert rules.certificate_status(revoked, on=date(2026, 2, 10)) == "revoked"


def test_valid_certificate_follows_validity_and_revocation(coordinator: User, official_sfa: Official,
                                                           curriculum: Curriculum) -> None:
    cert = certificate_row(official_sfa, curriculum, coordinator)
    assert queries.valid_certificate(official_sfa, "escort-officer", on=date(2027, 1, 1))
    assert queries.valid_certificate(official_sfa.id, curriculum, on=date(2029, 3, 6))
    assert not queries.valid_certificate(official_sfa, "escort-officer", on=date(2029, 3, 7))  # expired
    assert not queries.valid_certificate(official_sfa, "escort-officer", on=date(2026, 3, 5))  # not yet
    assert not queries.valid_certificate(official_sfa, "forced-return-monitor", on=date(2027, 1, 1))
    services.revoke_certificate(actor=coordinator, certificate_id=cert.id, reason="Misconduct", on=date(2027, 6, 1))
    assert queries.valid_certificate(official_sfa, "escort-officer", on=date(2027, 5, 31))
    assert not queries.valid_certificate(official_sfa, "escort-officer", on=date(2027, 6, 1))
    assert AuditEntry.objects.filter(action="programme.certificate.revoke").count() == 1
    with pytest.raises(RefusedError):
        services.revoke_certificate(actor=coordinator, certificate_id=cert.id, reason="again")


def test_certificates_for_sixty_escorts_in_one_query(coordinator: User, sfa_ba: Institution,
                                                     curriculum: Curriculum) -> None:
    escorts = [make_official(coordinator, sfa_ba, f"Escort{i}", "Test") for i in range(60)]
    for escort in escorts[:50]:
        certificate_row(escort, curriculum, coordinator)
    with CaptureQueriesContext(connection) as captured:
        found = queries.certificates_for(escorts, "escort-officer", on=date(2027, 1, 1))
    assert len(captured.captured_queries) == 1
    assert sum(1 for cert in found.values() if cert is not None) == 50
    assert found[escorts[55].id] is None


def test_renewal_by_refresher_extends_from_old_end(coordinator: User, official_sfa: Official, curriculum: Curriculum,
                                                   programme: object, ministry_ba: Institution) -> None:
    old = certificate_row(official_sfa, curriculum, coordinator, issued_on=date(2023, 3, 6),
                          valid_until=date(2026, 6, 30))
    refresher = services.create_activity(
        actor=coordinator, programme_id=curriculum.modules.get().activities.get().programme_id, institution=ministry_ba,
        data=services.ActivityData(kind="training", title="Refresher", country="BA",
                                   starts_on=date(2026, 5, 4), ends_on=date(2026, 5, 4)))
    services.add_session(actor=coordinator, activity_id=refresher.id, on=date(2026, 5, 4))
    with pytest.raises(RefusedError) as refused:
        services.renew_certificate(actor=coordinator, certificate_id=old.id, refresher_activity_id=refresher.id,
                                   on=date(2026, 5, 5))
    assert refused.value.refusal.code == "refresher_not_completed"
    attend(coordinator, refresher, official_sfa, 1)
    new = services.renew_certificate(actor=coordinator, certificate_id=old.id, refresher_activity_id=refresher.id,
                                     on=date(2026, 5, 5))
    assert new.renews == old and new.valid_until == date(2028, 6, 30) and new.code != old.code
    assert queries.valid_certificate(official_sfa, "escort-officer", on=date(2028, 1, 1))


def post_test(activity: Activity, official: Official, score: int) -> None:
    test, _created = models.Test.objects.get_or_create(activity=activity, kind="post")
    models.TestResult.objects.update_or_create(test=test, official=official,
                                        defaults={"score": Decimal(score), "recorded_at": timezone.now()})


def test_issue_when_both_met(coordinator: User, official_sfa: Official, curriculum: Curriculum,
                             activity: Activity) -> None:
    attend(coordinator, activity, official_sfa, 4)  # 80%
    post_test(activity, official_sfa, 69)
    with pytest.raises(RefusedError) as refused:
        services.issue_certificate(actor=coordinator, official_id=official_sfa.id, curriculum="escort-officer")
    assert set(refused.value.refusal.fields) == {"post_test"}
    post_test(activity, official_sfa, 85)
    cert = services.issue_certificate(actor=coordinator, official_id=official_sfa.id, curriculum="escort-officer",
                                      on=date(2026, 3, 6))
    assert cert.valid_until == date(2029, 3, 6) and len(cert.code) == 16
    assert queries.valid_certificate(official_sfa, "escort-officer", on=date(2026, 3, 6))
    found = queries.verify(cert.code.lower(), on=date(2026, 4, 1))
    assert found is not None and found.status == "valid" and found.name == "Amra Hodžić"
    assert AuditEntry.objects.filter(action="programme.certificate.issue").count() == 1


def test_only_coordinators_certify(escort_ba: User, officer_rs: User, official_sfa: Official,
                                   curriculum: Curriculum) -> None:
    from korak import policy

    for user in (escort_ba, officer_rs):
        with pytest.raises(policy.PermissionRefusedError):
            services.issue_certificate(actor=user, official_id=official_sfa.id, curriculum="escort-officer")


def test_certificate_pdf_shows_name_in_both_scripts_and_code(coordinator: User, curriculum: Curriculum,
                                                            mup_rs: Institution, tmp_path: object) -> None:
    import os

    import pypdfium2

    from korak.programme import certificates

    official = make_official(coordinator, mup_rs, "Марко", "Петровић")
    cert = certificate_row(official, curriculum, coordinator)
    pdf_bytes = certificates.render(cert, verify_url=f"https://korak.example/programme/verify/{cert.code}/",
                                    language="bs")
    assert pdf_bytes.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(pdf_bytes)
    text = document[0].get_textpage().get_text_range()
    assert "Марко Петровић" in text and "Marko Petrović" in text and "Escort officer" in text
    assert cert.code[:4] in text
    if os.environ.get("KORAK_SAVE_CERTIFICATE_PNG"):
        document[0].render(scale=1.5).to_pil().save(os.environ["KORAK_SAVE_CERTIFICATE_PNG"])
