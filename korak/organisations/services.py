"""Writers of institutions, users, memberships and API tokens; administrators only."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError
from korak.organisations.models import ApiToken, Country, Institution, InstitutionKind, Membership, Role, User

# A public marker that makes leaked tokens greppable, not a secret.
TOKEN_PREFIX = "krk_"  # noqa: S105  # nosec B105


def _audit(actor: User, action: str, obj: object, institution: Institution | None, **details: object) -> None:
    audit.record(actor=str(actor.pk), institution=str(institution.pk) if institution else "", action=action,
                 object_type=f"organisations.{type(obj).__name__.lower()}", object_id=str(getattr(obj, "pk", "")),
                 details=dict(details))


def _refuse(field: str, message: object) -> RefusedError:
    return RefusedError(
        Refusal(code="invalid", message=_("Some fields need attention."), fields={field: [str(message)]})
    )


def create_institution(*, actor: User, name: str, kind: str, country: Country, short_name: str = "",
                       parent: Institution | None = None) -> Institution:
    institution = Institution(name=name.strip(), kind=kind, country=country, short_name=short_name.strip(),
                              parent=parent)
    policy.require(actor, "organisations.manage", institution)
    if not institution.name:
        raise _refuse("name", _("Enter the institution's name."))
    if kind not in InstitutionKind.values:
        raise _refuse("kind", _("Choose a type."))
    if parent is not None and parent.country_id != country.code:
        raise _refuse("parent", _("An institution can only be part of one in the same country."))
    with transaction.atomic():
        if Institution.objects.filter(country=country, name__iexact=institution.name).exists():
            raise _refuse("name", _("An institution of this name already exists in this country."))
        institution.save()
        _audit(actor, "organisations.institution.create", institution, institution)
    return institution


def update_institution(*, actor: User, institution_id: UUID, name: str, kind: str, short_name: str,
                       is_active: bool) -> Institution:
    with transaction.atomic():
        institution = policy.get_for(actor, Institution.objects.select_for_update(), institution_id,
                                     "organisations.manage")
        if not name.strip():
            raise _refuse("name", _("Enter the institution's name."))
        if kind not in InstitutionKind.values:
            raise _refuse("kind", _("Choose a type."))
        institution.name, institution.kind = name.strip(), kind
        institution.short_name, institution.is_active = short_name.strip(), is_active
        institution.version += 1
        institution.save()
        _audit(actor, "organisations.institution.edit", institution, institution, version=institution.version)
    return institution


def create_user(*, actor: User, username: str, first_name: str, last_name: str, email: str, password: str,
                institution: Institution, role: str) -> User:
    policy.require(actor, "organisations.manage", institution)
    if not username.strip():
        raise _refuse("username", _("Enter a username."))
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise _refuse("username", _("This username is taken."))
    if role not in Role.values:
        raise _refuse("role", _("Choose a role."))
    user = User(username=username.strip(), first_name=first_name.strip(), last_name=last_name.strip(),
                email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise RefusedError(Refusal(code="invalid", message=_("Some fields need attention."),
                                   fields={"password": [str(m) for m in exc.messages]})) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        membership = Membership.objects.create(user=user, institution=institution, role=role)
        _audit(actor, "organisations.user.create", user, institution)
        _audit(actor, "organisations.membership.grant", membership, institution, role=role)
    return user


def grant_membership(*, actor: User, user: User, institution: Institution, role: str) -> Membership:
    policy.require(actor, "organisations.manage", institution)
    if role not in Role.values:
        raise _refuse("role", _("Choose a role."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, institution=institution, role=role)
        if not created and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active", "updated_at"])
        _audit(actor, "organisations.membership.grant", membership, institution, role=role)
    return membership


def revoke_membership(*, actor: User, membership_id: UUID) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("institution").get(pk=membership_id)
        policy.require(actor, "organisations.manage", membership.institution)
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        _audit(actor, "organisations.membership.revoke", membership, membership.institution, role=membership.role)
    return membership


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once; only its digest is kept


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_api_token(*, actor: User, user: User, name: str, expires_at: datetime | None = None) -> IssuedToken:
    """An administrator issues a machine token for a (service) user of their country."""
    membership = user.memberships.select_related("institution").filter(is_active=True).first()
    if actor.pk != user.pk:
        if membership is None:
            raise policy.NotFoundError
        policy.require(actor, "organisations.manage", membership.institution)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip() or "token", digest=token_digest(secret),
                                        expires_at=expires_at)
        _audit(actor, "organisations.api_token.issue", token, membership.institution if membership else None)
    return IssuedToken(token=token, secret=secret)


def user_for_token(secret: str, *, now: datetime | None = None) -> User | None:
    when = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active or (token.expires_at is not None and token.expires_at <= when):
        return None
    # Touch at most once a minute: a busy client must not turn every read into a write.
    if token.last_used_at is None or (when - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=when)
    return token.user
