"""HTML forms of return operations: they parse; the services decide and refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from korak.operations.models import (
    ComplainantKind,
    ComplaintOutcome,
    Cooperation,
    FitToTravel,
    LogKind,
    OperationKind,
    Phase,
    RecommendationStatus,
    RiskLevel,
    Severity,
    TeamRole,
)

_DATE = forms.DateInput(attrs={"type": "date"})
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _codes(text: str, *, upper: bool) -> tuple[str, ...]:
    parts = (part.strip() for part in text.replace(";", ",").split(","))
    return tuple(part.upper() if upper else part.lower() for part in parts if part)


class OperationForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=OperationKind.choices)
    cooperation = forms.ChoiceField(label=_("National or joint"), choices=Cooperation.choices)
    destination_country = forms.ChoiceField(label=_("Destination country"))
    partner_countries = forms.CharField(label=_("Partner countries"), required=False, max_length=100,
                                        help_text=_("For a joint operation: ISO codes separated by commas."))
    stopovers = forms.CharField(label=_("Stopovers"), required=False, max_length=400,
                                help_text=_("Places separated by commas."))
    first_day = forms.DateField(label=_("First day"), widget=_DATE)
    last_day = forms.DateField(label=_("Last day"), widget=_DATE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["destination_country"].choices = [("", "—"), *((str(c), str(n)) for c, n in countries)]  # type: ignore[attr-defined]

    def clean_partner_countries(self) -> tuple[str, ...]:
        return _codes(self.cleaned_data.get("partner_countries", ""), upper=True)

    def clean_stopovers(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.cleaned_data.get("stopovers", "").split(",") if p.strip())


class ReturneeForm(forms.Form):
    return_case = forms.ChoiceField(label=_("Return case"), help_text=_(
        "Return cases ready to return: identified, documented, available, nothing suspensive pending."))


class AssessmentForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("Individual risk level"), choices=[("", "—"), *RiskLevel.choices],
                                   required=False)
    risk_reasons = forms.CharField(label=_("Reasons for the risk level"), widget=forms.Textarea(attrs={"rows": 3}),
                                   required=False, help_text=_("What in this person's own conduct or situation "
                                                               "supports the level. Restraints rest on it."))
    fit_to_travel = forms.ChoiceField(label=_("Fit to travel"), choices=[("", "—"), *FitToTravel.choices],
                                      required=False)
    fit_to_travel_notes = forms.CharField(label=_("Conditions or medical needs the escorts must know"),
                                          widget=forms.Textarea(attrs={"rows": 2}), required=False)
    informed_of_complaints = forms.BooleanField(label=_("Told how to complain, in a language understood"),
                                                required=False)


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    full_name = forms.CharField(label=_("Name"), max_length=200)
    official = forms.ChoiceField(label=_("Trained official (programme registry)"), required=False,
                                 help_text=_("Required for escorts: their escort certificate is checked."))
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False,
                                help_text=_("For an interpreter: ISO 639 codes separated by commas, such as ps, fa."))

    def clean_languages(self) -> tuple[str, ...]:
        return _codes(self.cleaned_data.get("languages", ""), upper=False)


class MonitorForm(forms.Form):
    monitor = forms.ChoiceField(label=_("Monitor"))
    notified_at = forms.DateTimeField(label=_("Notified at"), widget=_DATETIME, required=False,
                                      help_text=_("Leave empty for now."))


class LogForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=LogKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=_DATETIME)
    returnee = forms.ChoiceField(label=_("Returnee"), required=False)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    justification = forms.CharField(label=_("Individual-risk justification"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Required for force or restraint: why this person, now."))


class IncidentForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=_DATETIME)
    returnee = forms.ChoiceField(label=_("Returnee"), required=False)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))


class IncidentReportForm(forms.Form):
    report = forms.CharField(label=_("Serious incident report"), widget=forms.Textarea(attrs={"rows": 8}))


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    pre_return = forms.CharField(label=_("Pre-return phase"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    pre_departure = forms.CharField(label=_("Pre-departure phase"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    in_transit = forms.CharField(label=_("In transit, with stopovers"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    handover = forms.CharField(label=_("Hand-over"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    incidents = forms.CharField(label=_("Incidents observed"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(label=_("Recommendations"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 5}),
                                      help_text=_("One recommendation per line."))

    def clean_recommendations(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("recommendations", "").splitlines() if line.strip()]


class PublishForm(forms.Form):
    redact = forms.CharField(label=_("Also redact"), required=False, max_length=2000,
                             help_text=_("Words to hide besides the returnees' and the team's names, separated by "
                                         "commas (places, flight numbers)."))


class ResponseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"),
                               choices=[c for c in RecommendationStatus.choices if c[0] != "open"])
    text = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintForm(forms.Form):
    returnee = forms.ChoiceField(label=_("Returnee"))
    lodged_by = forms.ChoiceField(label=_("Lodged by"), choices=ComplainantKind.choices)
    representative_name = forms.CharField(label=_("Representative"), max_length=200, required=False)
    summary = forms.CharField(label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 4}))
    handling_institution = forms.ChoiceField(label=_("Independent body handling it"))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ComplaintOutcome.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class SettingsForm(forms.Form):
    monitor_notice_days = forms.IntegerField(label=_("Days of notice to the monitor"), min_value=0, max_value=365)
    serious_incident_report_hours = forms.IntegerField(label=_("Hours to report a serious incident"), min_value=1,
                                                       max_value=365)
    complaint_days = forms.IntegerField(label=_("Days to decide a complaint"), min_value=1, max_value=365)
    escorts_per_high_risk = forms.IntegerField(label=_("Escorts per high-risk returnee"), min_value=0, max_value=10)
    escorts_per_medium_risk = forms.IntegerField(label=_("Escorts per medium-risk returnee"), min_value=0,
                                                 max_value=10)
    low_risk_per_escort = forms.IntegerField(label=_("Low-risk returnees per escort"), min_value=1, max_value=10)
