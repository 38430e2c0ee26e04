from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "korak.identity"
    label = "identity"
    verbose_name = _("Identity resolution")

    def ready(self) -> None:
        # Register each model's institution and country paths with korak.policy.scopes here.
        pass
