"""What the returns API takes and gives. Closed vocabularies are Literals, so a wrong code is a
422 that names the field and nothing is written."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from korak.asylum.schemas import CaseDeadlineOut, EventOut, Jurisdiction
from korak.core.schemas import Text

__all__ = ["CaseDeadlineOut", "CaseIn", "CaseOut", "CaseSummaryOut", "EventOut", "ReturnStepIn"]

StepName = Literal[
    "extend_voluntary_departure", "record_risk", "impose_entry_ban", "request_identification",
    "remind_identification", "answer_identification", "request_travel_document", "issue_travel_document",
    "request_readmission", "answer_readmission", "order_detention", "order_alternative", "review_detention",
    "extend_detention", "end_detention", "enrol_avr", "schedule_removal", "record_departure", "record_removal",
    "record_absconding", "declare_not_removable"]
Risk = Literal["absconding", "manifestly_unfounded_application", "public_security"]
Reason = Literal["", "absconding", "manifestly_unfounded_application", "public_security", "children_at_school",
                 "family_ties", "length_of_stay", "other_circumstances", "non_cooperation", "document_delay", "health",
                 "no_travel_document", "country_refuses", "non_refoulement", "stateless", "other"]
CountryCode = Annotated[str, Field(pattern=r"^([A-Z]{2})?$", examples=["AF"])]


class CaseIn(Schema):
    person_id: UUID
    institution_id: UUID | None = None
    country_of_return: Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["AF"])]
    voluntary_departure_days: int | None = Field(default=None, ge=0, le=30)
    risk: Risk | Literal[""] = ""
    jurisdiction: Jurisdiction | None = None
    law_version: Annotated[Text, Field(max_length=40)] | None = None
    occurred_at: datetime | None = None


class ReturnStepIn(Schema):
    step: StepName
    version: int | None = Field(default=None, ge=1, description="The version you read; a stale one is refused (412).")
    occurred_at: datetime | None = None
    days: int | None = Field(default=None, ge=1, le=30)
    months: int | None = Field(default=None, ge=1, le=12)
    years: int | None = Field(default=None, ge=1, le=20)
    reason: Reason = ""
    country: CountryCode = ""
    agreement: Literal["", "eu_standard", "eu_accelerated", "bilateral"] = ""
    kind: Literal["", "reporting", "residence", "deposit", "surrender_of_documents", "guarantor",
                  "electronic_monitoring", "open_accommodation"] = ""
    identified: bool | None = None
    accepted: bool | None = None
    on: date | None = None
    valid_until: date | None = None
    consular_interview_on: date | None = None


class CaseSummaryOut(Schema):
    id: UUID
    person_id: UUID
    state: str
    country_of_return: str
    decided_at: datetime
    voluntary_departure_until: date | None
    version: int


class ReadinessOut(Schema):
    identified: bool
    documented: bool
    available: bool
    suspensive_pending: bool
    ready: bool


class DetentionOut(Schema):
    kind: str
    started_on: date
    until: date | None
    next_review_on: date | None
    ended_on: date | None


class RequestOut(Schema):
    kind: Literal["identification", "travel_document", "readmission"]
    country_or_agreement: str
    sent_at: datetime
    due: date | None
    reminders: int
    answered_at: datetime | None
    positive: bool | None


class CaseOut(CaseSummaryOut):
    institution_id: UUID
    assigned_officer_id: UUID | None
    jurisdiction: str
    law_version: str | None
    voluntary_departure_days: int | None
    risk_reason: str
    entry_ban_years: int | None
    avr_enrolled_at: datetime | None
    removal_on: date | None
    closed_at: datetime | None
    readiness: ReadinessOut
    detentions: list[DetentionOut]
    requests: list[RequestOut]
    next_steps: list[str]
    events: list[EventOut]
    deadlines: list[CaseDeadlineOut]


class CountryResponseOut(Schema):
    country: str
    answered: int
    pending: int
    average_days: float | None
    reminders_due: int


