from django.urls import URLPattern, URLResolver, path

from korak.identity import review_views, views

app_name = "identity"

urlpatterns: list[URLPattern | URLResolver] = [
    path("candidates/", views.candidates, name="candidates"),
    path("review/", review_views.queue, name="review"),
    path("review/<uuid:candidate_id>/", review_views.pair, name="review-pair"),
    path("review/<uuid:candidate_id>/decision/", review_views.decide, name="review-decide"),
    path("review/<uuid:candidate_id>/merge/", review_views.merge, name="review-merge"),
    path("merges/", review_views.merge_list, name="merges"),
    path("merges/<uuid:merge_id>/", review_views.merge_detail, name="merge-detail"),
    path("merges/<uuid:merge_id>/undo/", review_views.merge_undo, name="merge-undo"),
]
