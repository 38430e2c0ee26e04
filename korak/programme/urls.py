from django.urls import URLPattern, URLResolver, include, path

from korak.programme import views, views_curricula

app_name = "programme"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("activities/new/", views.activity_new, name="activity-new"),
    path("activities/<uuid:activity_id>/", views.activity_detail, name="activity"),
    path("activities/<uuid:activity_id>/sessions/", views.session_add, name="session-add"),
    path("activities/<uuid:activity_id>/sheets/", views.sheet_upload, name="sheet-upload"),
    path("sessions/<uuid:session_id>/check-in/<uuid:official_id>/", views.check_in, name="check-in"),
    path("participations/<uuid:participation_id>/cancel/", views.participation_cancel, name="participation-cancel"),
    path("officials/", views.official_list, name="officials"),
    path("officials/new/", views.official_new, name="official-new"),
    path("officials/<uuid:official_id>/", views.official_detail, name="official"),
    path("officials/<uuid:official_id>/register/", views.official_register, name="official-register"),
    path("officials/<uuid:official_id>/certificates/", views.certificate_issue, name="certificate-issue"),
    path("certificates/<uuid:certificate_id>/revoke/", views.certificate_revoke, name="certificate-revoke"),
    path("certificates/<uuid:certificate_id>/renew/", views.certificate_renew, name="certificate-renew"),
    path("certificates/<uuid:certificate_id>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("curricula/", views_curricula.curriculum_list, name="curricula"),
    path("curricula/<uuid:curriculum_id>/", views_curricula.curriculum_detail, name="curriculum"),
    path("review/", views.review, name="review"),
    path("review/scan/", views.review_scan, name="review-scan"),
    path("review/<int:candidate_id>/", views.review_decide, name="review-decide"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge-undo"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify-code"),
    path("results/", include("korak.programme.urls_results")),
]
