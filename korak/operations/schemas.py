from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema

from korak.core.schemas import Text

CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["PK"])]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", examples=["ps"])]
Phase = Annotated[str, Field(pattern=r"^(pre_return|pre_departure|in_transit|handover)$")]
LongText = Annotated[Text, Field(max_length=20_000)]
ShortText = Annotated[Text, Field(max_length=200)]


class OperationIn(Schema):
    reference: Annotated[Text, Field(min_length=1, max_length=40)]
    kind: Annotated[str, Field(pattern=r"^(scheduled_flight|charter|land_handover)$")]
    cooperation: Annotated[str, Field(pattern=r"^(national|joint)$")] = "national"
    destination_country: CountryCode
    partner_countries: Annotated[list[CountryCode], Field(max_length=10)] = []
    stopovers: Annotated[list[ShortText], Field(max_length=10)] = []
    first_day: date
    last_day: date
    institution_id: UUID | None = Field(None, description="The organising institution; needed only if you plan "
                                                          "for more than one.")


class ReturneeIn(Schema):
    return_case_id: UUID | None = Field(None, description="A return case ready to return (the usual way).")
    person_id: UUID | None = Field(None, description="A person without a return case: the gate will list it.")


class AssessmentIn(Schema):
    risk_level: Annotated[str, Field(pattern=r"^(low|medium|high)$")] | None = None
    risk_reasons: LongText | None = None
    fit_to_travel: Annotated[str, Field(pattern=r"^(fit|fit_with_conditions|unfit)$")] | None = None
    fit_to_travel_notes: LongText | None = None
    informed_of_complaints: bool | None = None


class MemberIn(Schema):
    role: Annotated[str, Field(pattern=r"^(escort_leader|escort_officer|medical|interpreter)$")]
    full_name: Annotated[Text, Field(min_length=1, max_length=200)]
    official_id: UUID | None = None
    languages: Annotated[list[LanguageCode], Field(max_length=10)] = []


class MonitorIn(Schema):
    monitor_id: UUID
    institution_id: UUID
    notified_at: datetime | None = None


class LogIn(Schema):
    phase: Phase
    kind: Annotated[str, Field(pattern=r"^(event|force|restraint|belongings|handover)$")]
    description: Annotated[Text, Field(min_length=1, max_length=20_000)]
    occurred_at: datetime
    returnee_id: UUID | None = None
    justification: LongText = ""


class IncidentIn(Schema):
    phase: Phase
    severity: Annotated[str, Field(pattern=r"^(minor|moderate|serious)$")]
    description: Annotated[Text, Field(min_length=1, max_length=20_000)]
    occurred_at: datetime
    returnee_id: UUID | None = None


class IncidentReportIn(Schema):
    report: Annotated[Text, Field(min_length=1, max_length=20_000)]


class ReportIn(Schema):
    pre_return: LongText = ""
    pre_departure: LongText = ""
    in_transit: LongText = ""
    handover: LongText = ""
    incidents: LongText = ""
    recommendations: Annotated[list[Annotated[Text, Field(max_length=5_000)]], Field(max_length=50)] = []


class PublishIn(Schema):
    redact: Annotated[list[ShortText], Field(max_length=50)] = []


class RecommendationResponseIn(Schema):
    status: Annotated[str, Field(pattern=r"^(accepted|in_progress|not_accepted|closed)$")]
    text: Annotated[Text, Field(min_length=1, max_length=5_000)]


class ComplaintIn(Schema):
    returnee_id: UUID
    lodged_by: Annotated[str, Field(pattern=r"^(returnee|representative)$")]
    representative_name: ShortText = ""
    summary: Annotated[Text, Field(min_length=1, max_length=20_000)]
    handling_institution_id: UUID


class ComplaintDecisionIn(Schema):
    outcome: Annotated[str, Field(pattern=r"^(upheld|partly_upheld|rejected|inadmissible)$")]
    reasons: Annotated[Text, Field(min_length=1, max_length=20_000)]


class ConditionOut(Schema):
    code: str
    message: str
    reference: str


class ReturneeOut(Schema):
    id: UUID
    person_id: UUID
    name: str
    languages: list[str]
    return_case_id: UUID | None
    risk_level: str
    risk_reasons: str
    fit_to_travel: str
    informed_of_complaints: bool


class MemberOut(Schema):
    id: UUID
    role: str
    full_name: str
    official_id: UUID | None
    languages: list[str]


class MonitorOut(Schema):
    id: UUID
    monitor_id: UUID
    name: str
    institution: str
    institution_kind: str
    notified_at: datetime


class OperationSummaryOut(Schema):
    id: UUID
    reference: str
    kind: str
    cooperation: str
    state: str
    destination_country: str
    first_day: date
    last_day: date
    organising_institution_id: UUID
    version: int


class OperationOut(OperationSummaryOut):
    partner_countries: list[str]
    stopovers: list[str]
    confirmed_at: datetime | None
    returnees: list[ReturneeOut]
    team: list[MemberOut]
    monitors: list[MonitorOut]


class LogOut(Schema):
    id: UUID
    phase: str
    kind: str
    occurred_at: datetime
    description: str
    justification: str
    returnee_id: UUID | None


class IncidentOut(Schema):
    id: UUID
    phase: str
    severity: str
    occurred_at: datetime
    description: str
    report_due_at: datetime | None
    report_filed_at: datetime | None
    overdue: bool


class RecommendationOut(Schema):
    id: int
    number: int
    text: str
    status: str


class ReportOut(Schema):
    id: UUID
    operation_id: UUID
    state: str
    number: int
    corrects_id: UUID | None
    pre_return: str
    pre_departure: str
    in_transit: str
    handover: str
    incidents: str
    submitted_at: datetime | None
    version: int
    recommendations: list[RecommendationOut]


class PublishedOut(Schema):
    report_id: UUID
    operation_reference: str
    published_at: datetime
    sections: dict[str, object]


class ComplaintOut(Schema):
    id: UUID
    operation_id: UUID
    returnee_id: UUID
    lodged_by: str
    lodged_at: datetime
    summary: str
    representative_name: str
    due_on: date
    handling_institution_id: UUID
    outcome: str
    outcome_reasons: str
    decided_at: datetime | None
    overdue: bool
