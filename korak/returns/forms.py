"""The HTML forms of the return pages: one small form per step, with only the fields that step
reads; the service validates again, so the API and the page refuse alike."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from korak.returns import rules
from korak.returns.services import StepInput

Step = rules.Step
_YES_NO = [("yes", _("Yes")), ("no", _("No"))]
_RISKS = [("absconding", _("Risk of absconding")),
          ("manifestly_unfounded_application", _("Manifestly unfounded or fraudulent application")),
          ("public_security", _("Risk to public policy, public or national security"))]
_REASONS: dict[Step, list[tuple[str, Any]]] = {
    Step.EXTEND_VOLUNTARY_DEPARTURE: [
        ("children_at_school", _("Children attending school")), ("family_ties", _("Family and social ties")),
        ("length_of_stay", _("Length of stay")), ("other_circumstances", _("Other specific circumstances"))],
    Step.RECORD_RISK: _RISKS,
    Step.EXTEND_DETENTION: [("non_cooperation", _("Lack of cooperation by the person")),
                            ("document_delay", _("Delay in obtaining documents from the third country"))],
    Step.DECLARE_NOT_REMOVABLE: [
        ("health", _("State of health")), ("no_travel_document", _("No travel document obtainable")),
        ("country_refuses", _("The country refuses readmission")), ("non_refoulement", _("Non-refoulement")),
        ("stateless", _("Stateless")), ("other", _("Other"))],
}


def _field(step: Step, name: str) -> forms.Field:
    date = forms.DateInput(attrs={"type": "date"})
    if name == "reason":
        return forms.ChoiceField(label=_("Reason"), choices=_REASONS[step])
    catalogue: dict[str, forms.Field] = {
        "days": forms.IntegerField(label=_("Days"), min_value=1, max_value=30),
        "months": forms.IntegerField(label=_("Months"), min_value=1, max_value=12),
        "years": forms.IntegerField(label=_("Years"), min_value=1, max_value=rules.ENTRY_BAN_MAX_YEARS),
        "country": forms.RegexField(label=_("Country (ISO 3166, empty: the country of return)"),
                                    regex=r"^[A-Z]{2}$", required=False, max_length=2),
        "agreement": forms.ChoiceField(label=_("Agreement"), choices=[
            (code, label) for code, (label, _days) in rules.READMISSION_AGREEMENTS.items()]),
        "kind": forms.ChoiceField(label=_("Measure"), choices=[
            ("reporting", _("Regular reporting")), ("residence", _("Designated residence")),
            ("deposit", _("Financial guarantee")), ("surrender_of_documents", _("Surrender of documents")),
            ("guarantor", _("Guarantor")), ("electronic_monitoring", _("Electronic monitoring")),
            ("open_accommodation", _("Open accommodation"))]),
        "identified": forms.ChoiceField(label=_("Identified"), choices=_YES_NO, widget=forms.RadioSelect),
        "accepted": forms.ChoiceField(label=_("Accepted"), choices=_YES_NO, widget=forms.RadioSelect),
        "on": forms.DateField(label=_("Date"), widget=date),
        "valid_until": forms.DateField(label=_("Valid until"), required=False, widget=date),
        "consular_interview_on": forms.DateField(label=_("Consular interview on"), required=False, widget=date),
    }
    return catalogue[name]


STEP_FIELDS: dict[Step, tuple[str, ...]] = {
    Step.EXTEND_VOLUNTARY_DEPARTURE: ("days", "reason"),
    Step.RECORD_RISK: ("reason",),
    Step.IMPOSE_ENTRY_BAN: ("years",),
    Step.REQUEST_IDENTIFICATION: ("country", "consular_interview_on"),
    Step.ANSWER_IDENTIFICATION: ("identified",),
    Step.REQUEST_TRAVEL_DOCUMENT: ("country",),
    Step.ISSUE_TRAVEL_DOCUMENT: ("valid_until",),
    Step.REQUEST_READMISSION: ("agreement",),
    Step.ANSWER_READMISSION: ("accepted",),
    Step.ORDER_ALTERNATIVE: ("kind",),
    Step.EXTEND_DETENTION: ("months", "reason"),
    Step.SCHEDULE_REMOVAL: ("on",),
    Step.DECLARE_NOT_REMOVABLE: ("reason",),
}


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, step: Step, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", step.value)
        super().__init__(*args, **kwargs)
        self.step = step
        for name in STEP_FIELDS.get(step, ()):
            self.fields[name] = _field(step, name)

    def step_input(self) -> StepInput:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in ("identified", "accepted"):
            if name in data:
                data[name] = data[name] == "yes"
        return StepInput(**data)


class OpenForm(forms.Form):
    country_of_return = forms.RegexField(label=_("Country of return (ISO 3166)"), regex=r"^[A-Z]{2}$",
                                         max_length=2)
    voluntary_departure_days = forms.IntegerField(
        label=_("Days for voluntary departure"), min_value=1, max_value=30, required=False,
        help_text=_("7 to 30 days (Dir 2008/115/EC Art 7(1)); leave empty only when a risk is named."))
    risk = forms.ChoiceField(label=_("Risk (Art 7(4))"), required=False, choices=[("", _("None")), *_RISKS])
    jurisdiction = forms.ChoiceField(label=_("Rules applied"), required=False, choices=[
        ("", _("This country's law")), ("EU", _("EU Return Directive"))])
