"""HTML forms of the programme pages: they parse; the services check and refuse."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from korak.organisations.models import Institution
from korak.programme import services
from korak.programme.models import Activity, Curriculum, OfficialSex


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
