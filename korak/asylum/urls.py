from django.urls import URLPattern, URLResolver

app_name = "asylum"

urlpatterns: list[URLPattern | URLResolver] = []
