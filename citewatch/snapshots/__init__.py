"""Snapshots: live fetching, the Wayback Machine fallback and the WARC store.

The only stage, with the stores, that touches the network or the disk.
"""

from citewatch.snapshots.http import (
    CitewatchSession,
    FetchedResponse,
    check_public_url,
    fetch,
    parse_retry_after,
)
from citewatch.snapshots.store import CaptureRecord, SnapshotStore
from citewatch.snapshots.wayback import Memento, WaybackClient, parse_cdx_lines

__all__ = [
    "CaptureRecord",
    "CitewatchSession",
    "FetchedResponse",
    "Memento",
    "SnapshotStore",
    "WaybackClient",
    "check_public_url",
    "fetch",
    "parse_cdx_lines",
    "parse_retry_after",
]
