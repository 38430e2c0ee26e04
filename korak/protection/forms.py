"""HTML forms of the protection pages. They parse; the services validate and refuse, and a
refusal is shown under the same field names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from korak.core.refusal import RefusedError
from korak.protection import rules
from korak.protection.models import BestInterestsOutcome, ConsentGiver, Occasion, RepresentativeKind, Service

_DATE = forms.DateInput(attrs={"type": "date"})


class ScreeningForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What applies to the person?"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(str(c), rules.CATEGORY_LABELS[c]) for c in rules.Category],
        help_text=_("Tick nothing if nothing applies. Ask; never guess. The person may choose not to answer."))
    narrative = forms.CharField(label=_("Notes"), required=False, max_length=10_000, widget=forms.Textarea,
                                help_text=_("Seen only by protection officers and the person's assigned officer."))
    occasion = forms.ChoiceField(label=_("When"), choices=Occasion.choices, initial=Occasion.REGISTRATION)


class BestInterestsForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=_DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=BestInterestsOutcome.choices)
    reasoning = forms.CharField(label=_("Reasoning"), max_length=10_000, widget=forms.Textarea)


class RepresentativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Guardian or representative"), choices=RepresentativeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Institution"), max_length=200,
                                   help_text=_("For example the centre for social work that appointed them."))
    appointed_on = forms.DateField(label=_("Appointed on"), widget=_DATE)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("The person agrees to be referred for"), choices=Service.choices)
    given_by = forms.ChoiceField(label=_("Consent given by"), choices=ConsentGiver.choices)
    given_by_name = forms.CharField(label=_("Name of the parent or guardian"), max_length=200, required=False)


class ReferralForm(forms.Form):
    partner_id = forms.ChoiceField(label=_("Partner organisation"))
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    need = forms.CharField(label=_("What is needed"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("The partner sees this. Write only what they need to help."))
    contact = forms.CharField(label=_("How to reach the person"), max_length=5_000)
    contact_window = forms.CharField(label=_("When to reach them"), max_length=200)
    language = forms.CharField(label=_("Language"), max_length=3, help_text=_("A 2- or 3-letter code, such as fa."))
    shared_information = forms.CharField(
        label=_("What the person agreed to share"), max_length=5_000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Refer without consent: why it cannot wait"), required=False, max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the person cannot be asked and is at serious risk. Recorded in the audit log."))

    def __init__(self, *args: object, partners: list[tuple[str, str]], may_override: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["partner_id"].choices = partners  # type: ignore[attr-defined]
        if not may_override:
            del self.fields["override_reason"]


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Answer"), choices=[
        ("accepted", _("Accept")), ("declined", _("Decline")), ("completed", _("Mark as completed"))])
    note = forms.CharField(label=_("Note to the referring officer"), required=False, max_length=2_000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def show_refusal(form: forms.Form, error: RefusedError) -> None:
    """The service's refusal under the form's fields, or above the form."""
    if not error.refusal.fields:
        form.add_error(None, str(error.refusal.message))
    for name, problems in error.refusal.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    if error.refusal.fields and not any(name in form.fields for name in error.refusal.fields):
        form.add_error(None, str(error.refusal.message))
