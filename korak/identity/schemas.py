from typing import Annotated
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


class CandidateOut(Schema):
    person: CandidatePersonOut
    score: float
    likely: bool
    explanation: ExplanationOut
