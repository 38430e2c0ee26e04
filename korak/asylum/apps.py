from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsylumConfig(AppConfig):
    name = "korak.asylum"
    label = "asylum"
    verbose_name = _("Asylum")

    def ready(self) -> None:
        # Register each model's institution and country paths with korak.policy.scopes here.
        pass
