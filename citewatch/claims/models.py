"""Pydantic models of a claim file: a profile, its numbered sources, its claims.

A claim file is the YAML rendering of :class:`ClaimFile`::

    profile: {name: Cities Alliance, url: https://...}
    sources:
      - {number: 1, title: Overview, publisher: Cities Alliance,
         url: https://..., accessed: 2023-09-30, archive_url: null}
    claims:
      - {id: cities-alliance-001, text: "...", sources: [1, 2, 3]}
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

__all__ = ["Profile", "Source", "Claim", "ClaimFile", "check_http_url", "cross_reference_problems", "WAYBACK_MEMENTO_RE"]

#: A Wayback Machine memento URL: ``https://web.archive.org/web/<14-digit
#: timestamp><optional mode like id_>/<original URL>``. The timestamp may be
#: shorter than 14 digits; the archive then picks the nearest memento.
WAYBACK_MEMENTO_RE = re.compile(
    r"^https?://web\.archive\.org/web/(?P<timestamp>\d{1,14})(?P<mode>[a-z]{2}_)?/(?P<original>.+)$",
    re.IGNORECASE,
)

#: Claim ids: letters, digits, ``.``, ``_``, ``-``; 1 to 200 characters.
CLAIM_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$"

_MAX_URL = 4096  # characters; longer URLs are refused by most servers anyway


def check_http_url(value: str) -> str:
    """Check that ``value`` is an absolute http(s) URL with a host.

    Parameters
    ----------
    value : str
        The URL as written.

    Returns
    -------
    str
        The URL stripped of surrounding white space.

    Raises
    ------
    ValueError
        If the URL is not absolute http or https, has no host, carries
        credentials (``user:password@``), contains white space or is longer
        than 4096 characters.
    """
    value = value.strip()
    if len(value) > _MAX_URL:
        raise ValueError(f"URL longer than {_MAX_URL} characters")
    if any(c.isspace() for c in value):
        raise ValueError("URL contains white space")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {exc}") from None
    del port
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("URL must start with http:// or https://")
    if not parts.hostname:
        raise ValueError("URL has no host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("URL must not carry a user name or password (they would be stored and sent to archives)")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Profile(_Model):
    """The sourced document the claims come from.

    Attributes
    ----------
    name : str
        Human name of the profile (an organisation, an article).
    url : str or None
        The page the profile was taken from.
    """

    name: str = Field(min_length=1, max_length=500)
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return None if v is None else check_http_url(v)


class Source(_Model):
    """One numbered reference of a profile (a citation target).

    Attributes
    ----------
    number : int
        The footnote number, >= 1, unique within the claim file.
    title, publisher : str or None
        As given in the reference list.
    url : str
        The cited URL (for a reference that is itself a Wayback memento,
        the original URL).
    accessed : datetime.date or None
        The access date of the citation; the Wayback fallback looks for the
        memento nearest to it.
    archive_url : str or None
        A Wayback Machine memento URL given by the citation.
    """

    number: StrictInt = Field(ge=1, le=1_000_000)
    title: str | None = Field(default=None, max_length=2000)
    publisher: str | None = Field(default=None, max_length=2000)
    url: str
    accessed: dt.date | None = None
    archive_url: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_http_url(v)

    @field_validator("accessed", mode="before")
    @classmethod
    def _accessed(cls, v: object) -> object:
        # Only ISO text or a date: a bare number must not become 1970-01-02.
        if v is not None and not isinstance(v, (str, dt.date)):
            raise ValueError("not a valid date; write an ISO date such as 2023-09-30")
        return v

    @field_validator("archive_url")
    @classmethod
    def _archive_url(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = check_http_url(v)
        if not WAYBACK_MEMENTO_RE.match(v):
            raise ValueError(
                "archive_url must be a Wayback Machine memento URL "
                "(https://web.archive.org/web/<timestamp>/<url>)"
            )
        return v


class Claim(_Model):
    """One statement to verify.

    Attributes
    ----------
    id : str
        Stable id, unique in the workspace (letters, digits, ``._-``).
    text : str
        The statement, as published.
    sources : list of int
        Footnote numbers of the sources cited for it; empty when uncited.
    """

    id: str = Field(pattern=CLAIM_ID_RE)
    text: str = Field(min_length=1, max_length=20_000)
    sources: list[StrictInt] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _sources(cls, v: list[int]) -> list[int]:
        seen: set[int] = set()
        for n in v:
            if n < 1:
                raise ValueError(f"source number {n} must be >= 1")
            if n in seen:
                raise ValueError(f"source {n} listed twice")
            seen.add(n)
        return v


class ClaimFile(_Model):
    """A whole claim file: one profile, its sources and claims.

    Cross-field rules (each claim's source numbers exist, source numbers and
    claim ids are unique) are checked by :func:`citewatch.claims.files.load_claim_file`
    so that each problem can name its line; :meth:`problems` lists them.
    """

    profile: Profile
    sources: list[Source] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    def source(self, number: int) -> Source:
        """Return the source numbered ``number``.

        Raises
        ------
        KeyError
            If there is no such source.
        """
        for s in self.sources:
            if s.number == number:
                return s
        raise KeyError(number)

    def problems(self) -> list[tuple[tuple[str | int, ...], str | None, str]]:
        """List cross-field problems as ``(location, claim_id, message)``.

        ``location`` is a path into the document such as
        ``("claims", 3, "sources", 1)``. See :func:`cross_reference_problems`.
        """
        return cross_reference_problems(self.model_dump())


def cross_reference_problems(data: dict) -> list[tuple[tuple[str | int, ...], str | None, str]]:
    """Cross-reference problems of a claim file's data (a dict as read from YAML).

    Duplicate source numbers, duplicate claim ids, claims citing a source
    number that is not listed, claims without a ``sources`` key. Entries of
    the wrong shape are skipped (field validation reports them), so this
    runs even on data that fails validation and one pass reports everything.

    Returns
    -------
    list of (tuple, str or None, str)
        ``(location, claim_id, message)``; location is a path into the data.
    """
    out: list[tuple[tuple[str | int, ...], str | None, str]] = []
    numbers: set[int] = set()
    sources = data.get("sources")
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        n = src.get("number") if isinstance(src, dict) else None
        if isinstance(n, int) and not isinstance(n, bool):
            if n in numbers:
                out.append((("sources", i, "number"), None, f"duplicate source number {n}"))
            numbers.add(n)
    ids: set[str] = set()
    claims = data.get("claims")
    for i, c in enumerate(claims if isinstance(claims, list) else []):
        if not isinstance(c, dict):
            continue
        cid = c.get("id") if isinstance(c.get("id"), str) else None
        if cid is not None:
            if cid in ids:
                out.append((("claims", i, "id"), cid, f"duplicate claim id {cid!r}"))
            ids.add(cid)
        if "sources" not in c:
            out.append((("claims", i), cid, "field 'sources' is missing: list the footnote numbers, or [] if uncited"))
            continue
        cited = c.get("sources")
        for j, n in enumerate(cited if isinstance(cited, list) else []):
            if isinstance(n, int) and not isinstance(n, bool) and n >= 1 and n not in numbers:
                out.append((("claims", i, "sources", j), cid, f"unknown source number {n} (not in sources:)"))
    return out
