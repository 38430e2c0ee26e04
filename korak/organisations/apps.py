from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "korak.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from korak.organisations.models import Institution, Membership
        from korak.policy import scopes

        scopes.register(Institution, institution="id", country="country_id")
        scopes.register(Membership, institution="institution_id", country="institution__country_id")
