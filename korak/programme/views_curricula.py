"""Curricula pages: the certified courses of study (escort officer, forced-return monitor), their
modules and the activities that deliver them, and who holds their certificates."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from korak import policy
from korak.core.forms import add_refusal_errors
from korak.core.refusal import RefusedError
from korak.organisations.http import AuthedRequest
from korak.programme import queries, rules, services
from korak.programme.forms import CurriculumForm, ModuleFormSet
from korak.programme.models import Activity, Certificate


@policy.requires("programme.certify")
@require_http_methods(["GET", "POST"])
def curriculum_list(request: AuthedRequest) -> HttpResponse:
    """Every curriculum with its marks and how many certificates are valid today; a coordinator
    creates a new one with up to twelve modules."""
    activities = Activity.objects.order_by("-starts_on", "title")
    form = CurriculumForm(request.POST or None)
    modules = ModuleFormSet(request.POST or None, form_kwargs={"activities": activities}, prefix="module")
    if request.method == "POST" and form.is_valid() and modules.is_valid():
        data = form.cleaned_data
        chosen = [(row["title"].strip(), [a.pk for a in row.get("activities", [])])
                  for row in modules.cleaned_data if row.get("title", "").strip()]
        try:
            curriculum = services.create_curriculum(
                actor=request.user, code=data["code"], title=data["title"], pass_mark=data["pass_mark"],
                required_attendance=data["required_attendance"], validity_months=data["validity_months"],
                refresher_months=data["refresher_months"], modules=chosen)
        except RefusedError as error:
            add_refusal_errors(form, error.refusal)
            if not error.refusal.fields:
                form.add_error(None, str(error.refusal.message))
        else:
            return redirect("programme:curriculum", curriculum_id=curriculum.pk)
    today = timezone.localdate()
    rows = []
    for curriculum in queries.curricula(request.user).prefetch_related("certificates").order_by("code"):
        valid = sum(1 for c in curriculum.certificates.all()
                    if rules.certificate_status(_facts(c), on=today) == "valid")
        rows.append((curriculum, valid))
    return render(request, "programme/curricula.html", {"rows": rows, "form": form, "modules": modules},
                  status=422 if request.method == "POST" else 200)


@policy.requires("programme.certify")
def curriculum_detail(request: AuthedRequest, curriculum_id: UUID) -> HttpResponse:
    """A curriculum's modules and activities, and every certificate issued for it with its status."""
    curriculum = queries.curricula(request.user).filter(pk=curriculum_id).prefetch_related(
        "modules__activities").first()
    if curriculum is None:
        raise policy.NotFoundError
    today = timezone.localdate()
    certificates = [(c, rules.certificate_status(_facts(c), on=today))
                    for c in Certificate.objects.filter(curriculum=curriculum)
                    .select_related("official__institution").order_by("-issued_on")]
    return render(request, "programme/curriculum.html", {"curriculum": curriculum, "certificates": certificates})


def _facts(certificate: Certificate) -> rules.CertificateFacts:
    return rules.CertificateFacts(issued_on=certificate.issued_on, valid_until=certificate.valid_until,
                                  revoked_on=certificate.revoked_on)
