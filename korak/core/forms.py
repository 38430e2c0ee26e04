"""What every HTML page does with a refused service call: show its problems on the form."""

from collections.abc import Callable

from django import forms

from korak.core.refusal import Refusal


def add_refusal_errors(form: forms.BaseForm, refusal: Refusal,
                       field_of: Callable[[str], str] = lambda field: field) -> None:
    """Put each problem under the form field the refusal names (mapped by `field_of`), or at the
    top of the form when the form has no such field."""
    for field, problems in refusal.fields.items():
        name = field_of(field)
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
