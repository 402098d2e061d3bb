"""The store's domain errors: one per failure, turned into a 404 or a form error at the edge."""

from __future__ import annotations

from .messages import N_, Message


class ArchiveError(Exception):
    """Base class for everything the store refuses."""


class NotFound(ArchiveError):
    """The entry, source or reference item asked for does not exist."""


class UnknownCategory(ArchiveError):
    """A category other than abuse reports and attack claims was named."""


class InvalidRecord(ArchiveError):
    """A record breaks a rule; `errors` maps each field to a plain-language message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


class MissingCitation(InvalidRecord):
    """An entry would be left without any citation of a source."""

    def __init__(self, message: str = N_("An entry must cite at least one source.")):
        super().__init__({"citations": message})


class DuplicateSource(ArchiveError):
    """A source with the same URL or SHA-256 fingerprint is already in the archive."""

    def __init__(self, source_id: int, reason: str, confidential: bool = False):
        self.source_id = source_id
        self.reason = reason
        self.confidential = confidential
        super().__init__(
            Message(
                "Source %(number)d already holds this %(reason)s.", number=source_id, reason=reason
            )
        )


class TokenRefused(ArchiveError):
    """An API token that is unknown, revoked or expired, or whose account is deactivated."""


class TokenThrottled(TokenRefused):
    """Too many failed API calls from one address: `seconds` before the next is looked at."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(
            f"Too many failed API calls from your address: wait {seconds} seconds before "
            "trying again. (A valid token is always answered.)"
        )
