from django.urls import path

from korak.programme import views_results as views

app_name = "results"

urlpatterns = [
    path("indicators/", views.indicator_table, name="indicators"),
    path("indicators.<str:extension>", views.indicator_download, name="indicators-download"),
    path("highlights/", views.highlights_page, name="highlights"),
    path("highlights.pdf", views.highlights_pdf, name="highlights-pdf"),
    path("programmes/<uuid:programme_id>/publication", views.publish, name="publish"),
    path("public/<slug:code>/", views.public_highlights, name="public-highlights"),
    path("public/<slug:code>.pdf", views.public_highlights_pdf, name="public-highlights-pdf"),
    path("activities/<uuid:activity_id>/", views.activity_assessments, name="activity-assessments"),
]
