from django.urls import URLPattern, URLResolver, path

from korak.identity import views

app_name = "identity"

urlpatterns: list[URLPattern | URLResolver] = [
    path("candidates/", views.candidates, name="candidates"),
]
