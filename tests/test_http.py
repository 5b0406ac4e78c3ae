"""Live fetching against a local server (127.0.0.1 only)."""

from __future__ import annotations

import gzip

import pytest
from werkzeug.wrappers import Response

from citewatch import __version__
from citewatch.errors import (
    FetchError,
    PrivateAddressError,
    RateLimitedError,
    ResponseTooLargeError,
    TooManyRedirectsError,
)
from citewatch.settings import Settings
from citewatch.snapshots import CitewatchSession, check_public_url, fetch, parse_retry_after


def test_fetch_sends_user_agent_and_reads_body(httpserver, local_settings):
    httpserver.expect_request("/page").respond_with_data("<p>hello</p>", content_type="text/html; charset=utf-8")
    with CitewatchSession(local_settings) as s:
        r = fetch(s, httpserver.url_for("/page"), local_settings)
    assert r.status == 200 and r.body == b"<p>hello</p>"
    assert r.content_type == "text/html; charset=utf-8"
    ua = httpserver.log[0][0].headers["User-Agent"]
    assert ua.startswith(f"citewatch/{__version__}")


def test_http_error_raises_with_status(httpserver, local_settings):
    httpserver.expect_request("/gone").respond_with_data("no", status=410)
    with CitewatchSession(local_settings) as s, pytest.raises(FetchError) as exc:
        fetch(s, httpserver.url_for("/gone"), local_settings)
    assert exc.value.status == 410 and exc.value.url.endswith("/gone")


def test_429_carries_retry_after(httpserver, local_settings):
    httpserver.expect_request("/busy").respond_with_data("slow down", status=429, headers={"Retry-After": "120"})
    with CitewatchSession(local_settings) as s, pytest.raises(RateLimitedError) as exc:
        fetch(s, httpserver.url_for("/busy"), local_settings)
    assert exc.value.status == 429 and exc.value.retry_after == 120.0


def test_retry_after_beyond_cap_is_not_slept(httpserver):
    settings = Settings(allow_private_networks=True, retries=3, backoff_factor=0, max_retry_after=5)
    httpserver.expect_request("/busy").respond_with_data("slow down", status=503, headers={"Retry-After": "3600"})
    with CitewatchSession(settings) as s, pytest.raises(FetchError) as exc:
        fetch(s, httpserver.url_for("/busy"), settings)
    assert exc.value.status == 503 and exc.value.retry_after == 3600.0
    assert len(httpserver.log) == 1  # gave up at once instead of sleeping an hour


def test_retries_then_succeeds(httpserver):
    settings = Settings(allow_private_networks=True, retries=2, backoff_factor=0)
    httpserver.expect_ordered_request("/flaky").respond_with_data("oops", status=502)
    httpserver.expect_ordered_request("/flaky").respond_with_data("fine", content_type="text/plain")
    with CitewatchSession(settings) as s:
        r = fetch(s, httpserver.url_for("/flaky"), settings)
    assert r.body == b"fine" and len(httpserver.log) == 2


def test_redirects_followed_and_recorded(httpserver, local_settings):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("moved here", content_type="text/plain")
    with CitewatchSession(local_settings) as s:
        r = fetch(s, httpserver.url_for("/old"), local_settings)
    assert r.url.endswith("/new") and r.redirects == [httpserver.url_for("/old")] and r.body == b"moved here"


def test_redirect_loop(httpserver, local_settings):
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with CitewatchSession(local_settings) as s, pytest.raises(TooManyRedirectsError):
        fetch(s, httpserver.url_for("/a"), local_settings)


def test_size_cap(httpserver):
    settings = Settings(allow_private_networks=True, retries=0, max_response_bytes=1000)
    httpserver.expect_request("/big").respond_with_data("x" * 5000, content_type="text/plain")
    with CitewatchSession(settings) as s, pytest.raises(ResponseTooLargeError) as exc:
        fetch(s, httpserver.url_for("/big"), settings)
    assert exc.value.limit == 1000


def test_gzip_bomb_is_capped(httpserver):
    settings = Settings(allow_private_networks=True, retries=0, max_response_bytes=10_000)
    bomb = gzip.compress(b"a" * 5_000_000)
    httpserver.expect_request("/bomb").respond_with_response(
        Response(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"}))
    with CitewatchSession(settings) as s, pytest.raises(ResponseTooLargeError):
        fetch(s, httpserver.url_for("/bomb"), settings)


def test_gzip_body_is_decoded(httpserver, local_settings):
    httpserver.expect_request("/z").respond_with_response(
        Response(gzip.compress(b"compressed text"), headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"}))
    with CitewatchSession(local_settings) as s:
        assert fetch(s, httpserver.url_for("/z"), local_settings).body == b"compressed text"


def test_loopback_refused_by_default(httpserver):
    settings = Settings(retries=0)
    httpserver.expect_request("/secret").respond_with_data("internal")
    with CitewatchSession(settings) as s, pytest.raises(PrivateAddressError) as exc:
        fetch(s, httpserver.url_for("/secret"), settings)
    assert exc.value.address == "127.0.0.1"
    assert len(httpserver.log) == 0  # never contacted


def test_public_page_cannot_redirect_into_private_network(httpserver, public_resolver):
    """A redirect hop is checked before it is followed."""
    settings = Settings(retries=0)

    class OneHop:
        def get(self, url, **kw):
            from requests.models import Response as R
            r = R()
            r.status_code, r.url, r._content, r._content_consumed = 302, url, b"", True
            r.headers["Location"] = "http://169.254.169.254/latest/meta-data/"
            return r

        def close(self):
            pass

    with pytest.raises(PrivateAddressError) as exc:
        fetch(OneHop(), "https://public.example/", settings, resolver=public_resolver)
    assert exc.value.address == "169.254.169.254"


@pytest.mark.parametrize("addr", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                  "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1",
                                  "100.100.100.200"])
def test_non_public_addresses_refused(addr):
    with pytest.raises(PrivateAddressError):
        check_public_url("http://host.example/", allow_private=False, resolver=lambda h, p: [addr])


def test_public_address_allowed_and_literal_checked():
    check_public_url("http://host.example/", allow_private=False, resolver=lambda h, p: ["93.184.215.14"])
    with pytest.raises(PrivateAddressError):
        check_public_url("http://[::1]:8080/", allow_private=False)
    check_public_url("http://127.0.0.1/", allow_private=True)


def test_unresolvable_host_is_a_fetch_error():
    def fail(h, p):
        raise OSError("Name or service not known")
    with pytest.raises(FetchError) as exc:
        check_public_url("http://nowhere.invalid/", allow_private=False, resolver=fail)
    assert "cannot resolve" in str(exc.value)


def test_parse_retry_after():
    import datetime as dt
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:01:00 GMT", now) == 60.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_connection_errors_are_short_and_plain(local_settings):
    import socket as _s
    sock = _s.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with CitewatchSession(local_settings) as s, pytest.raises(FetchError) as exc:
        fetch(s, f"http://127.0.0.1:{port}/", local_settings)
    msg = str(exc.value)
    assert msg.endswith("connection refused") and "HTTPConnectionPool" not in msg


def test_describe_name_resolution():
    import socket as _s

    import requests
    from urllib3.exceptions import MaxRetryError, NameResolutionError

    from citewatch.snapshots.http import _describe
    inner = NameResolutionError("nowhere.invalid", None, _s.gaierror(-2, "Name or service not known"))
    exc = requests.exceptions.ConnectionError(MaxRetryError(None, "http://nowhere.invalid/", inner))
    assert _describe(exc).startswith("cannot resolve the host name")


class RawServer:
    """A one-shot TCP server on 127.0.0.1 that writes raw bytes, for
    responses no HTTP library would produce. Stops by itself."""

    def __init__(self, chunks, delay=0.0):
        import socket as _s
        import threading
        self.sock = _s.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.chunks, self.delay = chunks, delay
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        import time as _t
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            try:
                conn.recv(65536)
                for c in self.chunks[:200]:  # bounded
                    conn.sendall(c)
                    _t.sleep(self.delay)
            except OSError:
                pass
        self.sock.close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"


def test_slow_drip_body_hits_the_deadline():
    settings = Settings(allow_private_networks=True, retries=0, read_timeout=5, max_fetch_seconds=1)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
    srv = RawServer([head] + [b"x"] * 50, delay=0.1)
    with CitewatchSession(settings) as s, pytest.raises(FetchError) as exc:
        fetch(s, srv.url, settings)
    assert "longer than 1 s" in str(exc.value)


@pytest.mark.parametrize("raw", [
    b"HTTP/1.1 200 OK\r\nRetry-After: \xc2\xb2\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 200 \x1b[31m\xff\xfe weird\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok",
])
def test_odd_headers_do_not_crash(raw, tmp_path):
    from citewatch.snapshots import SnapshotStore
    settings = Settings(allow_private_networks=True, retries=0)
    srv = RawServer([raw])
    with CitewatchSession(settings) as s:
        r = fetch(s, srv.url, settings)
    assert r.body == b"ok" and all(" " <= c <= "~" for c in r.reason)
    with SnapshotStore(tmp_path) as store:  # and the WARC writer takes it
        assert store.read(store.add(srv.url, r)).body == b"ok"


@pytest.mark.parametrize("location", [b"http://[::1/x", b"http://exa\xfcmple.org/", b"", b"javascript:alert(1)"])
def test_bad_redirects_are_fetch_errors(location):
    settings = Settings(allow_private_networks=True, retries=0)
    srv = RawServer([b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n"])
    with CitewatchSession(settings) as s, pytest.raises(FetchError):
        fetch(s, srv.url, settings)


@pytest.mark.parametrize("addr", ["169.254.169.254", "fe80::1", "100.100.100.200", "fd00:ec2::254"])
def test_metadata_and_link_local_refused_even_when_private_allowed(addr):
    with pytest.raises(PrivateAddressError):
        check_public_url("http://meta.example/", allow_private=True, resolver=lambda h, p: [addr])


@pytest.mark.parametrize("addr", ["64:ff9b::7f00:1", "2002:7f00:1::", "::127.0.0.1", "::ffff:10.0.0.1"])
def test_ipv6_carrying_private_ipv4_refused(addr):
    with pytest.raises(PrivateAddressError):
        check_public_url("http://x.example/", allow_private=False, resolver=lambda h, p: [addr])


def test_slow_drip_headers_hit_the_deadline():
    settings = Settings(allow_private_networks=True, retries=0, read_timeout=5, max_fetch_seconds=1)
    srv = RawServer([b"HTTP/1.1 200 OK\r\nX-Pad: "] + [b"a"] * 60, delay=0.1)
    with CitewatchSession(settings) as s, pytest.raises(FetchError) as exc:
        fetch(s, srv.url, settings)
    # without the deadline the server's drip (6 s) would end in another error
    assert "longer than 1 s" in str(exc.value)


def test_huge_content_length_is_too_large():
    settings = Settings(allow_private_networks=True, retries=0)
    srv = RawServer([b"HTTP/1.1 200 OK\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\nok"])
    with CitewatchSession(settings) as s, pytest.raises(FetchError):
        fetch(s, srv.url, settings)
