from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "korak.returns"
    label = "returns"
    verbose_name = _("Returns")

    def ready(self) -> None:
        from korak.policy import scopes
        from korak.returns.models import ReturnCase

        scopes.register(ReturnCase, institution="institution_id", country="institution__country_id")
