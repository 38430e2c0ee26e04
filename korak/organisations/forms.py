from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from korak.organisations.models import Institution, InstitutionKind, Role


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), max_length=200, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.RegexField(label=_("Six-digit code"), regex=r"^\d{6}$",
                            error_messages={"invalid": _("Enter the six digits your authenticator shows.")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


class InstitutionForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("institution", "Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=InstitutionKind.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(label=_("Initial password"), strip=False, widget=forms.PasswordInput)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: object, institutions: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if institutions is not None:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class MembershipForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: object, institutions: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if institutions is not None:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
