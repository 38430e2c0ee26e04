from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "korak.programme"
    label = "programme"
    verbose_name = _("Capacity-building programme")

    def ready(self) -> None:
        from korak.policy import scopes
        from korak.programme import models as m

        # Activities belong to the coordinator's institution that organises them; an official,
        # and everything recorded about one, to the institution the official serves in.
        scopes.register(m.Activity, institution="organising_institution_id",
                        country="organising_institution__country_id")
        scopes.register(m.Session, institution="activity__organising_institution_id",
                        country="activity__organising_institution__country_id")
        scopes.register(m.SheetImport, institution="activity__organising_institution_id",
                        country="activity__organising_institution__country_id")
        scopes.register(m.Official, institution="institution_id", country="country")
        scopes.register(m.Participation, institution="official__institution_id", country="official__country")
        scopes.register(m.Attendance, institution="official__institution_id", country="official__country")
        scopes.register(m.Certificate, institution="official__institution_id", country="official__country")
