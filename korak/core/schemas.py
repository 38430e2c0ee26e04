"""Schema types every API shares. Text refuses control characters (PostgreSQL cannot store
NUL, and no name contains a tab or bell), so bad input is a 422 that names the field."""

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field


def _no_control_characters(value: str) -> str:
    if any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, AfterValidator(_no_control_characters)]


def text(max_length: int, *, min_length: int = 0) -> object:
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_control_characters)]


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The one error shape of the API (DESIGN.md §5)."""

    error: ErrorDetail


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """Document the refusals an operation can answer with, so clients (and the fuzzer) know them."""
    return dict.fromkeys(codes, ErrorOut)
