"""Pure protection rules: vulnerability categories, the special procedural guarantees each one
brings, the safeguards a child's return needs, consent for referrals, and the referral states.
No ORM, no I/O; time comes in as a parameter.

Legal references: Directive 2013/32/EU (APD recast) Art. 24-25 and 31(7); Regulation (EU)
2024/1348 (Asylum Procedure Regulation, "APR", applies from 12 June 2026) Art. 20-23 and
53; Directive 2013/33/EU (reception) Art. 21-22; Directive 2008/115/EC (Return Directive)
Art. 5, 10 and 14. The Western Balkan laws on asylum and foreigners mirror these articles."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from korak.core.refusal import Refusal


class Category(StrEnum):
    UNACCOMPANIED_CHILD = "unaccompanied_child"
    CHILD = "child"
    PREGNANCY = "pregnancy"
    OLDER_PERSON = "older_person"
    DISABILITY = "disability"
    SERIOUS_ILLNESS = "serious_illness"
    MENTAL_HEALTH = "mental_health"
    TORTURE = "torture"
    GENDER_BASED_VIOLENCE = "gender_based_violence"
    TRAFFICKING = "trafficking"
    LGBTIQ_AT_RISK = "lgbtiq_at_risk"


# Plain words a reception officer can say to the person, and the person can say yes or no to.
CATEGORY_LABELS: dict[Category, Promise] = {
    Category.UNACCOMPANIED_CHILD: _("A child travelling without a parent or the adult who usually cares for them"),
    Category.CHILD: _("A child (under 18)"),
    Category.PREGNANCY: _("Pregnant"),
    Category.OLDER_PERSON: _("An older person who needs help"),
    Category.DISABILITY: _("Has a disability"),
    Category.SERIOUS_ILLNESS: _("Has a serious illness"),
    Category.MENTAL_HEALTH: _("Has a mental health condition"),
    Category.TORTURE: _("Was tortured"),
    Category.GENDER_BASED_VIOLENCE: _("Was attacked or abused because of their sex or gender, including sexual "
                                      "violence"),
    Category.TRAFFICKING: _("Was made to work or sell sex by others who profited (trafficking)"),
    Category.LGBTIQ_AT_RISK: _("At risk because of who they love or their gender identity"),
}


class Guarantee(StrEnum):
    PRIORITY_EXAMINATION = "priority_examination"
    ADEQUATE_SUPPORT = "adequate_support"
    SAME_SEX_INTERVIEWER = "same_sex_interviewer"
    CHILD_FRIENDLY_INTERVIEW = "child_friendly_interview"
    REPRESENTATIVE = "representative"
    NO_BORDER_PROCEDURE = "no_border_procedure"
    MEDICAL_CHECK_BEFORE_RETURN = "medical_check_before_return"
    BEST_INTERESTS_BEFORE_RETURN = "best_interests_before_return"


GUARANTEE_LABELS: dict[Guarantee, Promise] = {
    Guarantee.PRIORITY_EXAMINATION: _("Examine the application first"),
    Guarantee.ADEQUATE_SUPPORT: _("Give enough time and support to take part in the procedure"),
    Guarantee.SAME_SEX_INTERVIEWER: _("An interviewer and interpreter of the same sex, if the person asks"),
    Guarantee.CHILD_FRIENDLY_INTERVIEW: _("A child-friendly interview"),
    Guarantee.REPRESENTATIVE: _("A guardian or representative, appointed without delay"),
    Guarantee.NO_BORDER_PROCEDURE: _("No border procedure"),
    Guarantee.MEDICAL_CHECK_BEFORE_RETURN: _("A medical check before any return"),
    Guarantee.BEST_INTERESTS_BEFORE_RETURN: _("A best-interests assessment before any return"),
}

GUARANTEE_REFERENCES: dict[Guarantee, str] = {
    Guarantee.PRIORITY_EXAMINATION: "Dir 2013/32 Art 31(7)(b)",
    Guarantee.ADEQUATE_SUPPORT: "Dir 2013/32 Art 24(3); Reg 2024/1348 Art 21",
    Guarantee.SAME_SEX_INTERVIEWER: "Dir 2013/32 Art 15(3)(b)-(c)",
    Guarantee.CHILD_FRIENDLY_INTERVIEW: "Dir 2013/32 Art 15(3)(e); Reg 2024/1348 Art 22",
    Guarantee.REPRESENTATIVE: "Dir 2013/32 Art 25(1); Reg 2024/1348 Art 23",
    # Art 53(1): unaccompanied minors go through the border procedure only on the security
    # ground of Art 42(3)(b), which is decided case by case by the asylum office, not here.
    Guarantee.NO_BORDER_PROCEDURE: "Reg 2024/1348 Art 53(1)",
    Guarantee.MEDICAL_CHECK_BEFORE_RETURN: "Dir 2008/115 Art 5(c), 14(1)(d)",
    Guarantee.BEST_INTERESTS_BEFORE_RETURN: "Dir 2008/115 Art 5(a), 10",
}

_ANY_NEED = frozenset({Guarantee.ADEQUATE_SUPPORT})
GUARANTEES_BY_CATEGORY: dict[Category, frozenset[Guarantee]] = {
    Category.UNACCOMPANIED_CHILD: frozenset({
        Guarantee.PRIORITY_EXAMINATION, Guarantee.CHILD_FRIENDLY_INTERVIEW, Guarantee.REPRESENTATIVE,
        Guarantee.NO_BORDER_PROCEDURE, Guarantee.BEST_INTERESTS_BEFORE_RETURN,
    }),
    Category.CHILD: frozenset({Guarantee.CHILD_FRIENDLY_INTERVIEW, Guarantee.BEST_INTERESTS_BEFORE_RETURN}),
    Category.PREGNANCY: frozenset({Guarantee.MEDICAL_CHECK_BEFORE_RETURN}),
    Category.OLDER_PERSON: frozenset({Guarantee.MEDICAL_CHECK_BEFORE_RETURN}),
    Category.DISABILITY: frozenset({Guarantee.MEDICAL_CHECK_BEFORE_RETURN}),
    Category.SERIOUS_ILLNESS: frozenset({Guarantee.PRIORITY_EXAMINATION, Guarantee.MEDICAL_CHECK_BEFORE_RETURN}),
    Category.MENTAL_HEALTH: frozenset({Guarantee.MEDICAL_CHECK_BEFORE_RETURN}),
    Category.TORTURE: frozenset({Guarantee.PRIORITY_EXAMINATION, Guarantee.SAME_SEX_INTERVIEWER,
                                 Guarantee.MEDICAL_CHECK_BEFORE_RETURN}),
    Category.GENDER_BASED_VIOLENCE: frozenset({Guarantee.PRIORITY_EXAMINATION, Guarantee.SAME_SEX_INTERVIEWER}),
    Category.TRAFFICKING: frozenset({Guarantee.PRIORITY_EXAMINATION, Guarantee.SAME_SEX_INTERVIEWER}),
    Category.LGBTIQ_AT_RISK: frozenset({Guarantee.SAME_SEX_INTERVIEWER}),
}


@dataclass(frozen=True)
class Guarantees:
    """The special procedural guarantees that apply to a person, for asylum and return steps
    to honour. Names no vulnerability: only what the procedure must do."""

    codes: frozenset[Guarantee] = frozenset()

    @property
    def apply(self) -> bool:
        return bool(self.codes)

    def __contains__(self, guarantee: object) -> bool:
        return guarantee in self.codes

    @property
    def no_border_procedure(self) -> bool:
        return Guarantee.NO_BORDER_PROCEDURE in self.codes

    @property
    def medical_check_before_return(self) -> bool:
        return Guarantee.MEDICAL_CHECK_BEFORE_RETURN in self.codes

    @property
    def priority_examination(self) -> bool:
        return Guarantee.PRIORITY_EXAMINATION in self.codes

    def ordered(self) -> list[Guarantee]:
        return [guarantee for guarantee in Guarantee if guarantee in self.codes]


def parse_categories(stored: str) -> frozenset[Category]:
    """The stored form ("child,pregnancy"); an unknown code is dropped, never guessed."""
    known = {category.value for category in Category}
    return frozenset(Category(code) for code in stored.split(",") if code in known)


def store_categories(categories: Iterable[Category]) -> str:
    return ",".join(sorted(str(category) for category in set(categories)))


def guarantees(categories: Iterable[Category]) -> Guarantees:
    found = frozenset(categories)
    codes: set[Guarantee] = set()
    for category in found:
        codes |= GUARANTEES_BY_CATEGORY[category]
    if found:
        codes |= _ANY_NEED
    return Guarantees(frozenset(codes))


def check_screening(categories: Iterable[Category], narrative: str) -> Refusal | None:
    found = frozenset(categories)
    fields: dict[str, list[str]] = {}
    if Category.UNACCOMPANIED_CHILD in found and Category.CHILD not in found:
        # An unaccompanied child is a child: both boxes, so every child guarantee follows.
        fields.setdefault("categories", []).append(
            str(_("An unaccompanied child is also a child: tick both.")))
    if len(narrative) > 10_000:
        fields.setdefault("narrative", []).append(str(_("Keep the notes under 10,000 characters.")))
    if fields:
        return Refusal("invalid", _("Some fields need attention."), fields=fields)
    return None


# --- children -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChildSafeguards:
    """What a child's return needs (Dir 2008/115 Art 10): for an unaccompanied child, a
    best-interests assessment and an appointed guardian or representative."""

    unaccompanied_child: bool
    best_interests_assessed: bool
    representative_assigned: bool
    # Whether the latest assessment found return to be in the child's best interests; None
    # when not known (no assessment, or a caller that builds the three flags itself).
    return_in_best_interests: bool | None = None

    def refusal_to_return(self) -> Refusal | None:
        """The guard a return step asks; None when nothing blocks it."""
        if not self.unaccompanied_child:
            return None
        missing: list[str] = []
        if not self.best_interests_assessed:
            missing.append(str(_("No best-interests assessment is recorded.")))
        elif self.return_in_best_interests is False:
            missing.append(str(_("The latest best-interests assessment does not find return in the child's "
                                 "best interests.")))
        if not self.representative_assigned:
            missing.append(str(_("No guardian or representative is appointed.")))
        if not missing:
            return None
        return Refusal("child_safeguard",
                       _("An unaccompanied child cannot be returned without a best-interests assessment and "
                         "a guardian or representative."),
                       reference="Dir 2008/115 Art 10", fields={"safeguards": missing})


# --- consent and referrals ------------------------------------------------------------------

MIN_OVERRIDE_REASON = 40


class ReferralState(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


# Who may move a referral where: the partner answers, the referring side withdraws.
PARTNER_TRANSITIONS: dict[ReferralState, frozenset[ReferralState]] = {
    ReferralState.SENT: frozenset({ReferralState.ACCEPTED, ReferralState.DECLINED}),
    ReferralState.ACCEPTED: frozenset({ReferralState.COMPLETED}),
}
REFERRER_TRANSITIONS: dict[ReferralState, frozenset[ReferralState]] = {
    ReferralState.SENT: frozenset({ReferralState.WITHDRAWN}),
    ReferralState.ACCEPTED: frozenset({ReferralState.WITHDRAWN}),
}


def check_transition(table: dict[ReferralState, frozenset[ReferralState]], current: ReferralState,
                     target: ReferralState) -> Refusal | None:
    if target in table.get(current, frozenset()):
        return None
    return Refusal("invalid_transition", _("This referral cannot change to that state now."),
                   fields={"state": [str(_("Not allowed from the current state."))]})


@dataclass(frozen=True)
class ConsentRecord:
    purpose: str
    given_at: datetime
    withdrawn_at: datetime | None


def consent_covers(consents: Iterable[ConsentRecord], *, purpose: str, now: datetime) -> bool:
    """A consent given for this purpose, not in the future and not withdrawn by now."""
    return any(
        c.purpose == purpose and c.given_at <= now and (c.withdrawn_at is None or c.withdrawn_at > now)
        for c in consents
    )


def check_referral_consent(*, has_consent: bool, override_reason: str | None, may_override: bool) -> Refusal | None:
    """Without recorded consent a referral is refused; an override needs its own permission
    and a reason (Primero's consent_override; GDPR Art 9(2)(c) vital interests)."""
    if has_consent:
        return None
    if override_reason is None or not override_reason.strip():
        return Refusal("consent_required",
                       _("The person has not agreed to this referral. Record their consent first."),
                       fields={"consent": [str(_("No consent recorded for this kind of service."))]})
    if not may_override:
        return Refusal("override_not_permitted",
                       _("Your role does not allow a referral without the person's consent."), fields={})
    if len(override_reason.strip()) < MIN_OVERRIDE_REASON:
        return Refusal("invalid", _("Some fields need attention."), fields={"override_reason": [
            str(_("Explain in at least %(count)s characters why the referral cannot wait for consent.")
                % {"count": MIN_OVERRIDE_REASON})]})
    return None
