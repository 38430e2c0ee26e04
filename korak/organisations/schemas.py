from uuid import UUID

from ninja import Schema


class CountryOut(Schema):
    code: str
    name: str
    is_partner: bool


class InstitutionOut(Schema):
    id: UUID
    name: str
    short_name: str
    kind: str
    country: str
    parent_id: UUID | None
    is_active: bool


class MembershipOut(Schema):
    institution_id: UUID
    institution: str
    role: str


class MeOut(Schema):
    id: UUID
    username: str
    memberships: list[MembershipOut]
