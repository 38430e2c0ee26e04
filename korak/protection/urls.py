from django.urls import URLPattern, URLResolver, path

from korak.protection import views

app_name = "protection"

urlpatterns: list[URLPattern | URLResolver] = [
    path("persons/<uuid:person_id>/", views.person_panel, name="person"),
    path("persons/<uuid:person_id>/screen/", views.screen, name="screen"),
    path("persons/<uuid:person_id>/best-interests/", views.best_interests, name="best-interests"),
    path("persons/<uuid:person_id>/representative/", views.representative, name="representative"),
    path("persons/<uuid:person_id>/consent/", views.consent, name="consent"),
    path("persons/<uuid:person_id>/refer/", views.refer, name="refer"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<uuid:referral_id>/withdraw/", views.referral_withdraw, name="referral-withdraw"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:referral_id>/", views.received, name="received"),
]
