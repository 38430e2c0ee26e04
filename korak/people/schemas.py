from datetime import date
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator

from korak.core.schemas import Text

BirthDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", examples=["1999", "1999-03", "1999-03-14"])]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["AF"])]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", examples=["ps"])]
Name = Annotated[Text, Field(min_length=1, max_length=200)]
OptionalName = Annotated[Text, Field(max_length=200)]


def _strip(value: str) -> str:
    return value.strip()


class DocumentIn(Schema):
    type: Annotated[
        str, Field(pattern=r"^(passport|id_card|travel_document|residence_permit|birth_certificate|other)$")
    ]
    number: Annotated[Text, Field(min_length=3, max_length=50)]
    issuing_country: CountryCode
    valid_from: date | None = None
    valid_until: date | None = None


class AliasIn(Schema):
    given_name: OptionalName = ""
    family_name: OptionalName = ""


class PersonIn(Schema):
    given_name: Annotated[Name, AfterValidator(_strip)]
    family_name: Annotated[Name, AfterValidator(_strip)]
    sex: Annotated[str, Field(pattern=r"^(female|male|other|unknown)$")] = "unknown"
    birth_date: BirthDate | None = None
    place_of_birth: OptionalName = ""
    country_of_birth: CountryCode | None = None
    nationalities: Annotated[list[CountryCode], Field(max_length=5)] = []
    languages: Annotated[list[LanguageCode], Field(max_length=10)] = []
    documents: Annotated[list[DocumentIn], Field(max_length=10)] = []
    aliases: Annotated[list[AliasIn], Field(max_length=10)] = []


class RegistrationIn(PersonIn):
    institution_id: UUID | None = Field(
        None, description="The registering institution; needed only if you serve in more than one."
    )


class DocumentOut(Schema):
    type: str
    number: str
    issuing_country: str
    valid_from: date | None
    valid_until: date | None


class AliasOut(Schema):
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str


class PersonSummaryOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    sex: str
    birth_date: str
    version: int


class PersonOut(PersonSummaryOut):
    name_script: str
    place_of_birth: str
    country_of_birth: str
    nationalities: list[str]
    languages: list[str]
    documents: list[DocumentOut]
    aliases: list[AliasOut]
    registering_institution_id: UUID


class RegistrationOut(Schema):
    person: PersonOut
    possible_duplicates: list[PersonSummaryOut]
