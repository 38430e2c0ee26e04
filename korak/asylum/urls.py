from django.urls import URLPattern, URLResolver, path

from korak.asylum import views

app_name = "asylum"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.application_list, name="list"),
    path("open/", views.application_open, name="open"),
    path("<uuid:application_id>/", views.application_detail, name="detail"),
    path("<uuid:application_id>/steps/<slug:step>/", views.application_step, name="step"),
]
