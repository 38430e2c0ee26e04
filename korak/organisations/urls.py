from django.urls import path

from korak.organisations.views import auth, home, manage

urlpatterns = [
    path("", home.home_view, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/verify/", auth.verify_view, name="login-verify"),
    path("login/enrol/", auth.enrol_view, name="login-enrol"),
    path("logout/", auth.logout_view, name="logout"),
    path("institutions/", manage.institution_list, name="institution-list"),
    path("institutions/new/", manage.institution_create, name="institution-create"),
    path("institutions/<uuid:institution_id>/", manage.institution_edit, name="institution-edit"),
    path("users/", manage.user_list, name="user-list"),
    path("users/new/", manage.user_create, name="user-create"),
    path("users/<uuid:user_id>/", manage.user_detail, name="user-detail"),
    path("memberships/<uuid:membership_id>/revoke/", manage.membership_revoke, name="membership-revoke"),
]
