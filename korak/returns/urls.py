from django.urls import URLPattern, URLResolver, path

from korak.returns import views

app_name = "returns"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("ready/", views.ready_list, name="ready"),
    path("open/", views.case_open, name="open"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/steps/<slug:step>/", views.case_step, name="step"),
]
