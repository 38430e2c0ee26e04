from django.urls import include, path
from django.views.i18n import set_language

from korak import policy
from korak.api import api
from korak.audit.views import audit_verify_view

urlpatterns = [
    path("", include("korak.organisations.urls")),
    path("people/", include("korak.people.urls")),
    path("identity/", include("korak.identity.urls")),
    path("protection/", include("korak.protection.urls")),
    path("asylum/", include("korak.asylum.urls")),
    path("returns/", include("korak.returns.urls")),
    path("programme/", include("korak.programme.urls")),
    path("operations/", include("korak.operations.urls")),
    path("deadlines/", include("korak.timelines.urls")),
    path("audit/", audit_verify_view, name="audit-verify"),
    path("i18n/setlang/", policy.public(set_language), name="set_language"),
    path("api/", api.urls),
]

handler403 = "korak.core.views.forbidden"
handler404 = "korak.core.views.not_found"
handler500 = "korak.core.views.server_error"
