from django.urls import path

from korak.people import views

urlpatterns = [
    path("", views.person_search, name="person-search"),
    path("register/", views.person_register, name="person-register"),
    path("<uuid:person_id>/", views.person_detail, name="person-detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="person-edit"),
]
