"""What can go wrong when a deadline is asked for. Every message is one line, names the bad
input, and carries no personal data."""


class TimelineError(Exception):
    """Base of every refusal to compute a deadline; the CLI turns it into exit status 2."""


class RuleFileError(TimelineError):
    """A rule file is malformed; the message names the file and, where known, the rule."""

    def __init__(self, source: str, message: str, *, rule_id: str | None = None) -> None:
        where = f"{source}: rule {rule_id!r}" if rule_id else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.rule_id = rule_id


class UnknownCountryError(TimelineError):
    pass


class UnknownJurisdictionError(TimelineError):
    pass


class UnknownRuleError(TimelineError):
    pass


class UnknownExtensionError(TimelineError):
    pass


class NoLawInForceError(TimelineError):
    pass


class NaiveDatetimeError(TimelineError):
    pass
