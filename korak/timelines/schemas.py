from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from korak.core.schemas import Text

RuleId = Annotated[Text, Field(max_length=100, pattern=r"^[a-z0-9_.]*$")]


class BoardQuery(Schema):
    institution: UUID | None = None
    officer: UUID | None = None
    rule: RuleId = ""
    case_kind: Literal["", "asylum", "return"] = ""
    status: Literal["open", "met", "cancelled"] = "open"
    days: Annotated[int, Field(ge=1, le=90)] = 7
    limit: Annotated[int, Field(ge=1, le=500)] = 100


class DeadlineOut(Schema):
    id: UUID
    case_id: UUID
    case_kind: str
    institution_id: UUID
    officer_id: UUID | None
    rule_id: str
    title: str
    jurisdiction: str
    law_version: str
    country: str
    reference: str
    consequence: str
    verified: bool
    started_at: datetime
    due_at: datetime
    due_date: date
    status: str
    extensions: list[str]


class DeadlineDetailOut(DeadlineOut):
    explanation: list[str]


class OfficerCountOut(Schema):
    officer_id: UUID | None
    officer_name: str
    institution_id: UUID
    overdue: int
    due_soon: int


class BoardOut(Schema):
    now: datetime
    until: datetime
    overdue_total: int
    due_soon_total: int
    overdue: list[DeadlineOut]
    due_soon: list[DeadlineOut]
    per_officer: list[OfficerCountOut]
