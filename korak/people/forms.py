"""HTML form fields for person records. Domain checks live in rules.check_person; the form
only parses, and the service's refusal is shown under the same field names."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from korak.people import rules
from korak.people.models import DocumentType, Sex


def _country_choices(blank: bool) -> list[tuple[str, str]]:
    choices = [(str(code), str(name)) for code, name in countries]
    return ([("", "—")] if blank else []) + choices


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given names"), max_length=200,
                                 help_text=_("As written in the document, in any script."))
    family_name = forms.CharField(label=_("Family name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False,
                                 help_text=_("Year, year-month or full date: 1999, 1999-03 or 1999-03-14."))
    place_of_birth = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    country_of_birth = forms.ChoiceField(label=_("Country of birth"), required=False)
    nationalities = forms.MultipleChoiceField(label=_("Nationalities"), required=False)
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False,
                                help_text=_("ISO 639 codes separated by commas, such as ps, fa, ar."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_new = forms.BooleanField(label=_("This is a different person: register anyway"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["country_of_birth"].choices = _country_choices(blank=True)  # type: ignore[attr-defined]
        self.fields["nationalities"].choices = _country_choices(blank=False)  # type: ignore[attr-defined]

    def clean_birth_date(self) -> tuple[int | None, int | None, int | None]:
        text: str = self.cleaned_data.get("birth_date", "")
        if not text.strip():
            return (None, None, None)
        parts = rules.parse_birth_date(text)
        if parts is None:
            raise forms.ValidationError(_("Write the date as 1999, 1999-03 or 1999-03-14."))
        if problems := rules.birth_date_problems(*parts, today=timezone.localdate()):
            raise forms.ValidationError(problems)
        return parts

    def clean_languages(self) -> tuple[str, ...]:
        text: str = self.cleaned_data.get("languages", "")
        return tuple(code.strip().lower() for code in text.split(",") if code.strip())


class DocumentForm(forms.Form):
    type = forms.ChoiceField(label=_("Document type"), choices=[("", "—"), *DocumentType.choices], required=False)
    number = forms.CharField(label=_("Document number"), max_length=50, required=False)
    issuing_country = forms.ChoiceField(label=_("Issuing country"), required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["issuing_country"].choices = _country_choices(blank=True)  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("type") or data.get("number"))


class AliasForm(forms.Form):
    given_name = forms.CharField(label=_("Alias: given names"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Alias: family name"), max_length=200, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("given_name") or data.get("family_name"))


DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, max_num=10)
AliasFormSet = forms.formset_factory(AliasForm, extra=1, max_num=10)


def person_data_from(form: PersonForm, documents: "forms.BaseFormSet[DocumentForm]",
                     aliases: "forms.BaseFormSet[AliasForm]") -> rules.PersonData:
    data = form.cleaned_data
    year, month, day = data["birth_date"]
    return rules.PersonData(
        given_name=data["given_name"], family_name=data["family_name"], sex=data["sex"],
        birth_year=year, birth_month=month, birth_day=day, place_of_birth=data["place_of_birth"],
        country_of_birth=data["country_of_birth"], nationalities=tuple(data["nationalities"]),
        languages=data["languages"],
        documents=tuple(
            rules.DocumentData(type=d.cleaned_data["type"], number=d.cleaned_data["number"],
                               issuing_country=d.cleaned_data["issuing_country"],
                               valid_from=d.cleaned_data["valid_from"], valid_until=d.cleaned_data["valid_until"])
            for d in documents.forms if not d.is_blank()
        ),
        aliases=tuple(
            rules.AliasData(given_name=a.cleaned_data["given_name"], family_name=a.cleaned_data["family_name"])
            for a in aliases.forms if not a.is_blank()
        ),
    )


def initial_from(data: rules.PersonData, version: int) -> tuple[dict[str, object], list[dict[str, object]],
                                                                  list[dict[str, object]]]:
    person = {
        "given_name": data.given_name, "family_name": data.family_name, "sex": data.sex,
        "birth_date": rules.birth_date_display(data.birth_year, data.birth_month, data.birth_day),
        "place_of_birth": data.place_of_birth, "country_of_birth": data.country_of_birth,
        "nationalities": list(data.nationalities), "languages": ", ".join(data.languages), "version": version,
    }
    documents: list[dict[str, object]] = [{"type": d.type, "number": d.number, "issuing_country": d.issuing_country,
                  "valid_from": d.valid_from, "valid_until": d.valid_until} for d in data.documents]
    aliases: list[dict[str, object]] = [
        {"given_name": a.given_name, "family_name": a.family_name} for a in data.aliases
    ]
    return person, documents, aliases
