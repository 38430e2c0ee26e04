"""The HTML forms of the review pages. The services validate again, so the API and the pages
refuse alike."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from korak.identity.linkage.registry import REASON_MAX_LENGTH
from korak.identity.models import ReviewStatus
from korak.identity.review import BANDS


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *ReviewStatus.choices])
    band = forms.ChoiceField(label=_("Score"), required=False,
                             choices=[("", _("All")), *((code, label) for code, (_lo, _hi, label) in BANDS.items())])
    institution = forms.ChoiceField(label=_("Institution"), required=False)

    def __init__(self, *args: Any, institutions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["institution"]).choices = [("", _("All I may see")), *institutions]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("same", _("Same person")), ("different", _("Different persons"))])
    # The status the reviewer saw: a verdict given meanwhile by someone else is not overwritten.
    expected_status = forms.ChoiceField(choices=ReviewStatus.choices, widget=forms.HiddenInput)


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(label=_("Which record stays the person's record?"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("What shows that both records are one person (a document, a photo, an "
                                         "interview). No other personal data."))

    def __init__(self, *args: Any, sides: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["survivor"]).choices = sides


class UndoForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Why the two records are two persons after all."))
