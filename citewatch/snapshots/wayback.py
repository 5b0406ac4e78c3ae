"""Wayback Machine fallback: find the memento nearest a citation's access
date and fetch it in raw mode.

The CDX query is built and its lines parsed with waybackpy
(``WaybackMachineCDXServerAPI``, ``CDXSnapshot``); the requests themselves go
through citewatch's own session so they get its timeouts, retries, size cap
and User-Agent, and tests can replay them. Mementos are fetched in the
archive's raw ``id_`` mode, which returns the page as archived, without the
Wayback toolbar or rewritten links.

References: the CDX server API
(https://github.com/internetarchive/wayback/tree/master/wayback-cdx-server),
Memento (RFC 7089) for the ``Memento-Datetime`` header.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel
from waybackpy.cdx_api import WaybackMachineCDXServerAPI
from waybackpy.cdx_snapshot import CDXSnapshot
from waybackpy.cdx_utils import full_url

from citewatch.errors import (
    ArchiveError,
    BlockedByArchiveError,
    FetchError,
    NoMementoError,
    RateLimitedError,
)
from citewatch.settings import Settings
from citewatch.snapshots.http import FetchedResponse, Resolver, fetch

__all__ = ["Memento", "WaybackClient", "memento_url", "parse_cdx_lines"]

#: A playback URL on any Wayback host: ``<scheme>://<host>/web/<timestamp>[mode]/<original>``.
_PLAYBACK_RE = re.compile(r"^https?://[^/]+/web/(?P<timestamp>\d{1,14})(?P<mode>[a-z]{2}_)?/(?P<original>.+)$", re.I)

_CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


class Memento(BaseModel):
    """A memento fetched from the Wayback Machine.

    Attributes
    ----------
    response : FetchedResponse
        The raw (``id_``) response of the memento.
    memento_url : str
        The playback URL of the memento (without ``id_``), suitable for a
        reader to open.
    memento_datetime : datetime
        When the archive captured the page (``Memento-Datetime``, RFC 7089).
    original_url : str
        The URL that was archived.
    """

    response: FetchedResponse
    memento_url: str
    memento_datetime: dt.datetime
    original_url: str


def memento_url(base: str, timestamp: str, original: str, mode: str = "") -> str:
    """Build a playback URL ``<base>/web/<timestamp><mode>/<original>``.

    ``mode`` ``"id_"`` asks for the raw archived bytes.
    """
    return f"{base}/web/{timestamp}{mode}/{original}"


def parse_cdx_lines(text: str) -> list[CDXSnapshot]:
    """Parse the plain-text output of the CDX server into snapshots.

    Malformed lines (wrong number of fields, a timestamp that is not a real
    date) are skipped rather than fatal: the CDX index holds real oddities
    such as 20000012170449 or URLs containing spaces.

    Parameters
    ----------
    text : str
        CDX output, one capture per line, space-separated fields
        ``urlkey timestamp original mimetype statuscode digest length``.

    Returns
    -------
    list of waybackpy.cdx_snapshot.CDXSnapshot
    """
    out = []
    for line in text.splitlines():
        parts = line.strip().split(" ")
        if len(parts) != len(_CDX_FIELDS):
            continue
        try:
            out.append(CDXSnapshot(dict(zip(_CDX_FIELDS, parts))))
        except ValueError:
            continue
    return out


def _same_resource(original: str, url: str) -> bool:
    """Loose URL identity as the CDX index sees it: http(s) only, host
    without ``www.`` and port, same path and query."""
    def key(u: str) -> tuple[str, str, str] | None:
        try:
            p = urlsplit(u)
            host = (p.hostname or "").removeprefix("www.")
        except ValueError:
            return None
        if p.scheme not in ("http", "https") or not host:
            return None
        return host, p.path.rstrip("/") or "/", p.query
    a = key(original)
    return a is not None and a == key(url)


def _wayback_timestamp(day: dt.date | dt.datetime) -> str:
    if isinstance(day, dt.datetime):
        return day.strftime("%Y%m%d%H%M%S")
    return day.strftime("%Y%m%d") + "120000"


class WaybackClient:
    """Fetch mementos of cited URLs from the Wayback Machine.

    Parameters
    ----------
    session : requests.Session
        The session to use (a :class:`~citewatch.snapshots.http.CitewatchSession`
        in production, a vcrpy-wrapped or fake one in tests).
    settings : Settings
        ``wayback_base``, ``wayback_cdx_endpoint``, timeouts, size cap.
    resolver : callable or None
        Host resolver for the address guard (tests).
    """

    def __init__(self, session: requests.Session, settings: Settings, resolver: Resolver | None = None) -> None:
        self.session = session
        self.settings = settings
        self.resolver = resolver
        self._host = urlsplit(settings.wayback_base).hostname

    def nearest(self, url: str, when: dt.date | dt.datetime | None) -> CDXSnapshot:
        """Find the successful capture of ``url`` nearest to ``when``.

        Uses the CDX API with ``sort=closest`` (the API's documented nearest
        search), keeping only captures with HTTP status 2xx.

        Parameters
        ----------
        url : str
        when : date, datetime or None
            Target time; None means now.

        Returns
        -------
        waybackpy.cdx_snapshot.CDXSnapshot

        Raises
        ------
        NoMementoError
            The archive holds no successful capture of the URL.
        BlockedByArchiveError
            The archive excludes the URL (HTTP 403 or its "Blocked Site" error).
        ArchiveError, RateLimitedError
            The CDX server failed.
        """
        when = when or dt.datetime.now(dt.timezone.utc)
        api = WaybackMachineCDXServerAPI(
            url,
            user_agent=self.settings.user_agent,
            closest=_wayback_timestamp(when),
            sort="closest",
            filters=["statuscode:2.."],
            limit="1",
        )
        payload: dict[str, str] = {}
        api.add_payload(payload)
        payload["limit"] = "5"
        query = full_url(self.settings.wayback_cdx_endpoint, payload)
        try:
            resp = fetch(self.session, query, self.settings, resolver=self.resolver, raise_for_status=False)
        except FetchError as exc:
            if type(exc) is not FetchError:
                raise
            raise ArchiveError(f"Wayback CDX search for {url} failed: {exc}", url, status=exc.status) from None
        text = resp.body.decode("utf-8", errors="replace")
        if resp.status == 403 or "AdministrativeAccessControlException" in text or "Blocked Site Error" in text:
            raise BlockedByArchiveError(f"the Wayback Machine excludes {url}", url, status=resp.status)
        if resp.status == 429:
            raise RateLimitedError(f"Wayback CDX search rate limited for {url}", url, status=429)
        if resp.status >= 400:
            raise ArchiveError(f"Wayback CDX search for {url}: HTTP {resp.status}", url, status=resp.status)
        # Keep only captures of the URL asked for: the CDX server normalises
        # URLs (scheme, www., port), so compare host and path loosely.
        snapshots = [s for s in parse_cdx_lines(text) if _same_resource(s.original, url)]
        if not snapshots:
            raise NoMementoError(f"the Wayback Machine has no capture of {url}", url)
        return snapshots[0]

    def fetch_memento(self, playback_url: str) -> Memento:
        """Fetch a memento in raw mode, following redirects inside the archive.

        Parameters
        ----------
        playback_url : str
            ``https://web.archive.org/web/<timestamp>[mode]/<original>``; the
            timestamp may be inexact (the archive redirects to the nearest
            memento) and any mode is replaced by ``id_``.

        Returns
        -------
        Memento

        Raises
        ------
        NoMementoError
            HTTP 404 from the archive.
        BlockedByArchiveError
            The archive serves its "excluded" page instead of a memento.
        TooManyRedirectsError
            The memento redirects in a loop or too often.
        RateLimitedError
            HTTP 429 after retries.
        ArchiveError
            Any other failure, or a 200 that is not a memento (no
            ``Memento-Datetime``).
        """
        m = _PLAYBACK_RE.match(playback_url)
        if not m:
            raise ArchiveError(f"not a Wayback Machine memento URL: {playback_url}", playback_url)
        original = m.group("original")
        raw = memento_url(self.settings.wayback_base, m.group("timestamp"), original, "id_")
        try:
            resp = fetch(self.session, raw, self.settings, resolver=self.resolver,
                         stay_on_host=self._host, raise_for_status=False)
        except FetchError as exc:
            if type(exc) is not FetchError:  # rate limit, redirects, size: keep the kind
                raise
            raise ArchiveError(f"Wayback memento {raw}: {exc}", raw, status=exc.status) from None
        if resp.status == 404:
            raise NoMementoError(f"the Wayback Machine has no memento of {original} ({raw}: HTTP 404)", raw, status=404)
        if resp.status == 429:
            raise RateLimitedError(f"{raw}: HTTP 429 Too Many Requests", raw, status=429)
        mdt = resp.header("Memento-Datetime")
        if resp.status >= 400 and not mdt:
            raise ArchiveError(f"Wayback memento {raw}: HTTP {resp.status}", raw, status=resp.status)
        if not mdt:
            if b"excluded from the Wayback Machine" in resp.body:
                raise BlockedByArchiveError(f"the Wayback Machine excludes {original}", raw, status=resp.status)
            raise ArchiveError(f"{raw}: the archive answered HTTP {resp.status} without a memento", raw, status=resp.status)
        if resp.status >= 400:
            # An archived error page: the site itself answered 4xx/5xx then.
            raise NoMementoError(f"the memento of {original} at {mdt} is an archived HTTP {resp.status} error page", raw, status=resp.status)
        try:
            when = parsedate_to_datetime(mdt)
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.timezone.utc)
            when = when.astimezone(dt.timezone.utc)
        except (TypeError, ValueError, OverflowError):
            raise ArchiveError(f"{raw}: unreadable Memento-Datetime {mdt[:100]!r}", raw, status=resp.status) from None
        final = _PLAYBACK_RE.match(resp.url)
        if final:
            ts, orig = final.group("timestamp"), final.group("original")
        else:  # pragma: no cover - the archive always answers under /web/
            ts, orig = when.strftime("%Y%m%d%H%M%S"), original
        return Memento(
            response=resp,
            memento_url=memento_url(self.settings.wayback_base, ts, orig),
            memento_datetime=when,
            original_url=orig,
        )

    def memento_for(self, url: str, accessed: dt.date | None, archive_url: str | None = None) -> Memento:
        """Fetch the best memento for a citation.

        The citation's own ``archive_url`` wins when given (if the archive
        fails to play it back for another reason than "no memento" or
        "excluded", the nearest memento is looked up instead). Otherwise the CDX
        API finds the capture nearest the access date; if the CDX server
        itself fails (not: finds nothing), the archive's timestamp
        redirection (``/web/<access date>id_/<url>`` answers with a redirect
        to the nearest memento) is used instead.

        Parameters
        ----------
        url : str
            The cited URL.
        accessed : date or None
            The citation's access date; None means "nearest to now".
        archive_url : str or None
            A memento URL given by the citation.

        Returns
        -------
        Memento

        Raises
        ------
        ArchiveError
            (or a subclass) when no memento can be had.
        """
        if archive_url:
            try:
                return self.fetch_memento(archive_url)
            except (NoMementoError, BlockedByArchiveError):
                raise
            except ArchiveError:
                pass  # the given memento is unusable; look for the nearest one
        try:
            snap = self.nearest(url, accessed)
        except (NoMementoError, BlockedByArchiveError):
            raise
        except ArchiveError:
            when = accessed or dt.datetime.now(dt.timezone.utc).date()
            return self.fetch_memento(memento_url(self.settings.wayback_base, _wayback_timestamp(when), url))
        return self.fetch_memento(memento_url(self.settings.wayback_base, snap.timestamp, snap.original))
