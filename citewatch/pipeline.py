"""The pipeline: claim files in, captures stored, verdicts out.

A run is a sequence of stage functions over models:

1. :func:`load_workspace_claims` reads and validates ``claims/*.yaml``;
2. :func:`acquire` gets a capture for every cited source: live first, then
   the Wayback Machine; or, offline, the newest stored capture;
3. :func:`citewatch.extract.extract` turns each capture into passages;
4. a :class:`citewatch.check.Checker` judges each claim against the
   passages of all its cited sources together;
5. the result is one :class:`citewatch.results.RunReport`, which
   :mod:`citewatch.reports` renders.
"""

from __future__ import annotations

import datetime as dt
import queue
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from citewatch import __version__
from citewatch.check import Checker, SourceText, Verdict, get_checker
from citewatch.claims import ClaimFile, load_claim_files
from citewatch.claims.models import Source
from citewatch.errors import CitewatchError, FetchError, PrivateAddressError, WorkspaceError
from citewatch.extract import ExtractedText, extract
from citewatch.results import CaptureInfo, ClaimResult, RunInfo, RunReport, SourceResult
from citewatch.settings import Settings
from citewatch.snapshots import CaptureRecord, CitewatchSession, FetchedResponse, Memento, SnapshotStore, WaybackClient, fetch
from citewatch.snapshots.http import Resolver, is_private_url

__all__ = ["Workspace", "Acquired", "acquire", "load_workspace_claims", "run", "new_run_id"]


@dataclass(frozen=True)
class Workspace:
    """A citewatch workspace folder.

    Attributes
    ----------
    root : pathlib.Path
        The folder; ``claims/``, ``snapshots/`` and ``reports/`` live in it.
    """

    root: Path

    @property
    def claims_dir(self) -> Path:
        return self.root / "claims"

    @property
    def snapshots_dir(self) -> Path:
        return self.root / "snapshots"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @classmethod
    def open(cls, root: str | Path) -> "Workspace":
        """Open an existing workspace.

        Raises
        ------
        WorkspaceError
            If ``root`` or its ``claims/`` folder does not exist.
        """
        root = Path(root)
        if not root.is_dir():
            raise WorkspaceError(f"workspace {root} does not exist (create one with: citewatch init {root})", root)
        if not (root / "claims").is_dir():
            raise WorkspaceError(f"{root} is not a citewatch workspace: it has no claims/ folder "
                                 f"(create one with: citewatch init {root})", root)
        return cls(root)

    @classmethod
    def init(cls, root: str | Path) -> "Workspace":
        """Create a workspace (``claims/``, ``snapshots/``, ``reports/``, a
        ``citewatch.toml`` with the defaults commented, and a ``.gitignore``
        that keeps reports out of git). Existing files are left alone.
        """
        root = Path(root)
        for sub in ("claims", "snapshots", "reports"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        toml = root / "citewatch.toml"
        if not toml.exists():
            from citewatch._atomic import atomic_write_text

            atomic_write_text(toml, _DEFAULT_TOML)
        gi = root / ".gitignore"
        if not gi.exists():
            from citewatch._atomic import atomic_write_text

            atomic_write_text(gi, "reports/\nsnapshots/\n")
        return cls(root)

    def claim_files(self) -> list[Path]:
        """The claim files, sorted by name (``*.yaml`` and ``*.yml``)."""
        return sorted([*self.claims_dir.glob("*.yaml"), *self.claims_dir.glob("*.yml")])


_DEFAULT_TOML = """\
# citewatch settings; every key is optional (defaults shown). Command-line
# flags override this file.
[citewatch]
# connect_timeout = 10.0          # seconds to connect
# read_timeout = 30.0             # seconds between two bytes of a response
# max_fetch_seconds = 120.0       # seconds one response body may take
# max_response_bytes = 20971520   # bytes kept per response (20 MiB)
# max_redirects = 10
# retries = 2                     # after connection errors, HTTP 429 and 5xx
# backoff_factor = 0.5            # seconds; retry n waits backoff_factor * 2**(n-1)
# max_retry_after = 60.0          # longest Retry-After honoured, seconds
# allow_private_networks = false  # fetch loopback/private addresses (never metadata/link-local)
# wayback = true                  # fall back to the Wayback Machine
# wayback_base = "https://web.archive.org"
# wayback_cdx_endpoint = "https://web.archive.org/cdx/search/cdx"
# workers = 4                     # hosts fetched at the same time
# checker = "lexical"
# fail_on = []                    # e.g. ["not_supported", "source_unavailable"]
# user_agent = "citewatch/<version> (+https://pypi.org/project/citewatch/; citation checker)"
"""


def new_run_id(now: dt.datetime | None = None) -> str:
    """A run id: UTC start time ``YYYYMMDDTHHMMSSZ`` plus 4 random hex digits."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def load_workspace_claims(ws: Workspace) -> list[tuple[Path, ClaimFile]]:
    """Load every claim file of a workspace.

    Raises
    ------
    WorkspaceError
        If there is no claim file.
    ClaimFileError
        With every problem of every file.
    """
    files = ws.claim_files()
    if not files:
        raise WorkspaceError(f"no claim files in {ws.claims_dir} (import one with: citewatch import profile FILE)", ws.root)
    return load_claim_files(files)


@dataclass
class Acquired:
    """What :func:`acquire` got for one cited URL.

    Attributes
    ----------
    record : CaptureRecord or None
        The stored capture used, None if none could be had.
    response : FetchedResponse or None
        The capture's bytes (read back from the store offline).
    error : str or None
        Why there is no capture.
    live_error : str or None
        Why the live fetch failed, when the archive was used.
    """

    record: CaptureRecord | None = None
    response: FetchedResponse | None = None
    error: str | None = None
    live_error: str | None = None
    extracted: ExtractedText | None = field(default=None, repr=False)


_URL_PREFIX = re.compile(r"^(?:(?:Wayback (?:memento|CDX search for) )?https?://\S+:? )+")


def _reason(exc: Exception) -> str:
    """The error message without the URLs it starts with (the report shows them)."""
    return _URL_PREFIX.sub("", str(exc)) or str(exc)


@dataclass
class _Fetched:
    """What the network part got for one URL (no disk touched yet)."""

    response: FetchedResponse | None = None
    memento: Memento | None = None
    error: str | None = None
    live_error: str | None = None
    host_silent: bool = False  # the live host gave no HTTP answer at all


#: After this many live fetches of one host in a row get no answer at all
#: (timeout, refused, reset: no HTTP status), its other URLs skip the live
#: fetch and go to the archive, so one dead host cannot hold a run for
#: (retries + 1) x read_timeout per URL.
HOST_GIVE_UP_AFTER = 2


def _fetch_source(session: requests.Session, settings: Settings, source: Source, resolver: Resolver | None,
                  skip_live: str | None = None) -> _Fetched:
    """Network part of :func:`acquire` for one source (runs in a worker thread).

    ``skip_live``: a reason not to try the live page (its host stopped answering).
    """
    try:
        if skip_live:
            raise FetchError(skip_live, source.url)
        return _Fetched(response=fetch(session, source.url, settings, resolver=resolver))
    except PrivateAddressError as exc:
        return _Fetched(error=str(exc), live_error=str(exc))
    except FetchError as exc:
        live_error = _reason(exc)
        silent = exc.status is None
    if not settings.wayback:
        return _Fetched(error=live_error, live_error=live_error, host_silent=silent)
    if is_private_url(source.url, resolver):
        # Never send an internal URL to a public archive.
        return _Fetched(error=f"{live_error} (a private address: not looked up in the Wayback Machine)",
                        live_error=live_error, host_silent=silent)
    try:
        memento = WaybackClient(session, settings, resolver=resolver).memento_for(
            source.url, source.accessed, source.archive_url
        )
    except FetchError as exc:
        return _Fetched(error=f"live page: {live_error}; Wayback Machine: {_reason(exc)}", live_error=live_error,
                        host_silent=silent)
    return _Fetched(response=memento.response, memento=memento, live_error=live_error, host_silent=silent)


def _fetch_safely(session: requests.Session, settings: Settings, source: Source, resolver: Resolver | None,
                  skip_live: str | None = None) -> _Fetched:
    """:func:`_fetch_source`, with any unexpected error kept as that source's
    error so one hostile page cannot end a run of thousands."""
    try:
        return _fetch_source(session, settings, source, resolver, skip_live)
    except Exception as exc:  # noqa: BLE001 - reported per source, never swallowed
        return _Fetched(error=f"unexpected error while fetching: {type(exc).__name__}: {exc}"[:500])


def acquire(
    sources: list[Source],
    store: SnapshotStore,
    settings: Settings,
    *,
    offline: bool = False,
    session: requests.Session | None = None,
    resolver: Resolver | None = None,
) -> dict[str, Acquired]:
    """Get one capture per distinct cited URL.

    Online, each URL is fetched live (hosts in parallel, up to
    ``settings.workers`` at once; the URLs of one host one after the
    other); if that fails (network error, HTTP 4xx/5xx, too large) the
    Wayback Machine is asked for the citation's ``archive_url`` or the
    memento nearest its access date (never for a URL on a private
    address). Each capture is stored in ``store`` as soon as it arrives, so
    an interrupted run keeps what it fetched. Offline, the newest stored
    capture of each URL is used and no socket is opened.

    Parameters
    ----------
    sources : list of Source
        Cited sources; duplicates by URL are fetched once.
    store : SnapshotStore
    settings : Settings
    offline : bool
    session : requests.Session or None
        Defaults to a new :class:`CitewatchSession` (online only).
    resolver : callable or None
        Host resolver for the address guard (tests).

    Returns
    -------
    dict
        ``url -> Acquired``.

    Raises
    ------
    CitewatchError
        If the capture store cannot be written (disk full, damaged index).
    KeyboardInterrupt
        Passed on after queued fetches are cancelled.
    """
    by_url: dict[str, Source] = {}
    for s in sources:
        by_url.setdefault(s.url, s)
    out: dict[str, Acquired] = {}
    if offline:
        for url in by_url:
            rec = store.latest(url)
            if rec is None:
                out[url] = Acquired(error="no stored capture of this URL (a run without --offline stores one "
                                          "when the page or an archived copy can be fetched)")
                continue
            try:
                out[url] = Acquired(record=rec, response=store.read(rec))
            except CitewatchError as exc:
                out[url] = Acquired(error=str(exc))
        return out
    if not by_url:
        return out
    # One task per host, fetching its URLs one after the other: different
    # hosts are fetched in parallel, no host gets concurrent requests.
    by_host: dict[str, list[Source]] = {}
    for url, src in by_url.items():
        by_host.setdefault((urlsplit(url).hostname or "").lower(), []).append(src)
    done: queue.Queue[tuple[str, _Fetched]] = queue.Queue()

    def fetch_host(srcs: list[Source]) -> None:
        silent = 0
        for src in srcs:
            skip = (f"not fetched: its host gave no answer to {HOST_GIVE_UP_AFTER} requests in a row"
                    if silent >= HOST_GIVE_UP_AFTER else None)
            got = _fetch_safely(session, settings, src, resolver, skip)
            silent = silent + 1 if got.host_silent else 0
            done.put((src.url, got))

    own_session = session is None
    session = session or CitewatchSession(settings)
    pool = ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="citewatch-fetch")
    try:
        futures = [pool.submit(fetch_host, srcs) for srcs in by_host.values()]
        while len(out) < len(by_url):
            try:
                url, got = done.get(timeout=1.0)
            except queue.Empty:
                if all(f.done() for f in futures) and done.empty():
                    for f in futures:
                        f.result()  # re-raise what killed a worker
                    break
                continue
            if got.response is None:
                out[url] = Acquired(error=got.error, live_error=got.live_error)
            elif got.memento is not None:
                rec = store.add(url, got.response, "archive", got.memento.memento_url, got.memento.memento_datetime)
                out[url] = Acquired(record=rec, response=got.response, live_error=got.live_error)
            else:
                out[url] = Acquired(record=store.add(url, got.response, "live"), response=got.response)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if own_session:
            session.close()
    return out


def _extract_into(acq: Acquired) -> str | None:
    """Extract an acquired capture's text into ``acq.extracted``; return the
    error message when its bytes cannot be read, else None."""
    assert acq.response is not None
    try:
        acq.extracted = extract(acq.response.body, acq.response.content_type, acq.response.url)
    except CitewatchError as exc:
        return f"cannot read the capture: {exc}"
    except Exception as exc:  # noqa: BLE001 - a parser bug on one hostile page must not end the run
        return f"cannot read the capture: unexpected {type(exc).__name__} in text extraction"
    return None


def _capture_info(rec: CaptureRecord) -> CaptureInfo:
    return CaptureInfo(
        kind=rec.kind,
        url=rec.memento_url or rec.capture_url,
        http_status=rec.http_status,
        fetched_at=rec.fetched_at,
        digest=rec.digest,
        memento_datetime=rec.memento_datetime,
        content_type=rec.content_type,
    )


def _warnings(sources: list[SourceResult], offline: bool, settings: Settings) -> list[str]:
    """Run-level warnings derived from the source results."""
    out = []
    if sources and all(s.capture is None for s in sources):
        if offline:
            out.append("No capture is stored for any cited source: run once without --offline first.")
        elif all("non-public address" in (s.error or "") for s in sources):
            out.append("Every cited source is on a private or loopback address and was refused "
                       "(use --allow-private-networks if that is intended).")
        else:
            out.append("No cited source could be fetched" + (", live or from the Wayback Machine" if settings.wayback else "")
                       + ". If this machine should reach these sites, check its network. First error: "
                       + (sources[0].error or "?"))
    archived = sum(1 for s in sources if s.capture is not None and s.capture.kind == "archive")
    if archived:
        out.append(f"{archived} source(s) were checked against a Wayback Machine memento because the live page failed.")
    return out


def run(
    workspace: Workspace,
    settings: Settings | None = None,
    *,
    offline: bool = False,
    session: requests.Session | None = None,
    checker: Checker | None = None,
    resolver: Resolver | None = None,
) -> RunReport:
    """Run every stage over a workspace and return the result model.

    Writes captures to ``snapshots/``; writes no report (see
    :func:`citewatch.reports.write_reports`).

    Parameters
    ----------
    workspace : Workspace
    settings : Settings or None
        Defaults to :class:`Settings` defaults.
    offline : bool
        Use stored captures only; never open a socket.
    session : requests.Session or None
        HTTP session (tests pass a fake or vcrpy-backed one).
    checker : Checker or None
        Defaults to ``get_checker(settings.checker)``.
    resolver : callable or None
        Host resolver for the address guard (tests).

    Returns
    -------
    RunReport

    Raises
    ------
    WorkspaceError, ClaimFileError, ConfigError
        Before anything is fetched.
    """
    settings = settings or Settings()
    started = dt.datetime.now(dt.timezone.utc)
    loaded = load_workspace_claims(workspace)
    checker = checker or get_checker(settings.checker)
    info = RunInfo(id=new_run_id(started), started_at=started, offline=offline,
                   checker=getattr(checker, "name", type(checker).__name__), version=__version__)

    def rel(path: Path) -> str:
        return path.relative_to(workspace.root).as_posix() if path.is_relative_to(workspace.root) else str(path)

    # Sources are numbered per claim file: (file, number) identifies one.
    cited: list[tuple[str, ClaimFile, Source]] = []
    for path, cf in loaded:
        used = {n for c in cf.claims for n in c.sources}
        cited.extend((rel(path), cf, s) for s in cf.sources if s.number in used)

    with SnapshotStore(workspace.snapshots_dir, readonly=offline) as store:
        acquired = acquire([s for _, _, s in cited], store, settings, offline=offline, session=session,
                           resolver=resolver)

    source_results: list[SourceResult] = []
    texts: dict[tuple[str, int], SourceText] = {}
    for file, cf, src in cited:
        acq = acquired[src.url]
        result = SourceResult(number=src.number, profile=cf.profile.name, file=file, url=src.url, title=src.title,
                              accessed=src.accessed, archive_url=src.archive_url,
                              error=acq.error, live_error=acq.live_error)
        if acq.record is not None and acq.response is not None:
            result.capture = _capture_info(acq.record)
            if acq.extracted is None and acq.error is None:
                acq.error = _extract_into(acq)
            result.error = acq.error
            if acq.extracted is not None:
                result.passages = len(acq.extracted.passages)
                texts[(file, src.number)] = SourceText(source=src.number, passages=acq.extracted.passages)
        source_results.append(result)

    claim_results: list[ClaimResult] = []
    for path, cf in loaded:
        file = rel(path)
        for claim in cf.claims:
            base = dict(id=claim.id, profile=cf.profile.name, text=claim.text, sources=claim.sources, file=file)
            if not claim.sources:
                claim_results.append(ClaimResult(**base, verdict=Verdict.uncited, score=0.0))
                continue
            available = [texts[(file, n)] for n in claim.sources if (file, n) in texts]
            if not available:
                claim_results.append(ClaimResult(**base, verdict=Verdict.source_unavailable, score=0.0))
                continue
            res = checker.check(claim.text, available)
            verdict = res.verdict
            if verdict == Verdict.not_supported and len(available) < len(claim.sources) and not res.contradicted:
                # The missing source may hold the support: we cannot say "not supported".
                verdict = Verdict.source_unavailable
            notes = list(res.notes)
            if verdict != res.verdict:
                notes.append(f"{len(claim.sources) - len(available)} cited source(s) could not be read, "
                             "and the others do not support the claim")
            claim_results.append(ClaimResult(**base, verdict=verdict, score=res.score,
                                             evidence=res.evidence, missing=res.missing, notes=notes))

    info.finished_at = dt.datetime.now(dt.timezone.utc)
    report = RunReport(run=info, sources=source_results, claims=claim_results, warnings=_warnings(source_results, offline, settings))
    report.counts = report.count()
    return report
