"""Reports: renderings of one :class:`citewatch.results.RunReport`.

``render_json`` and ``render_html`` are pure; ``write_reports`` writes
``reports/<run-id>.{json,html}`` and ``reports/latest.{json,html}``
atomically. Every string from claim files and fetched pages is HTML-escaped
by Jinja2's autoescaping; links are only ever the http(s) URLs validated in
the claim file or built from the Wayback base URL.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, still atomic per file
    fcntl = None  # type: ignore[assignment]

from citewatch._atomic import atomic_write_text
from citewatch.results import VERDICT_ORDER, RunReport

__all__ = ["render_json", "render_html", "write_reports"]

# Bidirectional override and isolate controls (U+202A-U+202E, U+2066-U+2069)
# can make text from a page or a claim file read differently from what it
# is ("Trojan Source", Boucher and Anderson, 2021); they never carry meaning
# in a citation report, so every value is stripped of them before escaping.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _finalize(value: object) -> object:
    return _BIDI.sub("", value) if isinstance(value, str) else value


_env = jinja2.Environment(
    loader=jinja2.PackageLoader("citewatch.reports", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_finalize,
)


#: For each verdict: what it means, what a reviewer should do.
LEGEND = {
    "not_supported": ("The cited pages do not contain what the claim says.",
                      "Read the evidence; fix the claim or find a better source."),
    "source_unavailable": ("No cited page could be fetched or read, so nothing was checked.",
                           "Look at the source's error; update the URL or add an archive_url."),
    "partially_supported": ("Part of the claim is in the cited pages; some terms (often names or numbers) are not.",
                            "Check the terms listed as not found; narrow the claim or add a source."),
    "uncited": ("The claim cites no source.", "Add a source or mark the claim as common knowledge."),
    "supported": ("The cited pages contain the claim's terms, names and numbers, with no contradiction found "
                  "(a note says when they come from several separate places of a page).",
                  "Skim the evidence: word matching cannot see a changed meaning."),
}


def render_json(report: RunReport) -> str:
    """Render the report as JSON text (UTF-8, indented by 2 spaces)."""
    return report.model_dump_json(indent=2) + "\n"


def render_html(report: RunReport) -> str:
    """Render the report as one self-contained HTML page.

    Claims are listed worst verdict first (see ``VERDICT_ORDER``), then in
    file order. The page loads nothing from the network (a Content Security
    Policy forbids it).
    """
    rank = {v.value: i for i, v in enumerate(VERDICT_ORDER)}
    claims = sorted(report.claims, key=lambda c: rank[c.verdict.value])
    sources = {(s.file, s.number): s for s in report.sources}
    s_index = {(s.file, s.number): i for i, s in enumerate(report.sources)}
    return _env.get_template("report.html").render(report=report, claims=claims, sources=sources,
                                                  s_index=s_index, legend=LEGEND)


def write_reports(report: RunReport, reports_dir: str | Path) -> dict[str, Path]:
    """Write the JSON and HTML reports of a run, and the ``latest`` copies.

    Parameters
    ----------
    report : RunReport
    reports_dir : str or pathlib.Path
        Created if missing.

    Returns
    -------
    dict
        ``{"json": path, "html": path, "latest_json": path, "latest_html": path}``.

    Raises
    ------
    OSError
        If a file cannot be written; files already written stay whole.
    """
    d = Path(reports_dir)
    js, html = render_json(report), render_html(report)
    d.mkdir(parents=True, exist_ok=True)
    with open(d / ".lock", "a+b") as lock:
        # Runs that end at the same time must not leave latest.json from one
        # run and latest.html from the other.
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        out = {
            "json": atomic_write_text(d / f"{report.run.id}.json", js),
            "html": atomic_write_text(d / f"{report.run.id}.html", html),
        }
        out["latest_json"] = atomic_write_text(d / "latest.json", js)
        out["latest_html"] = atomic_write_text(d / "latest.html", html)
    return out
