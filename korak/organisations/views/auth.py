"""Sign-in in two steps: password (with lockout), then a TOTP code. Administrators must
enrol a TOTP device before they get in."""

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from korak import policy
from korak.core.middleware import mark_session_start
from korak.organisations import queries
from korak.organisations.forms import CodeForm, LoginForm
from korak.organisations.models import User
from korak.organisations.totp import enrolment_secret, enrolment_svg

_PENDING = "korak_pending_user"
_NEXT = "korak_next"


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("home")


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(_PENDING)
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def _finish(request: HttpRequest, user: User, device: TOTPDevice | None) -> HttpResponseRedirect:
    target = request.session.get(_NEXT)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    mark_session_start(request)
    return redirect(_safe_next(request, target))


@policy.public
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if isinstance(user, User):
            request.session.cycle_key()
            request.session[_PENDING] = str(user.pk)
            request.session[_NEXT] = request.GET.get("next", "")
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("login-verify")
            if queries.is_administrator(user):
                return redirect("login-enrol")
            return _finish(request, user, None)
        form.add_error(None, _("The username or password is not right."))
    return render(request, "organisations/login.html", {"form": form})


@policy.public
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"]):
                return _finish(request, user, device)
        form.add_error("code", _("This code is not valid. Codes change every 30 seconds."))
    return render(request, "organisations/verify.html", {"form": form})


@policy.public
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("login")
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "authenticator"})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _finish(request, user, device)
        form.add_error("code", _("This code is not valid. Codes change every 30 seconds."))
    context: dict[str, Any] = {"form": form, "qr_svg": enrolment_svg(device), "secret": enrolment_secret(device)}
    return render(request, "organisations/enrol.html", context)


@policy.public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    # add_error needs a bound, cleaned form (an unbound one has no cleaned_data and the page
    # crashed with a 500); the username typed stays in the box, the password is never echoed.
    form = LoginForm(request.POST)
    form.is_valid()
    form.add_error(None, _("Too many failed attempts. Try again in 15 minutes or ask your administrator."))
    return render(request, "organisations/login.html", {"form": form}, status=429)
