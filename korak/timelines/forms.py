from typing import Any, cast
from uuid import UUID

from django import forms
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from korak.organisations.models import Institution
from korak.timelines.loader import load_rulebook
from korak.timelines.models import CaseKind, DeadlineStatus
from korak.timelines.queries import DUE_SOON_DAYS, BoardFilter
from korak.timelines.replay import GRANTED_VD


def rule_choices() -> list[tuple[str, str | StrPromise]]:
    ids = sorted({rule.id for rule in load_rulebook().all_rules()} | {GRANTED_VD})
    return [("", _("All rules")), *((rule_id, rule_id) for rule_id in ids)]


class BoardFilterForm(forms.Form):
    institution = forms.TypedChoiceField(label=_("Institution"), required=False, coerce=UUID, empty_value=None)
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    case_kind = forms.ChoiceField(label=_("Case"), required=False,
                                  choices=[("", _("All cases")), *CaseKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=DeadlineStatus.choices)
    days = forms.IntegerField(label=_("Days ahead"), required=False, min_value=1, max_value=90)
    mine = forms.BooleanField(label=_("Only my deadlines"), required=False)
    officer = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, institutions: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["institution"]).choices = [("", _("All my institutions")),
                                     *((str(i.pk), i.short_name or i.name) for i in institutions)]
        cast("forms.ChoiceField", self.fields["rule"]).choices = rule_choices()

    def criteria(self, *, user_id: UUID) -> BoardFilter:
        data = self.cleaned_data
        officer = user_id if data.get("mine") else data.get("officer")
        return BoardFilter(institution=data.get("institution"), officer=officer, rule=data.get("rule") or "",
                           case_kind=data.get("case_kind") or "", status=data.get("status") or DeadlineStatus.OPEN,
                           days=data.get("days") or DUE_SOON_DAYS)
