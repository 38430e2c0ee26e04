"""Pure rules for person records: what a valid record is, and when two look like one person."""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from korak.core.refusal import Refusal

EARLIEST_BIRTH_YEAR = 1900
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{3,30}$")
# The codes of models.DocumentType; a test keeps the two equal.
DOCUMENT_TYPES = frozenset({"passport", "id_card", "travel_document", "residence_permit", "birth_certificate", "other"})
SEXES = frozenset({"female", "male", "other", "unknown"})

type AddError = Callable[[str, object], None]


@dataclass(frozen=True)
class DocumentData:
    type: str
    number: str
    issuing_country: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class AliasData:
    given_name: str = ""
    family_name: str = ""


@dataclass(frozen=True)
class PersonData:
    """What an officer enters; the same for the HTML form and the API."""

    given_name: str
    family_name: str
    sex: str = "unknown"
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    place_of_birth: str = ""
    country_of_birth: str = ""
    nationalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    documents: tuple[DocumentData, ...] = ()
    aliases: tuple[AliasData, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


def normalise_document_number(number: str) -> str:
    return re.sub(r"[\s\-./]", "", number).upper()


def check_person(data: PersonData, *, today: date, countries: frozenset[str]) -> Refusal | None:
    """Every problem at once, each under its field's name."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: object) -> None:
        errors.setdefault(name, []).append(str(message))

    for name in ("given_name", "family_name"):
        value = getattr(data, name).strip()
        if not value:
            add(name, _("Enter the name as written; use a single dash if it is not known."))
        elif len(value) > 200:
            add(name, _("Keep the name under 200 characters."))
        elif any(ord(char) < 32 for char in value):
            add(name, _("The name contains control characters."))
    if data.sex not in SEXES:
        add("sex", _("Choose female, male, other or not known."))
    _check_birth_date(data, today, add)
    if data.country_of_birth and data.country_of_birth not in countries:
        add("country_of_birth", _("Choose a country from the list (ISO 3166 code)."))
    for code in data.nationalities:
        if code not in countries:
            add("nationalities", _("Unknown country code: %(code)s.") % {"code": code[:10]})
    for code in data.languages:
        if not _LANGUAGE.match(code):
            add("languages", _("Use ISO 639 language codes, such as ar, fa, ps or ur."))
    for index, document in enumerate(data.documents):
        _check_document(index, document, countries, add)
    if len(data.place_of_birth) > 200:
        add("place_of_birth", _("Keep the place under 200 characters."))
    for index, alias in enumerate(data.aliases):
        if not (alias.given_name.strip() or alias.family_name.strip()):
            add(f"aliases.{index}", _("An alias needs a given or a family name."))
    if errors:
        return Refusal(code="invalid", message=_("Some fields need attention."), fields=errors)
    return None


def birth_date_problems(year: int | None, month: int | None, day: int | None, *, today: date) -> list[str]:
    """The date-of-birth rule of check_person alone, for a form that shows its problems beside
    the field together with the form's other errors, instead of one submit later."""
    problems: list[str] = []
    data = PersonData(given_name="", family_name="", birth_year=year, birth_month=month, birth_day=day)
    _check_birth_date(data, today, lambda _name, message: problems.append(str(message)))
    return problems


def _check_birth_date(data: PersonData, today: date, add: AddError) -> None:
    year, month, day = data.birth_year, data.birth_month, data.birth_day
    if year is not None and not EARLIEST_BIRTH_YEAR <= year <= today.year:
        add("birth_year", _("Enter a year between %(first)s and %(last)s.") % {
            "first": EARLIEST_BIRTH_YEAR, "last": today.year})
        return
    if month is not None and year is None:
        add("birth_month", _("A month needs a year."))
    if day is not None and month is None:
        add("birth_day", _("A day needs a month."))
    if month is not None and not 1 <= month <= 12:
        add("birth_month", _("Enter a month from 1 to 12."))
        return
    if year is not None and month is not None and day is not None:
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            add("birth_day", _("This month has no such day."))
        elif date(year, month, day) > today:
            add("birth_day", _("The date of birth is in the future."))


def _check_document(index: int, document: DocumentData, countries: frozenset[str], add: AddError) -> None:
    prefix = f"documents.{index}"
    if document.type not in DOCUMENT_TYPES:
        add(f"{prefix}.type", _("Choose a document type."))
    if not _DOCUMENT_NUMBER.match(normalise_document_number(document.number)):
        add(f"{prefix}.number", _("A document number has 3 to 30 letters and digits."))
    if document.issuing_country not in countries:
        add(f"{prefix}.issuing_country", _("Choose the issuing country."))
    if document.valid_from and document.valid_until and document.valid_until < document.valid_from:
        add(f"{prefix}.valid_until", _("The document expires before it was issued."))


def birth_date_display(year: int | None, month: int | None, day: int | None) -> str:
    """ISO 8601 with reduced precision: 1999, 1999-03, 1999-03-14."""
    if year is None:
        return ""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_birth_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    """'1999', '1999-03' or '1999-03-14' → parts; None if the text is not one of those."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def looks_like_same_person(
    *, keys_a: frozenset[str], year_a: int | None, keys_b: frozenset[str], year_b: int | None
) -> bool:
    """The registration warning (a deliberately simple rule; the identity app matches
    properly): every name key of the shorter name appears in the other, and the birth
    years agree or one is unknown."""
    if not keys_a or not keys_b:
        return False
    shorter, longer = sorted((keys_a, keys_b), key=len)
    years_agree = year_a is None or year_b is None or year_a == year_b
    return shorter <= longer and years_agree
