from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelinesConfig(AppConfig):
    name = "korak.timelines"
    label = "timelines"
    verbose_name = _("Legal deadlines")

    def ready(self) -> None:
        from korak.policy import scopes
        from korak.timelines.models import Deadline

        scopes.register(Deadline, institution="institution_id", country="institution__country_id")
