"""Exceptions raised by citewatch.

Every exception the library raises on purpose derives from
:class:`CitewatchError`, so a caller (the CLI, a scheduler) can catch one
class. Subclasses carry the data a caller needs to act (the URL, the HTTP
status, the ``Retry-After`` delay, the file and line of a bad claim) as
attributes, not only in the message. This follows the design of EDGI's
``wayback`` library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CitewatchError",
    "ConfigError",
    "WorkspaceError",
    "Problem",
    "ClaimFileError",
    "ImportFormatError",
    "FetchError",
    "PrivateAddressError",
    "ResponseTooLargeError",
    "TooManyRedirectsError",
    "RateLimitedError",
    "ArchiveError",
    "NoMementoError",
    "BlockedByArchiveError",
    "CaptureNotStoredError",
    "ExtractionError",
    "EvaluationDataError",
]


class CitewatchError(Exception):
    """Base class of every error citewatch raises on purpose."""


class ConfigError(CitewatchError):
    """A settings file or option is invalid.

    Attributes
    ----------
    path : pathlib.Path or None
        The settings file (``citewatch.toml``) at fault, if any.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class WorkspaceError(CitewatchError):
    """The workspace folder is missing or not of the expected shape."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        self.path = path
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """One problem found in a claim file.

    Attributes
    ----------
    path : str
        The claim file.
    line : int or None
        1-based line of the offending YAML node, when known.
    claim_id : str or None
        The id of the claim the problem is in, when it is in a claim.
    field : str
        Dotted location of the field, e.g. ``claims[3].sources``.
    message : str
        What is wrong, in words.
    """

    path: str
    line: int | None
    claim_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        claim = f" claim {self.claim_id!r}" if self.claim_id else ""
        return f"{where}:{claim} field {self.field}: {self.message}"


class ClaimFileError(CitewatchError):
    """One or more claim files are invalid.

    Attributes
    ----------
    problems : list of Problem
        Every problem found, one per offending field; never empty.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ImportFormatError(CitewatchError):
    """A profile to import could not be parsed.

    Attributes
    ----------
    path : str
        The file being imported.
    line : int or None
        1-based line at fault.
    """

    def __init__(self, message: str, path: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class FetchError(CitewatchError):
    """Fetching a URL failed.

    Attributes
    ----------
    url : str
        The URL that was requested.
    status : int or None
        The HTTP status code, when a response arrived.
    retry_after : float or None
        Seconds the server asked us to wait (``Retry-After``, RFC 9110
        section 10.2.3), when it said so.
    """

    def __init__(
        self,
        message: str,
        url: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


class PrivateAddressError(FetchError):
    """The URL's host resolves to an address citewatch refuses to contact.

    Loopback, private (RFC 1918, RFC 4193), link-local (RFC 3927, RFC 4291),
    carrier-grade NAT (RFC 6598), cloud metadata and other non-global
    addresses are refused unless private networks are allowed.

    Attributes
    ----------
    address : str
        The refused IP address.
    """

    def __init__(self, url: str, address: str) -> None:
        self.address = address
        super().__init__(
            f"refused {url}: its host resolves to the non-public address {address}"
            + ("" if address.startswith(("169.254.", "fe80:", "100.100.100.200", "fd00:ec2:"))
               else " (use --allow-private-networks to permit it)"),
            url,
        )


class ResponseTooLargeError(FetchError):
    """A response body exceeded the configured size cap.

    Attributes
    ----------
    limit : int
        The cap, in bytes.
    """

    def __init__(self, url: str, limit: int) -> None:
        self.limit = limit
        super().__init__(f"{url}: response larger than {limit} bytes", url)


class TooManyRedirectsError(FetchError):
    """A redirect chain was longer than allowed or looped."""


class RateLimitedError(FetchError):
    """The server answered 429 Too Many Requests (RFC 6585) after retries."""


class ArchiveError(FetchError):
    """The Wayback Machine could not give a memento of a URL."""


class NoMementoError(ArchiveError):
    """The Wayback Machine holds no usable memento of the URL."""


class BlockedByArchiveError(ArchiveError):
    """The Wayback Machine refuses to play back the URL (site exclusion)."""


class CaptureNotStoredError(CitewatchError):
    """``--offline`` was asked for but no capture of the URL is stored.

    Attributes
    ----------
    url : str
        The source URL that has no stored capture.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"no stored capture of {url} (run once without --offline)")


class ExtractionError(CitewatchError):
    """A capture's bytes could not be turned into text.

    Attributes
    ----------
    content_type : str or None
        The media type of the capture.
    """

    def __init__(self, message: str, content_type: str | None = None) -> None:
        self.content_type = content_type
        super().__init__(message)


class EvaluationDataError(CitewatchError):
    """A labelled evaluation file is malformed.

    Attributes
    ----------
    path : str
        The file.
    line : int
        1-based line of the bad record.
    """

    def __init__(self, message: str, path: str, line: int) -> None:
        self.path = path
        self.line = line
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
