"""HTML forms of the programme pages: they parse; the services check and refuse."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from korak.organisations.models import Institution
from korak.programme import services
from korak.programme.models import Activity, ActivityKind, Curriculum, OfficialSex, Programme, SessionPart


class OfficialForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=200,
                                 help_text=_("As the official writes it, in any script."))
    family_name = forms.CharField(label=_("Family name"), max_length=200)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.filter(
        is_active=True).select_related("country").order_by("country", "name"))
    sex = forms.ChoiceField(label=_("Sex"), choices=OfficialSex.choices, initial=OfficialSex.NOT_RECORDED)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    consent_to_publish = forms.BooleanField(label=_("Consents to be named in publications"), required=False)
    confirm_new = forms.BooleanField(label=_("This is a different person from the records shown"), required=False)

    def data_object(self) -> services.OfficialData:
        data = self.cleaned_data
        return services.OfficialData(
            given_name=data["given_name"], family_name=data["family_name"], institution_id=data["institution"].pk,
            sex=data["sex"], position=data["position"], email=data["email"], phone=data["phone"],
            birth_year=data["birth_year"], consent_to_publish=data["consent_to_publish"])


class RegisterForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class CertificateForm(forms.Form):
    curriculum = forms.ModelChoiceField(label=_("Curriculum"), queryset=Curriculum.objects.none(),
                                        to_field_name="code")

    def __init__(self, *args: Any, curricula: QuerySet[Curriculum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].queryset = curricula  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SheetForm(forms.Form):
    file = forms.FileField(label=_("Sign-in sheet (CSV or XLSX)"))


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40,
                           help_text=_("The code printed on the certificate, such as ABCD-EFGH-JKLM-NPQR."))


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class ActivityForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False,
                              help_text=_("Two-letter code such as BA; empty for a regional activity."))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    partners = forms.CharField(label=_("Partner organisations"), max_length=500, required=False,
                               help_text=_("Separated by commas: JCP, EUAA, Frontex, IOM, MARRI."))
    themes = forms.CharField(label=_("Themes"), max_length=500, required=False)
    completion_threshold = forms.DecimalField(label=_("Completion threshold (% of sessions)"), min_value=0,
                                              max_value=100, initial=80, decimal_places=2)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)

    def data_object(self, language: str) -> services.ActivityData:
        data = self.cleaned_data
        return services.ActivityData(
            kind=data["kind"], title=data["title"], country=data["country"].strip().upper(),
            starts_on=data["starts_on"], ends_on=data["ends_on"], place=data["place"],
            partners=_listed(data["partners"]), themes=_listed(data["themes"]),
            summaries={language: data["summary"]} if data["summary"] else {},
            completion_threshold=data["completion_threshold"], capacity=data["capacity"])


class SessionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    part = forms.ChoiceField(label=_("Part of day"), choices=SessionPart.choices)


class RenewForm(forms.Form):
    refresher = forms.ModelChoiceField(label=_("Refresher activity"), queryset=Activity.objects.none())

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refresher"].queryset = activities  # type: ignore[attr-defined]


class CurriculumForm(forms.Form):
    """A curriculum's marks; its modules come from ModuleFormSet."""

    code = forms.SlugField(label=_("Code"), max_length=60,
                           help_text=_("Short, unique, in Latin letters: printed on every certificate."))
    title = forms.CharField(label=_("Title"), max_length=300)
    pass_mark = forms.IntegerField(label=_("Pass mark of the post-test (0-100)"), min_value=0, max_value=100,
                                   initial=70)
    required_attendance = forms.DecimalField(label=_("Required attendance (%)"), min_value=0, max_value=100,
                                             decimal_places=2, initial=80)
    validity_months = forms.IntegerField(label=_("A certificate is valid for (months)"), min_value=1, max_value=240,
                                         initial=36)
    refresher_months = forms.IntegerField(label=_("A refresher renews it for (months)"), min_value=1,
                                          max_value=240, initial=24)


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module"), max_length=300, required=False)
    activities = forms.ModelMultipleChoiceField(label=_("Delivered by the activities"),
                                                queryset=Activity.objects.none(), required=False)

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activities  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("activities") and not cleaned.get("title", "").strip():
            self.add_error("title", _("Name the module its activities deliver."))
        return cleaned


ModuleFormSet = forms.formset_factory(ModuleForm, extra=3, max_num=12)
