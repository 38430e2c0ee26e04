from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema

from korak.core.schemas import Text

Name = Annotated[Text, Field(min_length=1, max_length=200)]
ShortText = Annotated[Text, Field(max_length=200)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["BA"])]
Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$", examples=["escort-officer"])]
Label = Annotated[Text, Field(min_length=1, max_length=60)]


class ProgrammeIn(Schema):
    code: Code
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    period_start: date
    period_end: date
    donors: Annotated[Text, Field(max_length=2000)] = ""
    implementing_partners: Annotated[Text, Field(max_length=2000)] = ""
    target_countries: Annotated[list[CountryCode], Field(max_length=10)] = []


class ProgrammeOut(Schema):
    id: UUID
    code: str
    title: str
    period_start: date
    period_end: date
    donors: str
    implementing_partners: str
    target_countries: list[str]


class ActivityIn(Schema):
    programme_id: UUID
    kind: Annotated[str, Field(pattern=r"^(conference|workshop|training|operational_meeting|bilateral_meeting|"
                                       r"study_visit|review_meeting|campaign)$")]
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    place: ShortText = ""
    country: Annotated[str, Field(pattern=r"^([A-Z]{2})?$", examples=["BA"],
                                  description="ISO code; empty for a regional activity")]
    starts_on: date
    ends_on: date
    themes: Annotated[list[Label], Field(max_length=20)] = []
    partners: Annotated[list[Label], Field(max_length=20)] = []
    languages: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[a-z]+)?$")]], Field(max_length=10)] = []
    summaries: Annotated[dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[a-z]+)?$")],
                              Annotated[Text, Field(max_length=5000)]], Field(max_length=10)] = {}
    completion_threshold: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = Decimal(80)
    capacity: Annotated[int, Field(ge=1, le=100000)] | None = None
    published: bool = False
    organising_institution_id: UUID | None = Field(
        None, description="Needed only if you coordinate for more than one institution.")


class SessionIn(Schema):
    on: date
    part: Annotated[str, Field(pattern=r"^(day|am|pm)$")] = "day"
    title: ShortText = ""


class SessionOut(Schema):
    id: UUID
    on: date
    part: str
    title: str


class ActivityOut(Schema):
    id: UUID
    programme_id: UUID
    kind: str
    title: str
    place: str
    country: str
    starts_on: date
    ends_on: date
    themes: list[str]
    partners: list[str]
    languages: list[str]
    summaries: dict[str, str]
    completion_threshold: Decimal
    capacity: int | None
    published: bool
    organising_institution_id: UUID
    sessions: list[SessionOut]


class OfficialIn(Schema):
    given_name: Name
    family_name: Name
    institution_id: UUID
    sex: Annotated[str, Field(pattern=r"^(female|male|not_recorded)$")] = "not_recorded"
    position: ShortText = ""
    email: Annotated[Text, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""
    phone: Annotated[Text, Field(max_length=50)] = ""
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    consent_to_publish: bool = False


class SpellingOut(Schema):
    given_name: str
    family_name: str
    source: str


class OfficialOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    latin_given: str
    latin_family: str
    sex: str
    institution_id: UUID
    country: str
    position: str
    birth_year: int | None
    consent_to_publish: bool
    version: int
    spellings: list[SpellingOut]


class ParticipationIn(Schema):
    official_id: UUID
    action: Annotated[str, Field(pattern=r"^(invite|register)$")] = "register"
    role: Annotated[str, Field(pattern=r"^(participant|expert|trainer)$")] = "participant"


class ParticipationOut(Schema):
    id: UUID
    activity_id: UUID
    official_id: UUID
    status: str
    role: str


class CheckInIn(Schema):
    official_id: UUID


class CheckInOut(Schema):
    recorded: bool


class SheetOut(Schema):
    id: UUID
    duplicate: bool
    rows: int
    matched: int
    created: int
    queued: int


class CandidateOut(Schema):
    id: int
    official_a_id: UUID
    official_b_id: UUID
    score: Decimal
    reasons: list[str]
    status: str


class DuplicateDecisionIn(Schema):
    same_person: bool


class MergeOut(Schema):
    id: int
    survivor_id: UUID
    merged_id: UUID
    automatic: bool
    undone: bool


class ScanOut(Schema):
    merged: int
    queued: int


class ModuleIn(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    activity_ids: Annotated[list[UUID], Field(max_length=50)] = []


class CurriculumIn(Schema):
    code: Code
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    pass_mark: Annotated[int, Field(ge=0, le=100)] = 70
    required_attendance: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = Decimal(80)
    validity_months: Annotated[int, Field(ge=1, le=240)] = 36
    refresher_months: Annotated[int, Field(ge=1, le=240)] = 24
    modules: Annotated[list[ModuleIn], Field(max_length=30)] = []


class CurriculumOut(Schema):
    id: UUID
    code: str
    title: str
    pass_mark: int
    required_attendance: Decimal
    validity_months: int
    refresher_months: int


class CertificateIn(Schema):
    official_id: UUID
    curriculum: Code


class RevokeIn(Schema):
    reason: Annotated[Text, Field(min_length=1, max_length=300)]


class RenewIn(Schema):
    refresher_activity_id: UUID


class CertificateOut(Schema):
    id: UUID
    code: str
    official_id: UUID
    curriculum: str
    issued_on: date
    valid_until: date
    revoked_on: date | None
    renews_id: UUID | None
    status: str

