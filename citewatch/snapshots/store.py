"""The capture store: WARC files plus an SQLite index.

Layout under the workspace's ``snapshots/`` folder::

    snapshots/
      index.sqlite                       # one row per capture
      warc/2026/11/30/<record-id>.warc.gz

Each capture is one gzipped WARC file (ISO 28500, WARC/1.1) holding a
``response`` record (the HTTP status line, headers and body as fetched) and
a ``metadata`` record (the cited URL, live or archive, memento URL and
time). The file is written to a temporary name and renamed, then indexed
in an SQLite transaction, so a crash never leaves a half-written capture in
the index. Standard tools (warcio, pywb, ReplayWeb.page) read the files.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from citewatch._atomic import atomic_write_with
from citewatch.errors import CitewatchError
from citewatch.snapshots.http import FetchedResponse

__all__ = ["CaptureRecord", "SnapshotStore", "CaptureKind"]

CaptureKind = Literal["live", "archive"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,              -- the cited URL the capture stands for
    capture_url TEXT NOT NULL,      -- the URL actually fetched (final, after redirects)
    kind TEXT NOT NULL CHECK (kind IN ('live', 'archive')),
    http_status INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,       -- ISO 8601 UTC
    memento_url TEXT,               -- playback URL for archive captures
    memento_datetime TEXT,          -- ISO 8601 UTC, archive captures
    digest TEXT NOT NULL,           -- WARC-Payload-Digest, sha1:BASE32
    content_type TEXT,
    length INTEGER NOT NULL,        -- body bytes
    warc_path TEXT NOT NULL         -- relative to the store root
);
CREATE INDEX IF NOT EXISTS captures_url ON captures (url, fetched_at);
CREATE INDEX IF NOT EXISTS captures_digest ON captures (digest);
"""


_RECOVER = (" (to recover, move index.sqlite aside: captures will be fetched again; the WARC files "
            "under warc/ are intact and readable with any WARC tool)")


class CaptureRecord(BaseModel):
    """One stored capture, as indexed.

    Attributes
    ----------
    id : str
        The WARC-Record-ID of the response record (``urn:uuid:...``).
    url : str
        The cited URL this capture stands for.
    capture_url : str
        The URL fetched: the final live URL, or the raw memento URL.
    kind : {"live", "archive"}
    http_status : int
    fetched_at : datetime
        UTC time the response arrived.
    memento_url, memento_datetime
        For archive captures: the playback URL and the archive's capture time.
    digest : str
        ``sha1:`` + base32 SHA-1 of the body (the WARC payload digest).
    content_type : str or None
    length : int
        Body size in bytes.
    warc_path : str
        Path of the WARC file relative to the store root.
    """

    id: str
    url: str
    capture_url: str
    kind: CaptureKind
    http_status: int
    fetched_at: dt.datetime
    memento_url: str | None = None
    memento_datetime: dt.datetime | None = None
    digest: str
    content_type: str | None = None
    length: int
    warc_path: str


class SnapshotStore:
    """Read and write captures under a folder.

    Parameters
    ----------
    root : str or pathlib.Path
        The ``snapshots/`` folder; created if missing.

    Raises
    ------
    CitewatchError
        If the index cannot be opened (not an SQLite file, no permission).
    """

    def __init__(self, root: str | Path, readonly: bool = False) -> None:
        self.root = Path(root)
        self.readonly = readonly
        index = self.root / "index.sqlite"
        try:
            if readonly:
                # Reading needs no write access (an offline run on a read-only
                # copy); a missing or never-initialised index holds no capture.
                self._db = sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True, timeout=30) \
                    if index.exists() and index.stat().st_size > 0 else sqlite3.connect(":memory:")
                if not self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'captures'").fetchone():
                    self._db.close()
                    self._db = sqlite3.connect(":memory:")
                    self._db.executescript(_SCHEMA)
            else:
                self.root.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(index, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                with self._db:
                    self._db.executescript(_SCHEMA)
            self._db.row_factory = sqlite3.Row
        except (sqlite3.Error, OSError) as exc:
            raise CitewatchError(f"cannot open the capture index {index}: {exc}{_RECOVER}") from None

    def _query(self, sql: str, args: tuple | list = ()) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise CitewatchError(f"the capture index {self.root / 'index.sqlite'} cannot be read: {exc}{_RECOVER}") from None

    def close(self) -> None:
        """Close the index."""
        self._db.close()

    def __enter__(self) -> "SnapshotStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(
        self,
        url: str,
        response: FetchedResponse,
        kind: CaptureKind = "live",
        memento_url: str | None = None,
        memento_datetime: dt.datetime | None = None,
    ) -> CaptureRecord:
        """Store a fetched response as a capture of ``url``.

        Parameters
        ----------
        url : str
            The cited URL.
        response : FetchedResponse
            What was fetched.
        kind : {"live", "archive"}
        memento_url : str or None
            Playback URL, for archive captures.
        memento_datetime : datetime or None
            Archive capture time, for archive captures.

        Returns
        -------
        CaptureRecord

        Raises
        ------
        OSError
            If the WARC file cannot be written (nothing is indexed then).
        """
        fetched = response.fetched_at.astimezone(dt.timezone.utc)
        record_uuid = uuid.uuid4()
        rel = Path("warc") / fetched.strftime("%Y/%m/%d") / f"{record_uuid}.warc.gz"
        warc_date = fetched.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if self.readonly:
            raise CitewatchError("the capture store was opened read-only")
        reason = "".join(c if " " <= c <= "~" else "?" for c in (response.reason or "OK"))
        status_line = f"{response.status} {reason}"
        safe_headers = [(k, "".join(c if " " <= c <= "~" else "?" for c in v)) for k, v in response.headers
                        if k.isascii() and k.isprintable() and ":" not in k]

        holder: dict[str, str] = {}

        def write(fh) -> None:
            writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
            http_headers = StatusAndHeaders(status_line, safe_headers, protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                response.url,
                "response",
                payload=io.BytesIO(response.body),
                length=len(response.body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Record-ID": f"<urn:uuid:{record_uuid}>",
                    "WARC-Date": warc_date,
                },
            )
            writer.write_record(rec)
            holder["digest"] = rec.rec_headers.get_header("WARC-Payload-Digest")
            meta = {
                "cited_url": url,
                "kind": kind,
                "requested_url": response.requested_url,
                "redirects": response.redirects,
                "memento_url": memento_url,
                "memento_datetime": memento_datetime.isoformat() if memento_datetime else None,
            }
            writer.write_record(writer.create_warc_record(
                response.url,
                "metadata",
                payload=io.BytesIO(json.dumps(meta).encode("utf-8")),
                warc_content_type="application/json",
                warc_headers_dict={
                    "WARC-Date": warc_date,
                    "WARC-Concurrent-To": f"<urn:uuid:{record_uuid}>",
                },
            ))

        atomic_write_with(self.root / rel, write)
        record = CaptureRecord(
            id=f"urn:uuid:{record_uuid}",
            url=url,
            capture_url=response.url,
            kind=kind,
            http_status=response.status,
            fetched_at=fetched,
            memento_url=memento_url,
            memento_datetime=memento_datetime,
            digest=holder["digest"],
            content_type=response.content_type,
            length=len(response.body),
            warc_path=rel.as_posix(),
        )
        try:
            with self._db:
                self._db.execute(
                    "INSERT INTO captures VALUES (:id, :url, :capture_url, :kind, :http_status, :fetched_at,"
                    " :memento_url, :memento_datetime, :digest, :content_type, :length, :warc_path)",
                    {
                        **record.model_dump(),
                        "fetched_at": record.fetched_at.isoformat(),
                        "memento_datetime": record.memento_datetime.isoformat() if record.memento_datetime else None,
                    },
                )
        except sqlite3.Error as exc:
            raise CitewatchError(f"cannot index the capture {rel}: {exc}{_RECOVER}") from None
        return record

    def latest(self, url: str, kind: CaptureKind | None = None) -> CaptureRecord | None:
        """The most recent capture of a cited URL, or None.

        Parameters
        ----------
        url : str
            The cited URL.
        kind : {"live", "archive"} or None
            Restrict to one kind.
        """
        sql = "SELECT * FROM captures WHERE url = ?"
        args: list[str] = [url]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        rows = self._query(sql + " ORDER BY fetched_at DESC LIMIT 1", args)
        return CaptureRecord.model_validate(dict(rows[0])) if rows else None

    def captures(self, url: str | None = None) -> list[CaptureRecord]:
        """All captures (of one cited URL when given), oldest first."""
        if url is None:
            rows = self._query("SELECT * FROM captures ORDER BY fetched_at")
        else:
            rows = self._query("SELECT * FROM captures WHERE url = ? ORDER BY fetched_at", (url,))
        return [CaptureRecord.model_validate(dict(r)) for r in rows]

    def read(self, record: CaptureRecord) -> FetchedResponse:
        """Read a capture back from its WARC file, checking it is whole.

        Returns
        -------
        FetchedResponse
            Status, headers and body as stored.

        Raises
        ------
        CitewatchError
            If the WARC file is missing, damaged, truncated, or its body does
            not match the length and payload digest in the index.
        """
        path = self.root / record.warc_path
        try:
            with open(path, "rb") as fh:
                for rec in ArchiveIterator(fh):
                    if rec.rec_type != "response":
                        continue
                    body = rec.content_stream().read()
                    http = rec.http_headers
                    status = int(http.get_statuscode())
                    reason = http.statusline.split(" ", 1)[1] if " " in http.statusline else ""
                    headers = list(http.headers)
                    break
                else:
                    raise CitewatchError(f"capture {record.warc_path} holds no response record")
        except CitewatchError:
            raise
        except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib/EOF/OS errors on damage
            raise CitewatchError(f"capture {record.warc_path} cannot be read ({type(exc).__name__}); "
                                 "it is damaged or missing") from None
        if len(body) != record.length or _payload_digest(body) != record.digest:
            raise CitewatchError(f"capture {record.warc_path} is damaged: its body does not match the index "
                                 f"({len(body)} of {record.length} bytes)")
        return FetchedResponse(
            requested_url=record.capture_url,
            url=record.capture_url,
            status=status,
            reason=reason,
            headers=headers,
            body=body,
            fetched_at=record.fetched_at,
        )


def _payload_digest(body: bytes) -> str:
    """``sha1:`` + base32 SHA-1, the WARC payload digest form warcio writes."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")
