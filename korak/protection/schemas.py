from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator

from korak.core.schemas import Text


def _notes_characters(value: str) -> str:
    # Notes may hold line breaks and tabs; no other control character, no lone surrogate.
    if any((ord(char) < 32 and char not in "\n\r\t") or 0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise ValueError("must not contain control characters")
    return value


Notes = Annotated[str, AfterValidator(_notes_characters)]

_CATEGORY = (r"^(unaccompanied_child|child|pregnancy|older_person|disability|serious_illness|mental_health|torture|"
             r"gender_based_violence|trafficking|lgbtiq_at_risk)$")
CategoryCode = Annotated[str, Field(pattern=_CATEGORY, examples=["child"])]
ServiceCode = Annotated[str, Field(pattern=r"^(shelter|medical|psychosocial|legal_aid)$")]
LongText = Annotated[Text, Field(max_length=10_000)]


class ScreeningIn(Schema):
    categories: Annotated[list[CategoryCode], Field(max_length=11)] = []
    narrative: Annotated[Notes, Field(max_length=10_000)] = ""
    occasion: Annotated[str, Field(pattern=r"^(registration|later)$")] = "registration"


class BestInterestsIn(Schema):
    assessed_on: date
    outcome: Annotated[str, Field(pattern=r"^(stay|return|transfer|undetermined)$")]
    reasoning: Annotated[Notes, Field(min_length=1, max_length=10_000)]


class RepresentativeIn(Schema):
    kind: Annotated[str, Field(pattern=r"^(guardian|representative)$")]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    organisation: Annotated[Text, Field(min_length=1, max_length=200)]
    appointed_on: date


class RepresentativeEndIn(Schema):
    ended_on: date


class ConsentIn(Schema):
    purpose: ServiceCode
    given_by: Annotated[str, Field(pattern=r"^(person|parent|guardian)$")] = "person"
    given_by_name: Annotated[Text, Field(max_length=200)] = ""


class ReferralIn(Schema):
    partner_id: UUID
    service: ServiceCode
    need: Annotated[Notes, Field(min_length=1, max_length=5_000)]
    contact: Annotated[Notes, Field(min_length=1, max_length=5_000)]
    contact_window: Annotated[Text, Field(min_length=1, max_length=200)]
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$", examples=["fa"])]
    shared_information: Annotated[Notes, Field(max_length=5_000)] = ""
    override_reason: Annotated[Notes | None, Field(max_length=2_000)] = Field(
        None, description="Only to refer without consent: needs the permission protection.refer_without_consent.")


class AnswerIn(Schema):
    state: Annotated[str, Field(pattern=r"^(accepted|declined|completed)$")]
    note: Annotated[Notes, Field(max_length=2_000)] = ""


class CreatedOut(Schema):
    id: UUID
    version: int


class LabelOut(Schema):
    code: str
    label: str


class GuaranteeOut(LabelOut):
    reference: str


class ScreeningOut(Schema):
    id: UUID
    screened_at: datetime
    occasion: str
    screened_by: str
    categories: list[LabelOut]
    narrative: str


class AssessmentOut(Schema):
    id: UUID
    assessed_on: date
    outcome: str
    reasoning: str


class RepresentativeOut(Schema):
    id: UUID
    kind: str
    name: str
    organisation: str
    appointed_on: date
    ended_on: date | None


class ConsentOut(Schema):
    id: UUID
    purpose: str
    given_by: str
    given_by_name: str
    given_at: datetime
    withdrawn_at: datetime | None


class ReferralOut(Schema):
    id: UUID
    person_id: UUID
    partner_id: UUID
    partner_name: str
    service: str
    need: str
    contact: str
    contact_window: str
    language: str
    shared_information: str
    state: str
    sent_at: datetime
    responded_at: datetime | None
    partner_note: str
    with_consent: bool
    version: int


class SensitiveOut(Schema):
    categories: list[LabelOut]
    screenings: list[ScreeningOut]
    assessments: list[AssessmentOut]
    representatives: list[RepresentativeOut]
    consents: list[ConsentOut]
    referrals: list[ReferralOut]


class PanelOut(Schema):
    person_id: UUID
    screened: bool
    guarantees_apply: bool
    guarantees: list[GuaranteeOut]
    need_to_know: bool
    sensitive: SensitiveOut | None


class InboxRowOut(Schema):
    id: UUID
    service: str
    language: str
    state: str
    sent_at: datetime


class PartnerReferralOut(Schema):
    """All the partner ever sees of a referral."""

    id: UUID
    referred_by_institution: str
    service: str
    need: str
    contact: str
    contact_window: str
    language: str
    shared_information: str
    state: str
    sent_at: datetime
    responded_at: datetime | None
    partner_note: str
    version: int
