from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsylumConfig(AppConfig):
    name = "korak.asylum"
    label = "asylum"
    verbose_name = _("Asylum")

    def ready(self) -> None:
        from korak.asylum.models import Application
        from korak.policy import scopes

        scopes.register(Application, institution="institution_id", country="institution__country_id")
