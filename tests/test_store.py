"""The capture store: WARC files that standard tools read, and an index."""

from __future__ import annotations

import datetime as dt

from warcio.archiveiterator import ArchiveIterator

from citewatch.snapshots import FetchedResponse, SnapshotStore


def response(body: bytes = b"<p>hi</p>", url: str = "https://example.org/a", when=None) -> FetchedResponse:
    return FetchedResponse(
        requested_url=url, url=url, status=200, reason="OK",
        headers=[("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
        body=body, fetched_at=when or dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
    )


def test_add_read_and_index(tmp_path):
    with SnapshotStore(tmp_path) as store:
        rec = store.add("https://example.org/a", response())
        assert rec.kind == "live" and rec.http_status == 200 and rec.length == 9
        assert rec.digest.startswith("sha1:")
        back = store.read(store.latest("https://example.org/a"))
        assert back.body == b"<p>hi</p>" and back.status == 200 and back.content_type == "text/html"
    # the index survives reopening
    with SnapshotStore(tmp_path) as store:
        assert store.latest("https://example.org/a").id == rec.id
        assert store.latest("https://example.org/other") is None


def test_warc_file_is_standard(tmp_path):
    with SnapshotStore(tmp_path) as store:
        rec = store.add("https://example.org/cited", response(url="https://example.org/final"), "archive",
                        "https://web.archive.org/web/20200101000000/https://example.org/final",
                        dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    with open(tmp_path / rec.warc_path, "rb") as fh:
        records = list((r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                        r.rec_headers.get_header("WARC-Payload-Digest"), r.content_stream().read())
                       for r in ArchiveIterator(fh))
    assert [r[0] for r in records] == ["response", "metadata"]
    assert records[0][1] == "https://example.org/final"
    assert records[0][2] == rec.digest
    assert records[0][3] == b"<p>hi</p>"
    assert b'"cited_url": "https://example.org/cited"' in records[1][3]


def test_latest_is_newest_and_kind_filter(tmp_path):
    with SnapshotStore(tmp_path) as store:
        t0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
        store.add("https://example.org/a", response(b"old", when=t0))
        store.add("https://example.org/a", response(b"new", when=t0 + dt.timedelta(days=1)))
        store.add("https://example.org/a", response(b"arch", when=t0 - dt.timedelta(days=9)), "archive",
                  "https://web.archive.org/web/2024/https://example.org/a", t0)
        assert store.read(store.latest("https://example.org/a")).body == b"new"
        assert store.read(store.latest("https://example.org/a", "archive")).body == b"arch"
        assert len(store.captures("https://example.org/a")) == 3


def test_failed_write_leaves_no_index_row_and_no_temp_file(tmp_path, monkeypatch):
    import citewatch.snapshots.store as mod

    def boom(path, write):
        raise OSError("disk full")

    with SnapshotStore(tmp_path) as store:
        monkeypatch.setattr(mod, "atomic_write_with", boom)
        try:
            store.add("https://example.org/a", response())
        except OSError:
            pass
        assert store.latest("https://example.org/a") is None
    assert not list(tmp_path.rglob("*.tmp"))
