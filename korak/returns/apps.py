from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "korak.returns"
    label = "returns"
    verbose_name = _("Returns")

    def ready(self) -> None:
        # Register each model's institution and country paths with korak.policy.scopes here.
        pass
