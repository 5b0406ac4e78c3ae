"""The Wayback Machine client: real recorded exchanges (vcrpy cassettes from
EDGI's ``wayback`` test suite, BSD-3-Clause, in ../shared) and a local
server standing in for the CDX API."""

from __future__ import annotations

import datetime as dt

import pytest
import vcr

from citewatch.errors import ArchiveError, BlockedByArchiveError, NoMementoError, TooManyRedirectsError
from citewatch.settings import Settings
from citewatch.snapshots import CitewatchSession, WaybackClient, parse_cdx_lines

from conftest import CASSETTES, need

BIRDS = "https://www.fws.gov/birds/"


@pytest.fixture
def replay():
    need(CASSETTES)
    # record_mode "none": a request not in the cassette fails the test, so
    # nothing can reach the internet.
    return vcr.VCR(record_mode="none", cassette_library_dir=str(CASSETTES), match_on=["method", "uri"])


@pytest.fixture
def client(public_resolver):
    settings = Settings(retries=0)
    return WaybackClient(CitewatchSession(settings), settings, resolver=public_resolver)


def test_memento_from_archive_url(replay, client):
    with replay.use_cassette("test_get_memento.yaml"):
        m = client.fetch_memento("https://web.archive.org/web/20171124151315/https://www.fws.gov/birds/")
    assert m.memento_datetime == dt.datetime(2017, 11, 24, 15, 13, 15, tzinfo=dt.timezone.utc)
    assert m.memento_url == "https://web.archive.org/web/20171124151315/https://www.fws.gov/birds/"
    assert m.original_url == BIRDS
    # raw mode: the page as archived, without the Wayback toolbar
    assert m.response.url == "https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/"
    assert b"Migratory Bird" in m.response.body
    assert b"wm-ipp" not in m.response.body and b"__wm.init" not in m.response.body


def test_inexact_timestamp_redirects_to_nearest_memento(replay, client):
    with replay.use_cassette("test_get_memento_with_date_datetime.yaml"):
        m = client.memento_for(BIRDS, None, "https://web.archive.org/web/20171124000000/https://www.fws.gov/birds/")
    assert m.memento_url.startswith("https://web.archive.org/web/20171124151315/")
    assert m.response.redirects == ["https://web.archive.org/web/20171124000000id_/https://www.fws.gov/birds/"]


def test_redirects_inside_the_archive_are_followed(replay, client):
    with replay.use_cassette("test_get_memento_with_redirects.yaml"):
        m = client.fetch_memento(
            "https://web.archive.org/web/20180808094144/https://www.epa.gov/ghgreporting/san5779-factsheet")
    assert m.original_url.endswith("proposed-rule-fact-sheet-greenhouse-gas-reporting-program-addition-global-warming")
    assert len(m.response.redirects) == 2


def test_missing_memento(replay, client):
    with replay.use_cassette("test_get_memento_raises_no_memento_error.yaml"), pytest.raises(NoMementoError) as exc:
        client.fetch_memento("https://web.archive.org/web/20170929002712/https://this-is-not-real-url.whatever/")
    assert exc.value.status == 404


def test_blocked_url(replay, client):
    with replay.use_cassette("test_get_memento_raises_blocked_error.yaml"), pytest.raises(BlockedByArchiveError):
        client.fetch_memento("https://web.archive.org/web/20170929002712/https://nationalpost.com/health/")


def test_redirect_loop_in_archive(replay, client):
    with replay.use_cassette("test_get_memento_raises_for_mementos_that_redirect_in_a_loop.yaml"), \
            pytest.raises(TooManyRedirectsError):
        client.fetch_memento(
            "https://web.archive.org/web/20200925075402/https://link.springer.com/article/10.1007/s00382-012-1331-2")


def test_archived_error_page_is_not_a_memento(replay, client):
    with replay.use_cassette("test_get_memento_with_path_based_redirects.yaml"), pytest.raises(NoMementoError):
        client.fetch_memento("https://web.archive.org/web/20201027215555/"
                             "https://www.whitehouse.gov/administration/eop/ostp/about/student/faqs")


def test_not_a_memento_url(client):
    with pytest.raises(ArchiveError):
        client.fetch_memento("https://example.org/not-a-memento")


# --- CDX lookup nearest to the access date, against a local stand-in -------

CDX_LINE = "gov,fws)/birds 20171124151315 https://www.fws.gov/birds/ text/html 200 FAKEDIGESTFAKEDIGESTFAKEDIGEST12 24428\n"


def local_client(httpserver):
    base = httpserver.url_for("").rstrip("/")
    settings = Settings(allow_private_networks=True, retries=0, wayback_base=base,
                        wayback_cdx_endpoint=base + "/cdx/search/cdx")
    return WaybackClient(CitewatchSession(settings), settings)


def test_nearest_asks_cdx_for_closest_to_access_date(httpserver):
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(CDX_LINE, content_type="text/plain")
    snap = local_client(httpserver).nearest(BIRDS, dt.date(2017, 11, 20))
    assert snap.timestamp == "20171124151315" and snap.original == BIRDS
    args = httpserver.log[0][0].args
    assert args["url"] == BIRDS and args["sort"] == "closest" and args["closest"] == "20171120120000"
    assert args["filter"] == "statuscode:2.."


def test_memento_for_uses_cdx_then_raw_memento(httpserver):
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(CDX_LINE, content_type="text/plain")
    httpserver.expect_request("/web/20171124151315id_/https://www.fws.gov/birds/").respond_with_data(
        "<html><body><p>Birds then.</p></body></html>", content_type="text/html",
        headers={"Memento-Datetime": "Fri, 24 Nov 2017 15:13:15 GMT"})
    m = local_client(httpserver).memento_for(BIRDS, dt.date(2017, 11, 20))
    assert m.response.body.startswith(b"<html>") and m.memento_datetime.year == 2017


def test_cdx_failure_falls_back_to_timestamp_redirect(httpserver):
    httpserver.expect_request("/cdx/search/cdx").respond_with_data("down", status=503)
    httpserver.expect_request("/web/20230930120000id_/https://www.fws.gov/birds/").respond_with_data(
        "", status=302, headers={"Location": "/web/20230929000000id_/https://www.fws.gov/birds/"})
    httpserver.expect_request("/web/20230929000000id_/https://www.fws.gov/birds/").respond_with_data(
        "<p>x</p>", content_type="text/html", headers={"Memento-Datetime": "Fri, 29 Sep 2023 00:00:00 GMT"})
    m = local_client(httpserver).memento_for(BIRDS, dt.date(2023, 9, 30))
    assert m.memento_url.endswith("/web/20230929000000/https://www.fws.gov/birds/")


def test_cdx_empty_means_no_memento(httpserver):
    httpserver.expect_request("/cdx/search/cdx").respond_with_data("", content_type="text/plain")
    with pytest.raises(NoMementoError):
        local_client(httpserver).memento_for(BIRDS, dt.date(2023, 9, 30))


def test_cdx_blocked(httpserver):
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(
        "org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error", status=403)
    with pytest.raises(BlockedByArchiveError):
        local_client(httpserver).nearest(BIRDS, None)


@pytest.mark.parametrize("name", ["malformed_cdx.txt", "bad_timestamp_cdx.txt", "zero_length_cdx.txt"])
def test_real_oddities_in_cdx_output_are_skipped(name):
    text = need(CASSETTES / "cdx" / name).read_text("utf-8", errors="replace")
    snaps = parse_cdx_lines(text)
    good_lines = [l for l in text.splitlines() if len(l.split(" ")) == 7]
    assert 0 < len(snaps) <= len(good_lines)
    for s in snaps:
        assert len(s.timestamp) == 14 and s.datetime_timestamp.year > 1990


def test_unplayable_archive_url_falls_back_to_nearest(httpserver):
    httpserver.expect_request("/web/20160304025115id_/https://www.fws.gov/birds/").respond_with_data("oops", status=502)
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(CDX_LINE, content_type="text/plain")
    httpserver.expect_request("/web/20171124151315id_/https://www.fws.gov/birds/").respond_with_data(
        "<p>Birds.</p>", content_type="text/html", headers={"Memento-Datetime": "Fri, 24 Nov 2017 15:13:15 GMT"})
    c = local_client(httpserver)
    m = c.memento_for(BIRDS, dt.date(2017, 11, 20), f"{c.settings.wayback_base}/web/20160304025115/{BIRDS}")
    assert "20171124151315" in m.memento_url


def test_cdx_rows_for_another_url_are_ignored(httpserver):
    other = "gov,fws)/fish 20171124151315 javascript:alert(1) text/html 200 FAKEDIGESTFAKEDIGESTFAKEDIGEST12 24428\n"
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(other, content_type="text/plain")
    with pytest.raises(NoMementoError):
        local_client(httpserver).nearest(BIRDS, dt.date(2017, 11, 20))


def test_cdx_url_normalisation_is_tolerated(httpserver):
    row = "gov,fws)/birds 20171124151315 http://fws.gov:80/birds text/html 200 FAKEDIGESTFAKEDIGESTFAKEDIGEST12 24428\n"
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(row, content_type="text/plain")
    assert local_client(httpserver).nearest(BIRDS, None).timestamp == "20171124151315"


@pytest.mark.parametrize("value", ["Fri, 31 Dec 9999 23:59:59 -2359", "yesterday", ""])
def test_unreadable_memento_datetime(httpserver, value):
    httpserver.expect_request("/web/20200101000000id_/https://www.fws.gov/birds/").respond_with_data(
        "<p>x</p>", content_type="text/html", headers={"Memento-Datetime": value} if value else {})
    c = local_client(httpserver)
    with pytest.raises(ArchiveError):
        c.fetch_memento(f"{c.settings.wayback_base}/web/20200101000000/{BIRDS}")
