from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "korak.protection"
    label = "protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        # Register each model's institution and country paths with korak.policy.scopes here.
        pass
