"""A refused action names the rule that refused it, in the user's language."""

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str | Promise
    reference: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)


class RefusedError(Exception):
    """Raised by a service when a guard refuses; views and the API turn it into a
    translated error that names the field or the safeguard."""

    def __init__(self, refusal: Refusal, *, status: int = 422) -> None:
        super().__init__(refusal.code)
        self.refusal = refusal
        self.status = status


class StaleVersionError(Exception):
    """The record changed since the caller read it: refuse rather than overwrite."""

    def __init__(self, *, current_version: int) -> None:
        super().__init__("stale version")
        self.current_version = current_version
