"""HTTP for citewatch: a Session that owns retries and identification, an
address guard, and a fetch that follows redirects one hop at a time.

The session is passed in to every function that touches the network, so a
test can hand in a fake or a session wired to vcrpy.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import http.client
import re
import socket
import threading
import zlib
from typing import Callable
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from pydantic import BaseModel, Field
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from citewatch.errors import (
    FetchError,
    PrivateAddressError,
    RateLimitedError,
    ResponseTooLargeError,
    TooManyRedirectsError,
)
from citewatch.settings import Settings

__all__ = [
    "CitewatchSession",
    "FetchedResponse",
    "check_public_url",
    "fetch",
    "is_private_url",
    "parse_retry_after",
    "Resolver",
]

#: ``(host, port) -> list of IP address strings``; swappable in tests.
Resolver = Callable[[str, int], list[str]]

#: Cloud metadata services, refused even when private networks are allowed
#: (AWS/GCP/Azure 169.254.169.254 is caught as link-local; AWS IPv6
#: fd00:ec2::254; Alibaba 100.100.100.200 in RFC 6598 shared space).
_ALWAYS_REFUSED = {ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254")}

_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024  # bytes read at a time


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return sorted({info[4][0] for info in infos})


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries, if any: IPv4-mapped
    (::ffff:a.b.c.d), 6to4 (2002::/16, RFC 3056), NAT64 well-known prefix
    (64:ff9b::/96, RFC 6052) or the deprecated IPv4-compatible ::a.b.c.d."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _COMPAT and int(ip) > 0xFFFF):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPAT = ipaddress.ip_network("::/96")


def _never_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Cloud metadata services and link-local addresses: refused even with
    private networks allowed (no cited page lives there)."""
    return ip in _ALWAYS_REFUSED or ip.is_link_local


def check_public_url(url: str, *, allow_private: bool, resolver: Resolver | None = None) -> None:
    """Refuse a URL whose host is, or resolves to, a non-public address.

    Every address the host resolves to must be globally routable
    (``ipaddress.ip_address(a).is_global``): loopback (127.0.0.0/8, ::1),
    private (RFC 1918, RFC 4193), link-local (169.254.0.0/16 including the
    cloud metadata address 169.254.169.254, fe80::/10), shared address space
    (RFC 6598), unspecified, multicast and reserved ranges are refused. An
    IPv6 address carrying an IPv4 one (mapped, 6to4, NAT64) is judged by the
    IPv4 address. With ``allow_private``, only link-local and cloud metadata
    addresses are still refused.

    Parameters
    ----------
    url : str
        An absolute http(s) URL.
    allow_private : bool
        Allow loopback and private addresses.
    resolver : callable or None
        ``(host, port) -> [address, ...]``; defaults to ``socket.getaddrinfo``.

    Raises
    ------
    PrivateAddressError
        If an address is refused.
    FetchError
        If the host does not resolve or the URL is not http(s).

    Notes
    -----
    The check resolves the name before requests does, so a DNS server that
    answers differently the second time (DNS rebinding) is not caught.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"not a valid URL: {url}", url) from None
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(f"not an http(s) URL: {url}", url)
    try:
        literal = ipaddress.ip_address(host)
        addresses = [str(literal)]
    except ValueError:
        try:
            addresses = (resolver or _system_resolver)(host, port)
        except (OSError, UnicodeError):
            raise FetchError(f"cannot resolve host {host} (no DNS answer: offline, or the domain no longer exists)", url) from None
    if not addresses:
        raise FetchError(f"host {host} has no address", url)
    for a in addresses:
        ip = ipaddress.ip_address(a.split("%", 1)[0])
        candidates = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and (v4 := _embedded_ipv4(ip)) is not None:
            candidates.append(v4)
        for c in candidates:
            if _never_allowed(c) or (not allow_private and not c.is_global):
                raise PrivateAddressError(url, str(c))


def is_private_url(url: str, resolver: Resolver | None = None) -> bool:
    """True if ``url``'s host resolves to a non-public address (False when it
    does not resolve at all)."""
    try:
        check_public_url(url, allow_private=False, resolver=resolver)
    except PrivateAddressError:
        return True
    except FetchError:
        return False
    return False


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` header (RFC 9110 section 10.2.3).

    Parameters
    ----------
    value : str or None
        Delay in seconds or an HTTP date.
    now : datetime or None
        The current time (UTC), for HTTP dates.

    Returns
    -------
    float or None
        Seconds to wait (>= 0), or None when absent or unreadable.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


class _CappedRetry(Retry):
    """urllib3 Retry that gives up instead of sleeping past a cap.

    A server asking for a ``Retry-After`` longer than ``max_retry_after``
    seconds gets no retry; the 429/503 response comes back to the caller,
    which raises :class:`RateLimitedError` carrying the delay.
    """

    max_retry_after: float = 60.0

    def new(self, **kw):  # keep the cap on the copies urllib3 makes
        r = super().new(**kw)
        r.max_retry_after = self.max_retry_after
        return r

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None:
            after = self.get_retry_after(response)
            if after is not None and after > self.max_retry_after:
                # urllib3 returns the response itself when raise_on_status is
                # false and increment() gives up, so the caller sees the 429.
                from urllib3.exceptions import MaxRetryError, ResponseError

                raise MaxRetryError(_pool, url, ResponseError(f"Retry-After {after:.0f} s exceeds cap"))
        return super().increment(method, url, response, error, _pool, _stacktrace)


# Connections in use, by the thread using them, so a watchdog can cut one off.
_ACTIVE: dict[int, object] = {}


class _TrackedPool(urllib3.HTTPConnectionPool):
    def _get_conn(self, timeout=None):  # type: ignore[override]
        conn = super()._get_conn(timeout)
        _ACTIVE[threading.get_ident()] = conn
        return conn


class _TrackedHTTPSPool(urllib3.HTTPSConnectionPool):
    def _get_conn(self, timeout=None):  # type: ignore[override]
        conn = super()._get_conn(timeout)
        _ACTIVE[threading.get_ident()] = conn
        return conn


class _TrackedAdapter(HTTPAdapter):
    """An HTTPAdapter whose pools register the connection a thread takes in
    ``_ACTIVE`` (for :func:`fetch`'s deadline)."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        # Connection classes are inherited, so test tools that patch
        # urllib3's (vcrpy) still see every request.
        self.poolmanager.pool_classes_by_scheme = {"http": _TrackedPool, "https": _TrackedHTTPSPool}


class _Deadline:
    """Cut off the calling thread's HTTP connection after ``seconds``.

    The read timeout bounds only the wait between two bytes; a server that
    drips its status line, headers or body a byte at a time would hold a
    fetch forever. Used as a context manager around one request and its body.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = threading.Event()
        self._thread = threading.get_ident()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self.response: requests.Response | None = None

    def _fire(self) -> None:
        self.expired.set()
        conn = _ACTIVE.get(self._thread)
        sock = getattr(conn, "sock", None)
        if sock is None and self.response is not None:
            sock = _socket_of(self.response)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _ACTIVE.pop(self._thread, None)


class CitewatchSession(requests.Session):
    """A :class:`requests.Session` that identifies citewatch and retries.

    Retries (``settings.retries`` times) connection errors, HTTP 429 and
    500/502/503/504 with exponential backoff, honouring ``Retry-After`` up
    to ``settings.max_retry_after`` seconds. Modelled on EDGI ``wayback``'s
    ``WaybackSession``.

    Parameters
    ----------
    settings : Settings
        Timeouts, retries and the User-Agent.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.headers["User-Agent"] = self.settings.user_agent
        self.headers["Accept"] = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
        retry = _CappedRetry(
            total=self.settings.retries,
            connect=self.settings.retries,
            read=self.settings.retries,
            status=self.settings.retries,
            redirect=False,
            backoff_factor=self.settings.backoff_factor,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        retry.max_retry_after = self.settings.max_retry_after
        adapter = _TrackedAdapter(max_retries=retry)
        self.mount("http://", adapter)
        self.mount("https://", adapter)


class FetchedResponse(BaseModel):
    """A response as fetched, body read in full (and content-decoded).

    Attributes
    ----------
    requested_url : str
        The URL first asked for.
    url : str
        The URL of the final response, after redirects.
    status : int
        HTTP status of the final response.
    headers : list of (str, str)
        Headers of the final response, in order (``Content-Encoding`` and
        ``Transfer-Encoding`` dropped since ``body`` is decoded).
    body : bytes
        The decoded body, at most ``settings.max_response_bytes`` bytes.
    fetched_at : datetime
        When the final response arrived (UTC).
    redirects : list of str
        The URLs redirected through, in order.
    """

    requested_url: str
    url: str
    status: int
    reason: str = ""
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: dt.datetime
    redirects: list[str] = Field(default_factory=list)

    def header(self, name: str) -> str | None:
        """Return the first header called ``name`` (case-insensitive), or None."""
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header, or None."""
        return self.header("Content-Type")


def _socket_of(resp: requests.Response) -> socket.socket | None:
    conn = getattr(resp.raw, "_connection", None) or getattr(resp.raw, "connection", None)
    return getattr(conn, "sock", None)


def _read_capped(resp: requests.Response, url: str, limit: int, deadline: _Deadline | None = None) -> bytes:
    """Read a streamed body: at most ``limit`` bytes, before ``deadline`` expires."""
    length = resp.headers.get("Content-Length") or ""
    if (length.isascii() and length.isdigit() and (len(length) > 18 or int(length) > limit)
            and "Content-Encoding" not in resp.headers):
        raise ResponseTooLargeError(url, limit)
    expired = deadline.expired if deadline is not None else threading.Event()
    out = bytearray()
    try:
        for chunk in resp.iter_content(_CHUNK):
            out += chunk
            if len(out) > limit:
                raise ResponseTooLargeError(url, limit)
            if expired.is_set():
                break
    except (requests.RequestException, OSError, ValueError, http.client.HTTPException) as exc:
        if not expired.is_set():
            raise FetchError(f"{url}: reading the response failed: {_describe(exc)}", url) from None
    if expired.is_set():
        seconds = deadline.seconds if deadline is not None else 0
        raise FetchError(f"{url}: the response took longer than {seconds:g} s", url)
    body = bytes(out)
    encoding = resp.headers.get("Content-Encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate") and body[:2] == b"\x1f\x8b":
        # Still compressed: the transport did not decode it (some HTTP stubs
        # and replayers do not), or the server compressed twice.
        body = _gunzip_capped(body, url, limit)
    return body


def _gunzip_capped(data: bytes, url: str, limit: int) -> bytes:
    """Decompress gzip ``data``, refusing output larger than ``limit`` bytes."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise FetchError(f"{url}: bad gzip body: {exc}", url) from None
    if len(out) > limit or d.unconsumed_tail:
        raise ResponseTooLargeError(url, limit)
    return out


def fetch(
    session: requests.Session,
    url: str,
    settings: Settings,
    *,
    resolver: Resolver | None = None,
    stay_on_host: str | None = None,
    raise_for_status: bool = True,
) -> FetchedResponse:
    """GET ``url``, following redirects one hop at a time.

    Each hop's host is checked by :func:`check_public_url` before it is
    contacted, so a public page cannot redirect citewatch into a private
    network.

    Parameters
    ----------
    session : requests.Session
        Usually a :class:`CitewatchSession`; any Session works.
    url : str
        Absolute http(s) URL.
    settings : Settings
        Timeouts (seconds), size cap (bytes), redirect limit, address policy.
    resolver : callable or None
        Host resolver for the address check (tests).
    stay_on_host : str or None
        When set, a redirect to another host is an error (used inside the
        Wayback Machine).
    raise_for_status : bool
        Raise :class:`FetchError` for a final 4xx/5xx (default true).

    Returns
    -------
    FetchedResponse

    Raises
    ------
    PrivateAddressError
        A hop's host is not public and private networks are not allowed.
    TooManyRedirectsError
        More than ``settings.max_redirects`` hops, or a loop.
    RateLimitedError
        HTTP 429 after retries; ``retry_after`` carries the asked delay.
    ResponseTooLargeError
        The body exceeds ``settings.max_response_bytes``.
    FetchError
        Network errors, timeouts (including a body that takes longer than
        ``settings.max_fetch_seconds``), malformed responses, and (with ``raise_for_status``) any final
        HTTP status >= 400, with ``status`` set.
    """
    current = url
    seen = {url}
    redirects: list[str] = []
    while True:
        check_public_url(current, allow_private=settings.allow_private_networks, resolver=resolver)
        with _Deadline(settings.max_fetch_seconds) as deadline:
            try:
                result = _hop(session, url, current, settings, deadline, seen, redirects, stay_on_host,
                              raise_for_status)
            except FetchError:
                raise
            except Exception:
                if deadline.expired.is_set():
                    raise FetchError(f"{current}: the response took longer than {settings.max_fetch_seconds:g} s",
                                     current) from None
                raise
        if isinstance(result, FetchedResponse):
            return result
        current = result


def _hop(
    session: requests.Session,
    url: str,
    current: str,
    settings: Settings,
    deadline: _Deadline,
    seen: set[str],
    redirects: list[str],
    stay_on_host: str | None,
    raise_for_status: bool,
) -> FetchedResponse | str:
    """One request of :func:`fetch`: the final response, or the URL a
    redirect leads to (``seen`` and ``redirects`` are updated)."""
    try:
        resp = session.get(current, allow_redirects=False, stream=True, timeout=settings.timeout)
    except requests.exceptions.RetryError as exc:
        raise RateLimitedError(f"{current}: rate limited ({exc})", current, status=429) from None
    except requests.exceptions.Timeout:
        raise FetchError(f"{current}: timed out (connect {settings.connect_timeout:g} s, "
                         f"read {settings.read_timeout:g} s)", current) from None
    except requests.RequestException as exc:
        if deadline.expired.is_set():
            raise FetchError(f"{current}: the response took longer than {settings.max_fetch_seconds:g} s",
                             current) from None
        raise FetchError(f"{current}: {_describe(exc)}", current) from None
    except (ValueError, UnicodeError, http.client.HTTPException) as exc:
        # Malformed status line, header or Location that requests or
        # http.client cannot parse.
        raise FetchError(f"{current}: malformed response ({_short(exc)})", current) from None
    deadline.response = resp
    try:
        if resp.status_code in _REDIRECTS:
            location = (resp.headers.get("Location") or "").strip()
            if location:
                return _follow(url, current, location, resp.status_code, settings, seen, redirects, stay_on_host)
            if raise_for_status:
                raise FetchError(f"{current}: HTTP {resp.status_code} redirect without a Location header",
                                 current, status=resp.status_code)
        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        if resp.status_code == 429 and raise_for_status:
            raise RateLimitedError(f"{current}: HTTP 429 Too Many Requests", current, status=429,
                                   retry_after=retry_after)
        reason = _printable(resp.reason or "")[:200]
        if resp.status_code >= 400 and raise_for_status:
            raise FetchError(f"{current}: HTTP {resp.status_code} {reason}".rstrip(), current,
                             status=resp.status_code, retry_after=retry_after)
        body = _read_capped(resp, current, settings.max_response_bytes, deadline)
        headers = [(k, _printable(v)) for k, v in resp.headers.items()
                   if _TOKEN.fullmatch(k) and k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
        headers.append(("Content-Length", str(len(body))))
        return FetchedResponse(
            requested_url=url,
            url=current,
            status=resp.status_code,
            reason=reason,
            headers=headers,
            body=body,
            fetched_at=dt.datetime.now(dt.timezone.utc),
            redirects=list(redirects),
        )
    finally:
        resp.close()


def _follow(url: str, current: str, location: str, status: int, settings: Settings, seen: set[str],
            redirects: list[str], stay_on_host: str | None) -> str:
    """Check a redirect's target and record the hop; return the target."""
    try:
        target = urljoin(current, location)
        scheme = urlsplit(target).scheme
        target_host = urlsplit(target).hostname
    except ValueError:
        raise FetchError(f"{current}: malformed redirect Location {_printable(location)[:200]!r}",
                         current, status=status) from None
    if target in seen:
        raise TooManyRedirectsError(f"{url}: redirect loop at {target}", url, status=status)
    if len(redirects) >= settings.max_redirects:
        raise TooManyRedirectsError(f"{url}: more than {settings.max_redirects} redirects", url, status=status)
    if scheme not in ("http", "https"):
        raise FetchError(f"{current}: redirect to a non-http URL {_printable(target)[:200]}", current, status=status)
    if stay_on_host and target_host != stay_on_host:
        raise FetchError(f"{current}: redirect leaves {stay_on_host} for {target}", current, status=status)
    redirects.append(current)
    seen.add(target)
    return target


#: An HTTP header field name (RFC 9110 section 5.1: a token).
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def _printable(text: str) -> str:
    """``text`` with control characters and non-ASCII replaced (for status
    reasons and header values, which end up in WARC headers and terminals)."""
    return "".join(c if " " <= c <= "~" else "?" for c in text)


def _describe(exc: BaseException) -> str:
    """One short phrase for a requests/urllib3 exception (no pool internals)."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in chain and len(chain) < 10:
        chain.append(e)
        nxt = getattr(e, "reason", None)
        if not isinstance(nxt, BaseException) and e.args and isinstance(e.args[0], BaseException):
            nxt = e.args[0]  # requests wraps urllib3's MaxRetryError in args[0]
        e = nxt if isinstance(nxt, BaseException) else (e.__cause__ or e.__context__)
    names = {type(x).__name__ for x in chain}
    if "NameResolutionError" in names or any(isinstance(x, socket.gaierror) for x in chain):
        return "cannot resolve the host name (no DNS answer: offline, or the domain no longer exists)"
    if any(isinstance(x, ConnectionRefusedError) for x in chain):
        return "connection refused"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS/SSL error: " + _short(chain[-1])
    if any(isinstance(x, (ConnectionResetError, BrokenPipeError)) for x in chain):
        return "connection reset by the server"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection failed: " + _short(chain[-1])
    return "request failed: " + _short(exc)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."
