from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema

from korak.core.schemas import Text


class CandidatesIn(Schema):
    given_name: Annotated[Text, Field(max_length=200)] = ""
    family_name: Annotated[Text, Field(max_length=200)] = ""
    birth_date: Annotated[Text, Field(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")] = ""
    sex: Annotated[Text, Field(max_length=10)] = ""
    nationalities: Annotated[list[Annotated[Text, Field(max_length=2)]], Field(max_length=5)] = []
    limit: Annotated[int, Field(ge=1, le=10)] = 10


class PartMatchOut(Schema):
    query_part: str
    record_part: str
    level: str
    weight: float
    source: str
    swapped: bool


class ExplanationOut(Schema):
    names: list[PartMatchOut]
    name_score: float
    swapped_order: bool
    via_alias: bool
    unmatched_query: list[str]
    unmatched_record: list[str]
    scripts: list[str]
    birth: str
    nationality: str
    sex: str


class CandidatePersonOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    birth_date: str
    sex: str
    institution: str


class IdentityCandidateOut(Schema):
    person: CandidatePersonOut
    score: float
    likely: bool
    explanation: ExplanationOut


# --- the review queue and merges -------------------------------------------------------------

ReviewStatusName = Literal["pending", "confirmed", "rejected", "merged"]


class ReviewPersonOut(Schema):
    id: UUID
    family_name_latin: str
    given_name_latin: str
    institution: str


class ReviewPairSummaryOut(Schema):
    id: UUID
    score: float
    status: ReviewStatusName
    person_a: ReviewPersonOut
    person_b: ReviewPersonOut
    decided_by: str | None
    decided_at: datetime | None


class ReviewQueueOut(Schema):
    count: int
    totals: dict[str, int]
    items: list[ReviewPairSummaryOut]


class ReviewSideOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    birth_date: str
    sex: str
    nationalities: list[str]
    institution: str
    documents: int
    merged_into: UUID | None = Field(description="An open merge that makes this person a duplicate of another")


class AgreementOut(Schema):
    field: str
    level: str = Field(description="The comparison's own level")
    explanation: str = Field(description="The level in plain words, in the caller's language")


class ReviewPairOut(Schema):
    id: UUID
    score: float
    status: ReviewStatusName
    decided_by: str | None
    decided_at: datetime | None
    a: ReviewSideOut
    b: ReviewSideOut
    agreements: list[AgreementOut]
    merge_id: UUID | None


class PairDecisionIn(Schema):
    same_person: bool
    expected_status: ReviewStatusName | None = Field(
        default=None, description="The status you saw: a decision taken meanwhile by someone else is refused (412)")


class PersonMergeIn(Schema):
    candidate_id: UUID = Field(description="A pair of the review queue, confirmed as one person")
    survivor_id: UUID = Field(description="The person of the pair whose record stays the person's record")
    reason: Annotated[Text, Field(min_length=1, max_length=500)]


class MergeUndoIn(Schema):
    reason: Annotated[Text, Field(min_length=1, max_length=500)]


class PersonMergeOut(Schema):
    id: UUID
    survivor_id: UUID
    merged_id: UUID
    candidate_id: UUID | None
    reason: str
    merged_by: str
    merged_at: datetime
    undone_by: str | None
    undone_at: datetime | None
    undo_reason: str


class PersonMergeDetailOut(PersonMergeOut):
    snapshot: dict[str, dict[str, Any]] = Field(description="Both persons' values as they stood when merged")
