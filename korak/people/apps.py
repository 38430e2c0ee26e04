from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "korak.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from korak.people.models import Person
        from korak.policy import scopes

        scopes.register(Person, institution="registering_institution_id",
                        country="registering_institution__country_id")
