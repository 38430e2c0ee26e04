"""Permissions of `protection` (merged into korak.policy.permissions.PERMISSIONS).

Need-to-know: reading categories, narratives and reasoning is for protection officers of the
person's registering institution and for the person's assigned case officer (the rule is in
korak.protection.access). Everyone
else who may see the person sees only whether special procedural guarantees apply."""

from korak.organisations.models import Role
from korak.policy.grants import Permission, roles

_READERS = roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.RETURN_COORDINATOR, Role.PROTECTION_OFFICER)
_SCREENERS = roles(Role.CASE_OFFICER, Role.PROTECTION_OFFICER)

PERMISSIONS: dict[str, Permission] = {
    # The person's protection panel: "special procedural guarantees apply" and which ones.
    "protection.view": Permission(_READERS, "institution"),
    # Need-to-know: protection officers for every person of their institution; case officers
    # only for the persons assigned to them (korak.protection.access.is_assigned).
    "protection.sensitive": Permission(roles(Role.PROTECTION_OFFICER), "institution"),
    "protection.sensitive_assigned": Permission(roles(Role.CASE_OFFICER), "institution"),
    # Screening, consents and referrals also need need-to-know (the services check it).
    "protection.screen": Permission(_SCREENERS, "institution"),
    "protection.child": Permission(roles(Role.PROTECTION_OFFICER), "institution"),
    "protection.consent": Permission(_SCREENERS, "institution"),
    "protection.refer": Permission(_SCREENERS, "institution"),
    # Its own permission: a referral the person did not agree to (break-glass, reasoned, audited).
    "protection.refer_without_consent": Permission(roles(Role.PROTECTION_OFFICER), "institution"),
    "protection.partner": Permission(roles(Role.REFERRAL_PARTNER), "institution"),
}
