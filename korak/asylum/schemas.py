"""What the asylum API takes and gives. Closed vocabularies are Literals, so a wrong code is a
422 that names the field and nothing is written."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from korak.core.schemas import Text

StepName = Literal["register", "lodge", "admit", "declare_inadmissible", "assign_procedure", "extend_examination",
                   "schedule_interview", "hold_interview", "decide", "notify", "appeal", "uphold_appeal",
                   "dismiss_appeal", "make_final", "withdraw"]
Jurisdiction = Literal["EU", "BA", "RS", "ME", "MK"]


class ApplicationIn(Schema):
    person_id: UUID
    institution_id: UUID | None = None
    at_border: bool = False
    jurisdiction: Jurisdiction | None = None
    law_version: Annotated[Text, Field(max_length=40)] | None = None
    occurred_at: datetime | None = None


class AsylumStepIn(Schema):
    step: StepName
    version: int | None = Field(default=None, ge=1, description="The version you read; a stale one is refused (412).")
    occurred_at: datetime | None = None
    procedure: Literal["", "regular", "accelerated", "border"] = ""
    reason: Literal["", "complex_case", "large_number_of_applications", "applicant_delay"] = ""
    outcome: Literal["", "refugee_status", "subsidiary_protection", "rejected", "manifestly_unfounded",
                     "discontinued"] = ""
    suspensive: bool = False
    implicit: bool = False
    scheduled_at: datetime | None = None
    interpreter_language: Annotated[str, Field(pattern=r"^([a-z]{2,3})?$")] = ""
    interviewer_sex_requested: Literal["", "female", "male"] = ""
    interviewer_sex: Literal["", "female", "male"] = ""


class EventOut(Schema):
    type: str
    occurred_at: datetime
    payload: dict[str, Any]


class CaseDeadlineOut(Schema):
    rule_id: str
    title: str
    reference: str
    due_date: date
    due_at: datetime
    status: str
    consequence: str


class ApplicationSummaryOut(Schema):
    id: UUID
    person_id: UUID
    state: str
    procedure: str
    outcome: str
    intention_at: datetime
    version: int


class ApplicationOut(ApplicationSummaryOut):
    institution_id: UUID
    assigned_officer_id: UUID | None
    jurisdiction: str
    law_version: str | None
    at_border: bool
    registered_at: datetime | None
    lodged_at: datetime | None
    final_at: datetime | None
    pending: bool
    next_steps: list[str]
    events: list[EventOut]
    deadlines: list[CaseDeadlineOut]
