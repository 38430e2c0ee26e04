from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "korak.programme"
    label = "programme"
    verbose_name = _("Capacity-building programme")

    def ready(self) -> None:
        # Register each model's institution and country paths with korak.policy.scopes here.
        pass
