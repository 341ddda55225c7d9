"""The exception tree. Errors carry context (kind, row, column, value, rule); they become
messages only at the edge (CLI, dashboard page), through `etl.i18n`."""

from __future__ import annotations


class CoopError(Exception):
    """Base of every error this project raises on purpose."""

    exit_code = 2

    def __init__(self, rule: str, **fields: object) -> None:
        self.rule = rule
        self.fields = fields
        super().__init__(f"{rule}: {fields}")

    def message(self, lang: str) -> str:
        from etl.i18n import text

        return text(self.rule, lang, **self.fields)


class FileRejected(CoopError):
    """A whole file cannot be read as records (encoding, empty, no kind, missing column …)."""

    exit_code = 1

    def __init__(
        self,
        rule: str,
        *,
        column: str | None = None,
        value: str | None = None,
        row: int | None = None,
        **fields: object,
    ) -> None:
        self.column = column
        self.value = value
        self.row = row
        super().__init__(rule, column=column, value=value, row=row, **fields)


class UsageError(CoopError):
    """The command was called wrongly (unknown kind, no paths, a path that does not exist)."""


class DataDirError(CoopError):
    """The data directory cannot be used: read-only, full, or missing pieces."""


class LockTimeout(CoopError):
    """Another load holds the warehouse lock for longer than we are willing to wait."""


class UserError(CoopError):
    """A user-management request that cannot be done (unknown user, weak password …)."""


class AlertsError(CoopError):
    """An alerts run cannot go on (a broken configuration, another run holding the lock)."""

    def message(self, lang: str) -> str:
        from etl.alerts.texts import text  # its fields may be phrases in both languages

        return text(self.rule, lang, **self.fields)


class AlertsConfigError(AlertsError):
    """The alerts configuration file cannot be used as it is."""

    def message(self, lang: str) -> str:
        from etl.alerts.rules import RULES
        from etl.alerts.texts import text

        fields = dict(self.fields)
        if "expected" in fields:
            fields["expected"] = text(str(fields["expected"]), lang, names=", ".join(RULES))
        return text(self.rule, lang, **fields)


class ReportError(CoopError):
    """No leadership report can be made: no warehouse, a year without data, an unknown unit,
    or no font that can write Chinese."""


class SigninSecretError(CoopError):
    """The sign-in signing secret cannot be read or made (a damaged file, a read-only data dir)."""
