"""Administrators manage institutions, users and memberships of their country."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.core.forms import add_refusal_errors
from korak.core.refusal import RefusedError
from korak.organisations import queries, services
from korak.organisations.forms import InstitutionForm, MembershipForm, UserForm
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Country, Institution, Membership


def _apply_refusal(form: InstitutionForm | UserForm | MembershipForm, error: RefusedError) -> None:
    add_refusal_errors(form, error.refusal)


@policy.requires("organisations.view")
def institution_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "organisations/institutions.html", {
        "institutions": queries.institutions(actor=request.user),
        "may_manage": policy.can(request.user, "organisations.manage"),
    })


@policy.requires("organisations.manage")
@require_http_methods(["GET", "POST"])
def institution_create(request: AuthedRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    country = Country.objects.get(code=request.user.memberships.filter(role="administrator").values_list(
        "institution__country_id", flat=True).first())
    if request.method == "POST" and form.is_valid():
        try:
            services.create_institution(actor=request.user, name=form.cleaned_data["name"],
                                        kind=form.cleaned_data["kind"], country=country,
                                        short_name=form.cleaned_data["short_name"])
        except RefusedError as error:
            _apply_refusal(form, error)
        else:
            messages.success(request, _("Institution created."))
            return redirect("institution-list")
    return render(request, "organisations/institution_form.html", {"form": form, "creating": True})


@policy.requires("organisations.manage")
@require_http_methods(["GET", "POST"])
def institution_edit(request: AuthedRequest, institution_id: UUID) -> HttpResponse:
    institution = policy.get_for(request.user, Institution, institution_id, "organisations.manage")
    initial = {"name": institution.name, "short_name": institution.short_name, "kind": institution.kind,
               "is_active": institution.is_active}
    form = InstitutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_institution(actor=request.user, institution_id=institution.pk, **form.cleaned_data)
        except RefusedError as error:
            _apply_refusal(form, error)
        else:
            messages.success(request, _("Institution saved."))
            return redirect("institution-list")
    return render(request, "organisations/institution_form.html", {"form": form, "institution": institution})


@policy.requires("organisations.manage")
def user_list(request: AuthedRequest) -> HttpResponse:
    users = queries.users(actor=request.user).prefetch_related("memberships__institution")
    return render(request, "organisations/users.html", {"users": users})


@policy.requires("organisations.manage")
@require_http_methods(["GET", "POST"])
def user_create(request: AuthedRequest) -> HttpResponse:
    managed = queries.institutions(actor=request.user, action="organisations.manage")
    form = UserForm(request.POST or None, institutions=managed)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_user(actor=request.user, **form.cleaned_data)
        except RefusedError as error:
            _apply_refusal(form, error)
        else:
            messages.success(request, _("User created."))
            return redirect("user-list")
    return render(request, "organisations/user_form.html", {"form": form})


@policy.requires("organisations.manage")
@require_http_methods(["GET", "POST"])
def user_detail(request: AuthedRequest, user_id: UUID) -> HttpResponse:
    user = queries.users(actor=request.user).filter(pk=user_id).first()
    if user is None:
        raise policy.NotFoundError
    managed = queries.institutions(actor=request.user, action="organisations.manage")
    form = MembershipForm(request.POST or None, institutions=managed)
    if request.method == "POST" and form.is_valid():
        services.grant_membership(actor=request.user, user=user, **form.cleaned_data)
        messages.success(request, _("Role granted."))
        return redirect("user-detail", user_id=user.pk)
    memberships = user.memberships.select_related("institution").filter(institution__in=managed)
    context = {"subject": user, "memberships": memberships, "form": form}
    return render(request, "organisations/user_detail.html", context)


@policy.requires("organisations.manage")
@require_POST
def membership_revoke(request: AuthedRequest, membership_id: UUID) -> HttpResponse:
    membership = policy.get_for(request.user, Membership.objects.all(), membership_id, "organisations.manage")
    services.revoke_membership(actor=request.user, membership_id=membership.pk)
    messages.success(request, _("Role revoked."))
    return redirect("user-detail", user_id=membership.user_id)

