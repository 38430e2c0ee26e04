"""Schema types every API shares. Text refuses control characters (PostgreSQL cannot store
NUL, and no name contains a tab or bell), so bad input is a 422 that names the field."""

from typing import Annotated

from pydantic import AfterValidator, Field


def _no_control_characters(value: str) -> str:
    if any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, AfterValidator(_no_control_characters)]


def text(max_length: int, *, min_length: int = 0) -> object:
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_control_characters)]
