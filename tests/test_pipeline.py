"""End-to-end runs over a local server (127.0.0.1) serving real article pages
from ../shared (Zyte article-extraction benchmark, MIT licence)."""

from __future__ import annotations

import json
import re

import pytest
import requests
from requests.adapters import HTTPAdapter
from werkzeug.wrappers import Response

from citewatch.check import Verdict
from citewatch.claims import ClaimFile, Claim, Profile, Source, save_claim_file
from citewatch.cli import main
from citewatch.pipeline import Workspace, run
from citewatch.reports import render_html, write_reports
from citewatch.settings import Settings
from citewatch.snapshots import CitewatchSession
from citewatch.text import split_sentences


def pick_sentence(body: str) -> str | None:
    """A long plain sentence of an article body (the claim to check)."""
    for s in split_sentences(body):
        if 14 <= len(s.split()) <= 40 and '"' not in s and "\u201c" not in s:
            return s
    return None


@pytest.fixture
def served(httpserver, articles):
    """Serve 6 article pages; return [(path, sentence)]."""
    out = []
    for sha, item in sorted(articles.items()):
        sentence = pick_sentence(item["articleBody"])
        if not sentence:
            continue
        path = f"/article/{sha[:12]}"
        httpserver.expect_request(path).respond_with_data(item["html"], content_type="text/html")
        out.append((path, sentence))
        if len(out) == 6:
            break
    assert len(out) == 6
    return out


def make_workspace(tmp_path, sources, claims, name="Test Profile"):
    ws = Workspace.init(tmp_path / "ws")
    save_claim_file(ClaimFile(profile=Profile(name=name), sources=sources, claims=claims), ws.claims_dir / "test.yaml")
    return ws


def test_run_over_local_article_pages(tmp_path, httpserver, served, local_settings):
    sources = [Source(number=i + 1, url=httpserver.url_for(path), title=f"page {i + 1}") for i, (path, _) in enumerate(served)]
    claims = [Claim(id=f"t-{i + 1:03d}", text=sentence, sources=[i + 1]) for i, (_, sentence) in enumerate(served)]
    # A claim taken from page 1 but cited to page 2 must not be supported.
    claims.append(Claim(id="t-wrong", text=served[0][1], sources=[2]))
    claims.append(Claim(id="t-uncited", text="Nobody cites this.", sources=[]))
    ws = make_workspace(tmp_path, sources, claims)

    report = run(ws, local_settings)
    paths = write_reports(report, ws.reports_dir)

    verdicts = {c.id: c.verdict for c in report.claims}
    for i in range(6):
        assert verdicts[f"t-{i + 1:03d}"] == Verdict.supported, report.claims[i]
    assert verdicts["t-wrong"] == Verdict.not_supported
    assert verdicts["t-uncited"] == Verdict.uncited

    data = json.loads(paths["json"].read_text("utf-8"))
    assert set(data) >= {"run", "sources", "claims"}
    assert set(data["run"]) >= {"id", "started_at", "finished_at", "offline"} and data["run"]["offline"] is False
    src = data["sources"][0]
    assert src["number"] == 1 and src["profile"] == "Test Profile" and src["error"] is None
    assert src["capture"]["kind"] == "live" and src["capture"]["http_status"] == 200
    assert src["capture"]["digest"].startswith("sha1:") and src["capture"]["url"] == sources[0].url
    c = data["claims"][0]
    assert set(c) >= {"id", "profile", "text", "sources", "verdict", "score", "evidence"}
    ev = c["evidence"][0]
    assert ev["source"] == 1 and 0 <= ev["start"] < ev["end"]
    assert data == json.loads((ws.reports_dir / "latest.json").read_text("utf-8"))

    html = paths["html"].read_text("utf-8")
    assert "t-wrong" in html and "not supported" in html
    assert (ws.reports_dir / "latest.html").read_text("utf-8") == html
    # one WARC capture per distinct URL, indexed
    assert len(list(ws.snapshots_dir.rglob("*.warc.gz"))) == 6


def test_evidence_offsets_point_into_the_source_text(tmp_path, httpserver, served, local_settings):
    from citewatch.extract import extract
    path, sentence = served[0]
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for(path))],
                        [Claim(id="a", text=sentence, sources=[1])])
    report = run(ws, local_settings)
    ev = report.claims[0].evidence[0]
    body = httpserver.log[0][1].get_data()
    text = extract(body, "text/html").main_text if ev.section == "main" else extract(body, "text/html").full_text
    assert text[ev.start:ev.end] == ev.text


class Unreachable(HTTPAdapter):
    """A transport for a host that no longer answers (no DNS query made)."""

    def send(self, request, **kwargs):
        raise requests.ConnectionError("simulated: the host does not answer")


def test_dead_live_page_falls_back_to_wayback(tmp_path, httpserver, local_settings, public_resolver):
    base = httpserver.url_for("").rstrip("/")
    settings = local_settings.model_copy(update={"wayback_base": base, "wayback_cdx_endpoint": base + "/cdx/search/cdx"})
    dead = "http://dead-site.invalid/page"
    session = CitewatchSession(settings)
    session.mount("http://dead-site.invalid/", Unreachable())
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(
        f"invalid,dead-site)/page 20230101000000 {dead} text/html 200 FAKEDIGESTFAKEDIGESTFAKEDIGEST12 100\n")
    httpserver.expect_request(f"/web/20230101000000id_/{dead}").respond_with_data(
        "<html><body><p>The museum opened in 1931 in the old harbour.</p></body></html>",
        content_type="text/html", headers={"Memento-Datetime": "Sun, 01 Jan 2023 00:00:00 GMT"})
    ws = make_workspace(tmp_path, [Source(number=1, url=dead, accessed="2023-01-05")],
                        [Claim(id="m", text="The museum opened in 1931 in the old harbour.", sources=[1])])
    report = run(ws, settings, session=session, resolver=public_resolver)
    src = report.sources[0]
    assert src.capture.kind == "archive" and src.error is None
    assert src.capture.url == f"{base}/web/20230101000000/{dead}"
    assert "does not answer" in src.live_error
    assert report.claims[0].verdict == Verdict.supported
    # the CDX query asked for the access date
    cdx = [r for r, _ in httpserver.log if r.path == "/cdx/search/cdx"][0]
    assert cdx.args["closest"] == "20230105120000"


def test_private_url_is_never_looked_up_in_the_archive(tmp_path, httpserver, local_settings):
    base = httpserver.url_for("").rstrip("/")
    settings = local_settings.model_copy(update={"wayback_base": base, "wayback_cdx_endpoint": base + "/cdx/search/cdx"})
    httpserver.expect_request("/down").respond_with_data("boom", status=500)
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/down"))],
                        [Claim(id="x", text="Something.", sources=[1])])
    report = run(ws, settings)
    assert "not looked up in the Wayback Machine" in report.sources[0].error
    assert [r.path for r, _ in httpserver.log] == ["/down"]


def test_unreachable_source_gives_source_unavailable(tmp_path, httpserver, local_settings):
    settings = local_settings.model_copy(update={"wayback": False})
    httpserver.expect_request("/err").respond_with_data("boom", status=500)
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/err"))],
                        [Claim(id="x", text="Something.", sources=[1])])
    report = run(ws, settings)
    assert report.claims[0].verdict == Verdict.source_unavailable
    assert "500" in report.sources[0].error and report.sources[0].capture is None


def test_private_address_refused_without_flag(tmp_path, httpserver):
    httpserver.expect_request("/p").respond_with_data("<p>x</p>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/p"))],
                        [Claim(id="x", text="x.", sources=[1])])
    report = run(ws, Settings(retries=0, wayback=False))
    assert report.claims[0].verdict == Verdict.source_unavailable
    assert "non-public address 127.0.0.1" in report.sources[0].error
    assert len(httpserver.log) == 0


def test_offline_uses_stored_captures_and_opens_no_socket(tmp_path, httpserver, served, local_settings, monkeypatch):
    path, sentence = served[0]
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for(path))],
                        [Claim(id="a", text=sentence, sources=[1])])
    online = run(ws, local_settings)
    import socket

    def refuse(*a, **k):
        raise AssertionError("offline run opened a socket")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    offline = run(ws, local_settings, offline=True)
    assert offline.run.offline is True
    assert offline.claims[0].verdict == online.claims[0].verdict == Verdict.supported
    assert offline.sources[0].capture.digest == online.sources[0].capture.digest


def test_offline_without_captures(tmp_path, no_network):
    ws = make_workspace(tmp_path, [Source(number=1, url="https://example.org/never-fetched")],
                        [Claim(id="a", text="Anything.", sources=[1])])
    report = run(ws, Settings(), offline=True)
    assert report.claims[0].verdict == Verdict.source_unavailable
    assert "no stored capture" in report.sources[0].error


def test_hostile_page_and_claim_are_escaped(tmp_path, httpserver, local_settings):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = f"<html><body><p>The bridge was built in 1890 {evil.replace('<', '&lt;')} by the city.</p></body></html>"
    httpserver.expect_request("/evil").respond_with_data(page, content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/evil"), title=evil)],
                        [Claim(id="e", text=f"The bridge was built in 1890 {evil} by the city.", sources=[1])],
                        name=evil)
    report = run(ws, local_settings)
    html = render_html(report)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert not re.search(r"<script", html)


def test_fail_on_exit_codes(tmp_path, httpserver, capsys):
    httpserver.expect_request("/ok").respond_with_data("<p>The sky is blue over Paris today.</p>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/ok"))],
                        [Claim(id="a", text="The sky is blue over Paris today.", sources=[1]),
                         Claim(id="b", text="Unrelated volcanic eruptions destroyed Lisbon.", sources=[1])])
    args = ["--workspace", str(ws.root), "run", "--allow-private-networks", "--no-wayback"]
    assert main(args) == 0
    assert main(args + ["--fail-on", "not_supported,source_unavailable"]) == 1
    assert main(args + ["--fail-on", "uncited"]) == 0
    out = capsys.readouterr()
    assert "report:" in out.out and "Traceback" not in out.err


def test_workspace_config_file_is_read(tmp_path, httpserver, capsys):
    httpserver.expect_request("/ok").respond_with_data("<p>Water boils at 100 degrees.</p>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/ok"))],
                        [Claim(id="a", text="Lava is cold.", sources=[1])])
    (ws.root / "citewatch.toml").write_text(
        '[citewatch]\nallow_private_networks = true\nwayback = false\nfail_on = ["not_supported"]\n')
    assert main(["--workspace", str(ws.root), "run"]) == 1
    (ws.root / "citewatch.toml").write_text("[citewatch]\ntimeout = 'x'\n")
    assert main(["--workspace", str(ws.root), "run"]) == 2
    assert "citewatch.toml" in capsys.readouterr().err


def test_one_host_is_never_fetched_concurrently(tmp_path, public_resolver):
    """URLs of one host are fetched one after the other; hosts in parallel."""
    import threading
    import time as _time

    from requests.models import Response as R

    from citewatch.pipeline import acquire
    from citewatch.snapshots import SnapshotStore

    lock = threading.Lock()
    in_flight: dict[str, int] = {}
    peak: dict[str, int] = {}

    class Fake:
        def get(self, url, **kw):
            host = url.split("/")[2]
            with lock:
                in_flight[host] = in_flight.get(host, 0) + 1
                peak[host] = max(peak.get(host, 0), in_flight[host])
            _time.sleep(0.02)
            with lock:
                in_flight[host] -= 1
            r = R()
            r.status_code, r.url, r._content, r._content_consumed = 200, url, b"<p>x</p>", True
            r.headers["Content-Type"] = "text/html"
            return r

        def close(self):
            pass

    sources = [Source(number=i, url=f"https://{h}.example/{i}") for i, h in enumerate("aaabbb", 1)]
    with SnapshotStore(tmp_path) as store:
        got = acquire(sources, store, Settings(workers=4), session=Fake(), resolver=public_resolver)
    assert all(a.record is not None for a in got.values())
    assert peak == {"a.example": 1, "b.example": 1}


def test_refused_private_url_is_not_sent_to_the_archive(tmp_path):
    asked = []

    class Recorder:
        def get(self, url, **kw):
            asked.append(url)
            raise AssertionError("nothing should be requested")

        def close(self):
            pass

    from citewatch.pipeline import acquire
    from citewatch.snapshots import SnapshotStore
    with SnapshotStore(tmp_path) as store:
        got = acquire([Source(number=1, url="http://10.0.0.5/intranet")], store, Settings(retries=0), session=Recorder())
    assert asked == [] and "non-public address 10.0.0.5" in got["http://10.0.0.5/intranet"].error


def test_page_without_text_is_unavailable_not_unsupported(tmp_path, httpserver, local_settings):
    httpserver.expect_request("/app").respond_with_data(
        "<html><head><script>render()</script></head><body><div id=root></div></body></html>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/app"))],
                        [Claim(id="a", text="Acme was founded in 1987.", sources=[1])])
    report = run(ws, local_settings.model_copy(update={"wayback": False}))
    assert report.claims[0].verdict == Verdict.source_unavailable
    assert "no readable text" in report.sources[0].error
    assert report.sources[0].capture is not None  # the capture is still stored and shown


def test_reports_readable_by_group_and_others(tmp_path, httpserver, local_settings):
    import os
    import stat
    httpserver.expect_request("/ok").respond_with_data("<p>Water boils at 100 degrees.</p>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/ok"))],
                        [Claim(id="a", text="Water boils at 100 degrees.", sources=[1])])
    old = os.umask(0o022)
    try:
        paths = write_reports(run(ws, local_settings), ws.reports_dir)
    finally:
        os.umask(old)
    assert stat.S_IMODE(paths["html"].stat().st_mode) & 0o044 == 0o044
    warc = next(ws.snapshots_dir.rglob("*.warc.gz"))
    assert stat.S_IMODE(warc.stat().st_mode) & 0o044 == 0o044


def test_report_explains_verdicts_and_unavailable_sources(tmp_path, httpserver, local_settings):
    httpserver.expect_request("/err").respond_with_data("boom", status=503)
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/err"), title="Annual report")],
                        [Claim(id="x", text="Something happened.", sources=[1])])
    report = run(ws, local_settings.model_copy(update={"wayback": False}))
    assert report.warnings and "No cited source could be fetched" in report.warnings[0]
    html = render_html(report)
    assert "What to do" in html and "No cited page could be fetched" in html
    # the reason is on the claim itself, with a link to the source row
    card = html[html.index('id="claim-x"'):html.index("<h2>Sources</h2>")]
    assert "unavailable:" in card and "HTTP 503" in card and 'href="#src-0"' in card
    assert 'id="src-0"' in html


def test_fail_on_none_clears_config(tmp_path, httpserver, capsys):
    httpserver.expect_request("/ok").respond_with_data("<p>Water boils at 100 degrees.</p>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/ok"))],
                        [Claim(id="lava", text="Lava is cold.", sources=[1])])
    (ws.root / "citewatch.toml").write_text(
        '[citewatch]\nallow_private_networks = true\nwayback = false\nfail_on = ["not_supported"]\n')
    assert main(["--workspace", str(ws.root), "run"]) == 1
    assert "lava: not_supported" in capsys.readouterr().err
    assert main(["--workspace", str(ws.root), "run", "--fail-on", "none"]) == 0
    assert main(["--workspace", str(ws.root), "run", "--fail-on", "Not-Supported"]) == 1


def test_two_files_with_the_same_profile_name_keep_their_own_sources(tmp_path, httpserver, local_settings):
    httpserver.expect_request("/ok").respond_with_data("<p>The dam was finished in 1936.</p>", content_type="text/html")
    httpserver.expect_request("/err").respond_with_data("no", status=500)
    ws = Workspace.init(tmp_path / "ws")
    for name, path, cid in (("a", "/ok", "a1"), ("b", "/err", "b1")):
        save_claim_file(ClaimFile(profile=Profile(name="Same"), sources=[Source(number=1, url=httpserver.url_for(path))],
                                  claims=[Claim(id=cid, text="The dam was finished in 1936.", sources=[1])]),
                        ws.claims_dir / f"{name}.yaml")
    report = run(ws, local_settings.model_copy(update={"wayback": False}))
    verdicts = {c.id: c.verdict for c in report.claims}
    assert verdicts == {"a1": Verdict.supported, "b1": Verdict.source_unavailable}
    assert report.source("claims/b.yaml", 1).error and report.source("claims/a.yaml", 1).error is None
    html = render_html(report)
    card_b = html[html.index('id="claim-b1"'):]
    card_b = card_b[:card_b.index('class="claim"')] if 'class="claim"' in card_b else card_b
    assert "unavailable: " in card_b


def test_damaged_captures_and_index_are_reported_not_crashing(tmp_path, httpserver, served, local_settings):
    path, sentence = served[0]
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for(path))],
                        [Claim(id="a", text=sentence, sources=[1])])
    run(ws, local_settings)
    warc = next(ws.snapshots_dir.rglob("*.warc.gz"))
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) // 2])  # truncated
    report = run(ws, local_settings, offline=True)
    assert report.claims[0].verdict == Verdict.source_unavailable
    assert "damaged" in report.sources[0].error or "cannot be read" in report.sources[0].error
    warc.write_bytes(b"\x00garbage" * 100)
    assert run(ws, local_settings, offline=True).claims[0].verdict == Verdict.source_unavailable
    index = ws.snapshots_dir / "index.sqlite"
    (ws.snapshots_dir / "index.sqlite-wal").unlink(missing_ok=True)
    raw = bytearray(index.read_bytes())
    for i in range(4096, len(raw)):
        raw[i] ^= 0x5A
    index.write_bytes(bytes(raw))
    code = main(["--workspace", str(ws.root), "run", "--offline"])
    assert code == 3


def test_offline_opens_the_store_read_only(tmp_path, httpserver, served, local_settings):
    from citewatch.errors import CitewatchError
    from citewatch.snapshots import SnapshotStore
    # a workspace never run: offline must not create an index
    empty = make_workspace(tmp_path / "e", [Source(number=1, url="https://example.org/x")],
                           [Claim(id="x", text="x.", sources=[1])])
    run(empty, local_settings, offline=True)
    assert not (empty.snapshots_dir / "index.sqlite").exists()
    path, sentence = served[0]
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for(path))],
                        [Claim(id="a", text=sentence, sources=[1])])
    run(ws, local_settings)
    with SnapshotStore(ws.snapshots_dir, readonly=True) as store:
        rec = store.latest(httpserver.url_for(path))
        assert store.read(rec).status == 200
        with pytest.raises(CitewatchError):
            store.add("https://example.org/y", store.read(rec))


def test_conflicting_number_is_explained_in_the_report(tmp_path, httpserver, local_settings):
    httpserver.expect_request("/p").respond_with_data(
        "<p>The company was founded in 1978 by two engineers in Oslo.</p>", content_type="text/html")
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/p"))],
                        [Claim(id="n", text="The company was founded in 1987 by two engineers in Oslo.", sources=[1])])
    report = run(ws, local_settings)
    c = report.claims[0]
    assert c.verdict == Verdict.not_supported
    assert any("1987" in n and "1978" in n for n in c.notes)
    html = render_html(report)
    assert "1978" in html[html.index('id="claim-n"'):]
    assert '"notes"' in report.model_dump_json()


def test_a_silent_host_is_given_up_after_two_tries(tmp_path, public_resolver):
    """URLs of a host that answers nothing go straight to the archive."""
    from citewatch.pipeline import HOST_GIVE_UP_AFTER, acquire
    from citewatch.snapshots import SnapshotStore
    asked = []

    class Silent:
        def get(self, url, **kw):
            asked.append(url)
            raise requests.ConnectionError("simulated: no answer")

        def close(self):
            pass

    sources = [Source(number=i, url=f"https://silent.example/{i}") for i in range(1, 6)]
    with SnapshotStore(tmp_path) as store:
        got = acquire(sources, store, Settings(retries=0, wayback=False), session=Silent(), resolver=public_resolver)
    assert len(asked) == HOST_GIVE_UP_AFTER == 2
    assert "no answer to 2 requests in a row" in got["https://silent.example/5"].error


def test_bidi_controls_are_stripped_from_the_report(tmp_path):
    from citewatch.results import ClaimResult, RunInfo, RunReport
    import datetime as dt
    report = RunReport(run=RunInfo(id="r", started_at=dt.datetime.now(dt.timezone.utc)),
                       claims=[ClaimResult(id="a", profile="p\u202eevil", text="paid \u202e0001$ to", sources=[],
                                           verdict=Verdict.uncited, score=0.0)])
    html = render_html(report)
    assert "\u202e" not in html and "paid 0001$ to" in html


def test_zero_byte_index_is_an_empty_store_offline(tmp_path):
    ws = make_workspace(tmp_path, [Source(number=1, url="https://example.org/x")],
                        [Claim(id="x", text="x.", sources=[1])])
    (ws.snapshots_dir / "index.sqlite").write_bytes(b"")
    report = run(ws, Settings(), offline=True)
    assert "no stored capture" in report.sources[0].error


def test_a_contradiction_stands_even_if_another_source_is_unreadable(tmp_path, httpserver, local_settings):
    from citewatch.check import CheckResult

    class Contradicts:
        name = "fake"

        def check(self, claim, sources):
            return CheckResult(verdict=Verdict.not_supported, score=0.9, contradicted=True, notes=["conflict"])

    httpserver.expect_request("/ok").respond_with_data("<p>Founded in 1978.</p>", content_type="text/html")
    httpserver.expect_request("/err").respond_with_data("no", status=500)
    ws = make_workspace(tmp_path, [Source(number=1, url=httpserver.url_for("/ok")),
                                   Source(number=2, url=httpserver.url_for("/err"))],
                        [Claim(id="c", text="Founded in 1987.", sources=[1, 2])])
    settings = local_settings.model_copy(update={"wayback": False})
    assert run(ws, settings, checker=Contradicts()).claims[0].verdict == Verdict.not_supported
    class Silent(Contradicts):
        def check(self, claim, sources):
            return CheckResult(verdict=Verdict.not_supported, score=0.1)
    assert run(ws, settings, checker=Silent()).claims[0].verdict == Verdict.source_unavailable
