from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "korak.operations"
    label = "operations"
    verbose_name = _("Return operations")

    def ready(self) -> None:
        # Register each model's institution and country paths with korak.policy.scopes here.
        pass
