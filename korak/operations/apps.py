from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "korak.operations"
    label = "operations"
    verbose_name = _("Return operations")

    def ready(self) -> None:
        from korak.operations import models
        from korak.policy import scopes

        owned = "organising_institution_id"
        scopes.register(models.Operation, institution=owned, country="organising_institution__country_id")
        for child in (models.Returnee, models.TeamMember, models.MonitorAssignment, models.LogEntry,
                      models.Incident, models.MonitoringReport):
            scopes.register(child, institution=f"operation__{owned}",
                            country="operation__organising_institution__country_id")
        # A complaint belongs to the independent body that handles it.
        scopes.register(models.Complaint, institution="handling_institution_id",
                        country="handling_institution__country_id")
        scopes.register(models.OperationSettings, institution="institution_id", country="institution__country_id")
