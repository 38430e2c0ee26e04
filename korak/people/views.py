from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from korak import policy
from korak.core.forms import add_refusal_errors
from korak.core.htmx import wants_fragment
from korak.core.refusal import RefusedError, StaleVersionError
from korak.organisations import queries as organisations
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution
from korak.people import queries, services
from korak.people.forms import AliasFormSet, DocumentFormSet, PersonForm, initial_from, person_data_from
from korak.people.models import Person


@policy.requires("people.search")
@require_http_methods(["GET", "POST"])
def person_search(request: AuthedRequest) -> HttpResponse:
    """One view for the full page and the live-search fragment htmx swaps in. The criteria
    come in a POST body, never in the URL: a name in a URL ends up in histories and logs."""
    criteria = queries.SearchCriteria(
        q=request.POST.get("q", "")[:200], birth=request.POST.get("birth", "")[:10],
        nationality=request.POST.get("nationality", "")[:2], document=request.POST.get("document", "")[:50],
    )
    results = queries.search(actor=request.user, criteria=criteria)
    context = {"criteria": criteria, "results": results, "may_register": policy.can(request.user, "people.register")}
    template = "people/_results.html" if wants_fragment(request) else "people/search.html"
    return render(request, template, context)


@policy.requires("people.view")
def person_detail(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = queries.get_person(actor=request.user, person_id=person_id)
    return render(request, "people/detail.html", {
        "person": person, "may_edit": policy.can(request.user, "people.edit", person),
    })


def _registering_institutions(request: AuthedRequest) -> list[Institution]:
    return [m.institution for m in organisations.memberships_of(request.user)
            if policy.can(request.user, "people.register", Person(registering_institution=m.institution))]


def _show_refusal(form: PersonForm, error: RefusedError) -> None:
    add_refusal_errors(form, error.refusal, _form_field_of)


def _form_field_of(field: str) -> str:
    name = field.split(".")[0]
    return "birth_date" if name in {"birth_year", "birth_month", "birth_day"} else name


@policy.requires("people.register")
@require_http_methods(["GET", "POST"])
def person_register(request: AuthedRequest) -> HttpResponse:
    institutions = _registering_institutions(request)
    form = PersonForm(request.POST or None)
    if len(institutions) > 1:
        # Someone serving in two institutions says which one registers the person.
        form.fields["institution"] = forms.ChoiceField(
            label=_("Registering institution"), choices=[(str(i.pk), i.name) for i in institutions]
        )
    documents = DocumentFormSet(request.POST or None, prefix="documents")
    aliases = AliasFormSet(request.POST or None, prefix="aliases")
    duplicates: list[Person] = []
    if request.method == "POST" and form.is_valid() and documents.is_valid() and aliases.is_valid():
        data = person_data_from(form, documents, aliases)
        duplicates = services.possible_duplicates(actor=request.user, data=data)
        if duplicates and not form.cleaned_data["confirm_new"]:
            form.add_error(None, _("This person may already be registered. Open the records below, or confirm "
                                   "that this is a different person."))
        else:
            try:
                chosen = form.cleaned_data.get("institution")
                institution = next((i for i in institutions if str(i.pk) == chosen), institutions[0])
                registration = services.register_person(actor=request.user, institution=institution, data=data)
            except RefusedError as error:
                _show_refusal(form, error)
            else:
                messages.success(request, _("Person registered."))
                return redirect("person-detail", person_id=registration.person.pk)
    return render(request, "people/form.html", {
        "form": form, "documents": documents, "aliases": aliases, "duplicates": duplicates, "creating": True,
    }, status=422 if form.errors else 200)


@policy.requires("people.edit")
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, person_id: UUID) -> HttpResponse:
    person = policy.get_for(request.user, Person, person_id, "people.edit")
    current = queries.person_data(person)
    initial, document_rows, alias_rows = initial_from(current, person.version)
    form = PersonForm(request.POST or None, initial=initial)
    documents = DocumentFormSet(request.POST or None, prefix="documents", initial=document_rows)
    aliases = AliasFormSet(request.POST or None, prefix="aliases", initial=alias_rows)
    if request.method == "POST" and form.is_valid() and documents.is_valid() and aliases.is_valid():
        try:
            services.update_person(actor=request.user, person_id=person.pk,
                                   expected_version=form.cleaned_data["version"] or 0,
                                   data=person_data_from(form, documents, aliases))
        except RefusedError as error:
            _show_refusal(form, error)
        except StaleVersionError:
            form.add_error(None, _("Someone else changed this record while you were editing it. Your changes "
                                   "were not saved: reload the record and apply them again."))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("person-detail", person_id=person.pk)
    return render(request, "people/form.html", {
        "form": form, "documents": documents, "aliases": aliases, "person": person,
    }, status=422 if form.errors else 200)
