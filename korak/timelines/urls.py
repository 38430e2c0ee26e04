from django.urls import path

from korak.timelines import views

app_name = "timelines"

urlpatterns = [
    path("", views.deadline_board, name="board"),
    path("<uuid:deadline_id>/", views.deadline_detail, name="detail"),
]
