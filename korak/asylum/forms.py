"""The HTML forms of the asylum pages: one small form per step, with only the fields that step
reads; the service validates again, so the API and the page refuse alike."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from korak.asylum import rules
from korak.asylum.models import Outcome, Procedure
from korak.asylum.services import StepInput

_SEXES = [("", _("No request")), ("female", _("Female")), ("male", _("Male"))]


def _fields() -> dict[str, forms.Field]:
    return {
        "procedure": forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices),
        "reason": forms.ChoiceField(label=_("Reason"), choices=[
            ("complex_case", _("Complex issues of fact or law")),
            ("large_number_of_applications", _("Many applications at the same time")),
            ("applicant_delay", _("Delay attributable to the applicant"))]),
        "outcome": forms.ChoiceField(label=_("Outcome"), choices=[
            (code, label) for code, label in Outcome.choices if code in rules.MERITS_OUTCOMES]),
        "suspensive": forms.BooleanField(label=_("Suspensive effect"), required=False),
        "implicit": forms.BooleanField(label=_("Implicit withdrawal"), required=False),
        "scheduled_at": forms.DateTimeField(label=_("Date and time"),
                                            widget=forms.DateTimeInput(attrs={"type": "datetime-local"})),
        "interpreter_language": forms.RegexField(label=_("Interpreter language (ISO 639)"), regex=r"^[a-z]{2,3}$",
                                                 required=False, max_length=3),
        "interviewer_sex_requested": forms.ChoiceField(label=_("Interviewer's sex requested"), choices=_SEXES,
                                                       required=False),
        "interviewer_sex": forms.ChoiceField(label=_("Interviewer's sex"), choices=_SEXES, required=False),
    }


STEP_FIELDS: dict[rules.Step, tuple[str, ...]] = {
    rules.Step.ASSIGN_PROCEDURE: ("procedure",),
    rules.Step.EXTEND_EXAMINATION: ("reason",),
    rules.Step.SCHEDULE_INTERVIEW: ("scheduled_at", "interpreter_language", "interviewer_sex_requested"),
    rules.Step.HOLD_INTERVIEW: ("interviewer_sex",),
    rules.Step.DECIDE: ("outcome",),
    rules.Step.APPEAL: ("suspensive",),
    rules.Step.WITHDRAW: ("implicit",),
}


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, step: rules.Step, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", step.value)
        super().__init__(*args, **kwargs)
        self.step = step
        catalogue = _fields()
        for name in STEP_FIELDS.get(step, ()):
            self.fields[name] = catalogue[name]

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            procedure=data.get("procedure", ""), reason=data.get("reason", ""), outcome=data.get("outcome", ""),
            suspensive=bool(data.get("suspensive")), implicit=bool(data.get("implicit")),
            scheduled_at=data.get("scheduled_at"), interpreter_language=data.get("interpreter_language") or "",
            interviewer_sex_requested=data.get("interviewer_sex_requested") or "",
            interviewer_sex=data.get("interviewer_sex") or "")


class OpenForm(forms.Form):
    at_border = forms.BooleanField(label=_("Intention expressed at the border"), required=False)
    jurisdiction = forms.ChoiceField(label=_("Rules applied"), required=False, choices=[
        ("", _("This country's law")), ("EU", _("EU Pact on Migration and Asylum"))])
