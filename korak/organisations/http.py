from django.http import HttpRequest

from korak.organisations.models import User


class AuthedRequest(HttpRequest):
    """A request that passed `policy.requires`: its user is signed in (django-stubs' pattern)."""

    user: User
    auth: User
