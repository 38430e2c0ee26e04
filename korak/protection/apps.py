from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "korak.protection"
    label = "protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from korak.policy import scopes
        from korak.protection import models

        # Protection records belong where the person is registered, like the person itself.
        for model in (models.Screening, models.BestInterestsAssessment, models.Representative, models.Consent,
                      models.Referral):
            scopes.register(model, institution="person__registering_institution_id",
                            country="person__registering_institution__country_id")
        # The partner reaches a referral through the institution it was sent to, and no other way.
        scopes.register(models.PartnerReferral, institution="partner_id", country="partner__country_id")
