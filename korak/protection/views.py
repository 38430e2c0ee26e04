"""HTML pages of protection: the person's panel, the screening, child and consent forms,
referrals, and the partner's inbox. Thin: parse, call one service or query, render."""

from collections.abc import Callable
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.core.refusal import RefusedError
from korak.organisations.http import AuthedRequest
from korak.people.models import Person
from korak.protection import forms as protection_forms
from korak.protection import queries, rules, services

# The panel's links, each shown only to those who may follow it.
_ACTIONS = ("protection.screen", "protection.child", "protection.consent", "protection.refer")


@policy.requires("protection.view")
def person_panel(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    panel = queries.panel_for(actor=request.user, person_id=person_id)
    may = {action.split(".")[1]: policy.can(request.user, action, panel.person) for action in _ACTIONS}
    if panel.sensitive is None:
        # Without need-to-know nothing is offered: screenings, consents and referrals reveal needs.
        may = {}
    guarantees = [(rules.GUARANTEE_LABELS[g], rules.GUARANTEE_REFERENCES[g]) for g in panel.guarantees.ordered()]
    categories = ([rules.CATEGORY_LABELS[c] for c in panel.sensitive.categories]
                  if panel.sensitive is not None else [])
    screenings = ([(s, [rules.CATEGORY_LABELS[c] for c in sorted(rules.parse_categories(s.categories))])
                   for s in panel.sensitive.screenings] if panel.sensitive is not None else [])
    return render(request, "protection/panel.html", {
        "panel": panel, "person": panel.person, "guarantees": guarantees, "categories": categories,
        "screenings": screenings, "may": may,
    })


def _form_page[F: forms.Form](
    request: AuthedRequest, *, person: Person, form: F, title: str, save: Callable[[F], object], done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except RefusedError as error:
            protection_forms.show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect("protection:person", person_id=person.pk)
    return render(request, "protection/form.html", {"form": form, "person": person, "title": title},
                  status=422 if form.errors else 200)


@policy.requires("protection.screen")
@require_http_methods(["GET", "POST"])
def screen(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = queries.person_for(actor=request.user, person_id=person_id, action="protection.screen",
                                need_to_know=True)
    form = protection_forms.ScreeningForm(request.POST or None)
    return _form_page(request, person=person, form=form, title=_("Vulnerability screening"), done=_("Screening saved."),
                      save=lambda f: services.record_screening(
                          actor=request.user, person_id=person.pk,
                          categories=[rules.Category(c) for c in f.cleaned_data["categories"]],
                          narrative=f.cleaned_data["narrative"], occasion=f.cleaned_data["occasion"]))


@policy.requires("protection.child")
@require_http_methods(["GET", "POST"])
def best_interests(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = queries.person_for(actor=request.user, person_id=person_id, action="protection.child")
    form = protection_forms.BestInterestsForm(request.POST or None)
    return _form_page(request, person=person, form=form, title=_("Best-interests assessment"),
                      done=_("Assessment saved."),
                      save=lambda f: services.record_best_interests(actor=request.user, person_id=person.pk,
                                                                    **f.cleaned_data))


@policy.requires("protection.child")
@require_http_methods(["GET", "POST"])
def representative(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = queries.person_for(actor=request.user, person_id=person_id, action="protection.child")
    form = protection_forms.RepresentativeForm(request.POST or None)
    return _form_page(request, person=person, form=form, title=_("Guardian or representative"),
                      done=_("Appointment saved."),
                      save=lambda f: services.appoint_representative(actor=request.user, person_id=person.pk,
                                                                     **f.cleaned_data))


@policy.requires("protection.consent")
@require_http_methods(["GET", "POST"])
def consent(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = queries.person_for(actor=request.user, person_id=person_id, action="protection.consent",
                                need_to_know=True)
    form = protection_forms.ConsentForm(request.POST or None)
    return _form_page(request, person=person, form=form, title=_("Consent to a referral"), done=_("Consent saved."),
                      save=lambda f: services.record_consent(actor=request.user, person_id=person.pk,
                                                             **f.cleaned_data))


@policy.requires("protection.consent")
@require_POST
def consent_withdraw(request: AuthedRequest, consent_id: UUID) -> HttpResponse:
    withdrawn = services.withdraw_consent(actor=request.user, consent_id=consent_id)
    messages.success(request, _("Consent withdrawn. Open referrals that relied on it were withdrawn."))
    return redirect("protection:person", person_id=withdrawn.person_id)


@policy.requires("protection.refer")
@require_http_methods(["GET", "POST"])
def refer(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = queries.person_for(actor=request.user, person_id=person_id, action="protection.refer",
                                need_to_know=True)
    partners = [(str(p.pk), p.name) for p in queries.partners(country=person.registering_institution.country_id)]
    form = protection_forms.ReferralForm(
        request.POST or None, partners=partners,
        may_override=policy.can(request.user, "protection.refer_without_consent", person))

    def save(f: protection_forms.ReferralForm) -> object:
        data = dict(f.cleaned_data)
        override = data.pop("override_reason", "") or None
        return services.refer(actor=request.user, person_id=person.pk, override_reason=override,
                              partner_id=UUID(data.pop("partner_id")), **data)

    return _form_page(request, person=person, form=form, title=_("Refer to a partner"), done=_("Referral sent."),
                      save=save)


@policy.requires("protection.refer")
def referral_detail(request: AuthedRequest, referral_id: UUID) -> HttpResponse:
    referral = queries.referral_for(actor=request.user, referral_id=referral_id)
    return render(request, "protection/referral.html", {"referral": referral, "person": referral.person})


@policy.requires("protection.refer")
@require_POST
def referral_withdraw(request: AuthedRequest, referral_id: UUID) -> HttpResponse:
    try:
        referral = services.withdraw_referral(actor=request.user, referral_id=referral_id)
    except RefusedError as error:
        messages.error(request, str(error.refusal.message))
        return redirect("protection:referral", referral_id=referral_id)
    messages.success(request, _("Referral withdrawn."))
    return redirect("protection:person", person_id=referral.person_id)


@policy.requires("protection.partner")
def inbox(request: AuthedRequest) -> HttpResponse:
    return render(request, "protection/inbox.html", {"rows": queries.inbox(actor=request.user)})


@policy.requires("protection.partner")
@require_http_methods(["GET", "POST"])
def received(request: AuthedRequest, referral_id: UUID) -> HttpResponse:
    form = protection_forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_referral(actor=request.user, referral_id=referral_id, **form.cleaned_data)
        except RefusedError as error:
            protection_forms.show_refusal(form, error)
        else:
            messages.success(request, _("Answer saved."))
            return redirect("protection:received", referral_id=referral_id)
    view = queries.partner_view(actor=request.user, referral_id=referral_id)
    return render(request, "protection/received.html", {"referral": view, "form": form},
                  status=422 if form.errors else 200)
