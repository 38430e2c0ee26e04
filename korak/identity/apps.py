from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "korak.identity"
    label = "identity"
    verbose_name = _("Identity resolution")

    def ready(self) -> None:
        from korak.identity.models import IdentityKey, IdentityRecord
        from korak.policy import scopes

        # The index rows belong to the person's registering institution.
        for model in (IdentityRecord, IdentityKey):
            scopes.register(model, institution="person__registering_institution_id",
                            country="person__registering_institution__country_id")
        # Batch linkage (I2): a queued pair and a merge belong to the institution of their first
        # person (a review or merge also checks the second person on its own).
        from korak.identity.models import MatchCandidate, PersonMerge

        scopes.register(MatchCandidate, institution="person_a__registering_institution_id",
                        country="person_a__registering_institution__country_id")
        scopes.register(PersonMerge, institution="survivor__registering_institution_id",
                        country="survivor__registering_institution__country_id")
