from django.urls import URLPattern, URLResolver, path

from korak.operations import views

app_name = "operations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.operation_list, name="list"),
    path("plan/", views.operation_plan, name="plan"),
    path("settings/", views.settings_edit, name="settings"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<uuid:complaint_id>/decide/", views.complaint_decide, name="complaint-decide"),
    path("<uuid:operation_id>/", views.operation_detail, name="detail"),
    path("<uuid:operation_id>/confirm/", views.confirm, name="confirm"),
    path("<uuid:operation_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:operation_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:operation_id>/start/", views.start, name="start"),
    path("<uuid:operation_id>/complete/", views.complete, name="complete"),
    path("<uuid:operation_id>/returnees/add/", views.returnee_add, name="returnee-add"),
    path("returnees/<uuid:returnee_id>/assess/", views.returnee_assess, name="returnee-assess"),
    path("<uuid:operation_id>/team/add/", views.member_add, name="member-add"),
    path("<uuid:operation_id>/monitors/add/", views.monitor_assign, name="monitor-assign"),
    path("<uuid:operation_id>/log/add/", views.log_add, name="log-add"),
    path("<uuid:operation_id>/incidents/add/", views.incident_add, name="incident-add"),
    path("incidents/<uuid:incident_id>/report/", views.incident_report, name="incident-report"),
    path("<uuid:operation_id>/complaints/add/", views.complaint_add, name="complaint-add"),
    path("<uuid:operation_id>/report/", views.report_start, name="report-start"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report"),
    path("reports/<uuid:report_id>/edit/", views.report_edit, name="report-edit"),
    path("reports/<uuid:report_id>/publish/", views.report_publish, name="report-publish"),
    path("published/<uuid:report_id>/", views.report_published, name="published"),
    path("recommendations/<int:recommendation_id>/respond/", views.recommendation_respond, name="respond"),
]
