"""The asylum pages: the list, opening an application, and the case page with its state,
history, deadlines and the next steps as buttons. Thin: parse, call one service, render."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.asylum import queries, rules, services
from korak.asylum.forms import STEP_FIELDS, OpenForm, StepForm
from korak.asylum.models import Application, State
from korak.core.forms import add_refusal_errors
from korak.core.refusal import Refusal, RefusedError, StaleVersionError
from korak.organisations.http import AuthedRequest
from korak.people import queries as people
from korak.people.models import Person
from korak.timelines.queries import deadlines_for_case, explanation


@policy.requires("asylum.view")
def application_list(request: AuthedRequest) -> HttpResponse:
    state = request.GET.get("state", "")[:30]
    return render(request, "asylum/list.html", {
        "applications": queries.list_applications(actor=request.user, state=state, limit=200),
        "states": State.choices, "state": state, "may_open": policy.can(request.user, "asylum.open"),
    })


def _case_page(request: AuthedRequest, application: Application, *, failed: StepForm | None = None,
               refusal: Refusal | None = None, status: int = 200) -> HttpResponse:
    steps = []
    for step in queries.next_steps(actor=request.user, application=application):
        if not step.allowed:
            continue
        form = failed if failed is not None and failed.step == step.step else StepForm(
            step.step, initial={"version": application.version})
        steps.append({"step": step.step, "label": step.label, "form": form,
                      "has_fields": bool(STEP_FIELDS.get(step.step))})
    deadlines = [{"deadline": d, "explanation": explanation(d)} for d in deadlines_for_case(application.pk)]
    context: dict[str, Any] = {
        "application": application, "steps": steps, "refusal": refusal, "deadlines": deadlines,
        "history": queries.history(application=application),
        "interviews": application.interviews.all(), "decisions": application.decisions.all(),
        "appeals": application.appeals.all(),
        "pending": queries.pending_applications().filter(pk=application.pk).exists(),
    }
    return render(request, "asylum/detail.html", context, status=status)


@policy.requires("asylum.view")
def application_detail(request: AuthedRequest, application_id: UUID) -> HttpResponse:
    return _case_page(request, queries.get_application(actor=request.user, application_id=application_id))


@policy.requires("asylum.act")
@require_POST
def application_step(request: AuthedRequest, application_id: UUID, step: str) -> HttpResponse:
    application = queries.get_application(actor=request.user, application_id=application_id)
    try:
        chosen = rules.Step(step)
    except ValueError:
        raise policy.NotFoundError from None
    form = StepForm(chosen, request.POST)
    if not form.is_valid():
        return _case_page(request, application, failed=form, status=422)
    try:
        services.apply_step(actor=request.user, application_id=application.pk, step=chosen,
                            data=form.step_input(), expected_version=form.cleaned_data["version"])
    except RefusedError as error:
        add_refusal_errors(form, error.refusal)
        application.refresh_from_db()
        return _case_page(request, application, failed=form, refusal=error.refusal, status=error.status)
    except StaleVersionError:
        messages.error(request, _("Someone else changed this case meanwhile. Nothing was saved: check the case "
                                  "and take the step again."))
        return redirect("asylum:detail", application_id=application.pk)
    messages.success(request, _("Recorded: %(step)s.") % {"step": rules.STEP_LABELS[chosen]})
    return redirect("asylum:detail", application_id=application.pk)


def choose_person(request: AuthedRequest) -> tuple[Person | None, list[Person], str]:
    """The person a new case is for: named by id in the query string (a UUID, no personal data),
    or found by a name search whose words travel in the POST body, never in the URL."""
    person_id = request.GET.get("person", "")
    if person_id:
        return policy.get_for(request.user, Person, person_id, "people.view"), [], ""
    query = request.POST.get("q", "")[:200] if request.method == "POST" else ""
    found = people.search(actor=request.user, criteria=people.SearchCriteria(q=query), limit=20)
    return None, found, query


@policy.requires("asylum.open")
@require_http_methods(["GET", "POST"])
def application_open(request: AuthedRequest) -> HttpResponse:
    person, found, query = choose_person(request)
    if person is None:
        return render(request, "asylum/open.html", {"found": found, "query": query})
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = queries.opening_institution(request.user, None)
            application = services.express_intention(
                actor=request.user, person=person, institution=institution,
                at_border=form.cleaned_data["at_border"], jurisdiction=form.cleaned_data["jurisdiction"] or None)
        except RefusedError as error:
            form.add_error(None, str(error.refusal.message))
            for problems in error.refusal.fields.values():
                for problem in problems:
                    form.add_error(None, problem)
        else:
            messages.success(request, _("Application opened."))
            return redirect("asylum:detail", application_id=application.pk)
    return render(request, "asylum/open.html", {"form": form, "person": person},
                  status=422 if form.errors else 200)
