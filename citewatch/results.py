"""The result model of a run: what every report (JSON, HTML) is rendered from.

JSON shape (``RunReport.model_dump(mode="json")``)::

    {"run": {"id", "started_at", "finished_at", "offline", ...},
     "counts": {"supported": n, ...},
     "sources": [{"number", "profile", "url", "capture": {...} | null, "error": str | null, ...}],
     "claims": [{"id", "profile", "text", "sources", "verdict", "score",
                 "evidence": [{"source", "text", "start", "end", ...}], ...}]}
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from citewatch.check.base import Evidence, Verdict

__all__ = ["RunInfo", "CaptureInfo", "SourceResult", "ClaimResult", "RunReport", "VERDICT_ORDER"]

#: Verdicts in the order reports list them (worst first).
VERDICT_ORDER = [
    Verdict.not_supported,
    Verdict.source_unavailable,
    Verdict.partially_supported,
    Verdict.uncited,
    Verdict.supported,
]


class RunInfo(BaseModel):
    """When and how a run ran.

    Attributes
    ----------
    id : str
        Run id, ``YYYYMMDDTHHMMSSZ-xxxx`` (UTC start time plus a random suffix).
    started_at, finished_at : datetime
        UTC.
    offline : bool
        Stored captures only, no network.
    checker : str
        The support-check backend.
    version : str
        citewatch version.
    """

    id: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    offline: bool = False
    checker: str = "lexical"
    version: str = ""


class CaptureInfo(BaseModel):
    """The capture a source was checked against.

    Attributes
    ----------
    kind : {"live", "archive"}
    url : str
        For live captures the final URL fetched; for archive captures the
        memento's playback URL.
    http_status : int
    fetched_at : datetime
        UTC.
    digest : str
        WARC payload digest (``sha1:`` base32).
    memento_datetime : datetime or None
        When the archive captured the page (archive captures).
    content_type : str or None
    """

    kind: Literal["live", "archive"]
    url: str
    http_status: int
    fetched_at: dt.datetime
    digest: str
    memento_datetime: dt.datetime | None = None
    content_type: str | None = None


class SourceResult(BaseModel):
    """One cited source after fetching and extraction.

    Attributes
    ----------
    number : int
        Footnote number within its profile.
    profile : str
        Profile name.
    file : str
        The claim file that lists the source (footnote numbers are per file).
    url : str
        The cited URL.
    title : str or None
    accessed : date or None
    archive_url : str or None
    capture : CaptureInfo or None
        None when nothing could be fetched.
    error : str or None
        Why the source is unavailable or unreadable; None when fine.
    live_error : str or None
        Why the live fetch failed when an archive capture was used instead.
    passages : int
        Number of text passages extracted.
    """

    number: int
    profile: str
    file: str = ""
    url: str
    title: str | None = None
    accessed: dt.date | None = None
    archive_url: str | None = None
    capture: CaptureInfo | None = None
    error: str | None = None
    live_error: str | None = None
    passages: int = 0


class ClaimResult(BaseModel):
    """The verdict on one claim.

    Attributes
    ----------
    id, profile, text : str
    sources : list of int
        Footnote numbers cited.
    verdict : Verdict
    score : float
        In [0, 1].
    evidence : list of Evidence
        Best passages first.
    missing : list of str
        Claim terms found in no evidence.
    notes : list of str
        Why the checker decided so, when a rule did (conflicting number,
        negation, a name the sources lack).
    file : str
        Claim file, relative to the workspace.
    """

    id: str
    profile: str
    text: str
    sources: list[int]
    verdict: Verdict
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    file: str = ""


class RunReport(BaseModel):
    """Everything a run found; reports are renderings of this model.

    Attributes
    ----------
    run : RunInfo
    counts : dict
        Claims per verdict.
    warnings : list of str
        Run-level problems a reviewer should know first (e.g. no source
        could be fetched at all).
    sources : list of SourceResult
    claims : list of ClaimResult
    """

    run: RunInfo
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    sources: list[SourceResult] = Field(default_factory=list)
    claims: list[ClaimResult] = Field(default_factory=list)

    def count(self) -> dict[str, int]:
        """Number of claims per verdict (every verdict present, zero or not)."""
        out = {v.value: 0 for v in VERDICT_ORDER}
        for c in self.claims:
            out[c.verdict.value] += 1
        return out

    def source(self, file: str, number: int) -> SourceResult | None:
        """The source numbered ``number`` of the claim file ``file``, or None."""
        for s in self.sources:
            if s.file == file and s.number == number:
                return s
        return None
