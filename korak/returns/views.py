"""The return pages: the list (with detention alerts and identification by country), the
ready-to-return list, opening a case, and the case page with its state, history, deadlines and
the next steps as buttons. Thin: parse, call one service or query, render."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.asylum.views import choose_person
from korak.core.forms import add_refusal_errors
from korak.core.refusal import Refusal, RefusedError, StaleVersionError
from korak.organisations.http import AuthedRequest
from korak.returns import queries, rules, services
from korak.returns.forms import STEP_FIELDS, OpenForm, StepForm
from korak.returns.models import ReturnCase, State
from korak.timelines.queries import deadlines_for_case, explanation


@policy.requires("returns.view")
def case_list(request: AuthedRequest) -> HttpResponse:
    state = request.GET.get("state", "")[:30]
    today = timezone.localdate()
    return render(request, "returns/list.html", {
        "cases": queries.list_cases(actor=request.user, state=state, limit=200),
        "states": State.choices, "state": state, "may_open": policy.can(request.user, "returns.open"),
        "alerts": queries.detention_alerts(actor=request.user, on=today),
        "response_times": queries.identification_response_times(actor=request.user),
        "ready_count": queries.ready_to_return(actor=request.user, on=today).count(),
    })


@policy.requires("returns.view")
def ready_list(request: AuthedRequest) -> HttpResponse:
    cases = (queries.ready_to_return(actor=request.user, on=timezone.localdate())
             .select_related("person").order_by("decided_at")[:200])
    return render(request, "returns/ready.html", {"cases": cases})


def _case_page(request: AuthedRequest, case: ReturnCase, *, failed: StepForm | None = None,
               refusal: Refusal | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    steps = []
    for step in queries.next_steps(actor=request.user, case=case):
        if not step.allowed:
            continue
        form = failed if failed is not None and failed.step == step.step else StepForm(
            step.step, initial={"version": case.version})
        steps.append({"step": step.step, "label": step.label, "form": form,
                      "has_fields": bool(STEP_FIELDS.get(step.step))})
    context: dict[str, Any] = {
        "case": case, "steps": steps, "refusal": refusal,
        "deadlines": [{"deadline": d, "explanation": explanation(d)} for d in deadlines_for_case(case.pk)],
        "history": queries.history(case=case), "readiness": queries.readiness(case, on=today),
        "detention": queries.detention_status(case, on=today), "measures": case.detentions.all(),
        "requests": queries.requests_of(case),
    }
    return render(request, "returns/detail.html", context, status=status)


@policy.requires("returns.view")
def case_detail(request: AuthedRequest, case_id: UUID) -> HttpResponse:
    return _case_page(request, queries.get_case(actor=request.user, case_id=case_id))


@policy.requires("returns.act")
@require_POST
def case_step(request: AuthedRequest, case_id: UUID, step: str) -> HttpResponse:
    case = queries.get_case(actor=request.user, case_id=case_id)
    try:
        chosen = rules.Step(step)
    except ValueError:
        raise policy.NotFoundError from None
    form = StepForm(chosen, request.POST)
    if not form.is_valid():
        return _case_page(request, case, failed=form, status=422)
    try:
        services.apply_step(actor=request.user, case_id=case.pk, step=chosen, data=form.step_input(),
                            expected_version=form.cleaned_data["version"])
    except RefusedError as error:
        add_refusal_errors(form, error.refusal)
        case.refresh_from_db()
        return _case_page(request, case, failed=form, refusal=error.refusal, status=error.status)
    except StaleVersionError:
        messages.error(request, _("Someone else changed this case meanwhile. Nothing was saved: check the case "
                                  "and take the step again."))
        return redirect("returns:detail", case_id=case.pk)
    messages.success(request, _("Recorded: %(step)s.") % {"step": rules.STEP_LABELS[chosen]})
    return redirect("returns:detail", case_id=case.pk)


@policy.requires("returns.open")
@require_http_methods(["GET", "POST"])
def case_open(request: AuthedRequest) -> HttpResponse:
    person, found, query = choose_person(request)
    if person is None:
        return render(request, "returns/open.html", {"found": found, "query": query})
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = queries.opening_institution(request.user, None)
            case = services.decide_return(
                actor=request.user, person=person, institution=institution,
                country_of_return=form.cleaned_data["country_of_return"],
                voluntary_departure_days=form.cleaned_data["voluntary_departure_days"],
                risk=form.cleaned_data["risk"], jurisdiction=form.cleaned_data["jurisdiction"] or None)
        except RefusedError as error:
            form.add_error(None, str(error.refusal.message))
            add_refusal_errors(form, error.refusal)
        else:
            messages.success(request, _("Return case opened."))
            return redirect("returns:detail", case_id=case.pk)
    return render(request, "returns/open.html", {"form": form, "person": person},
                  status=422 if form.errors else 200)
