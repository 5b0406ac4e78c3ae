"""The ``citewatch`` command: parse arguments, call the library, turn its
exceptions into one clear message and an exit code.

Exit codes: 0 done; 1 ``run --fail-on`` matched a verdict; 2 usage, claim
file, settings or input errors; 3 the run could not complete (disk, index).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Sequence

from citewatch import __version__
from citewatch.errors import (
    ClaimFileError,
    CitewatchError,
    ConfigError,
    EvaluationDataError,
    ImportFormatError,
    WorkspaceError,
)

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_ERROR = 0, 1, 2, 3
_VERDICTS = ("supported", "partially_supported", "not_supported", "source_unavailable", "uncited")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _safe(text: object) -> str:
    """Text from claim files and fetched pages, made harmless for a terminal:
    control characters (escape sequences, bidi overrides) become '?'."""
    return _CONTROL.sub("?", str(text))


def _say(*parts: object, err: bool = False) -> None:
    print(*(_safe(p) for p in parts), file=sys.stderr if err else sys.stdout)


def _fail_on(value: str) -> list[str]:
    items = [v.strip().lower().replace("-", "_").replace(" ", "_") for v in value.split(",") if v.strip()]
    if items == ["none"] or not items:
        return []  # clears a fail_on set in citewatch.toml
    bad = [v for v in items if v not in _VERDICTS]
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown verdict(s) {', '.join(bad) or '(none)'}; choose from {', '.join(_VERDICTS)}")
    return items


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (each has ``--help``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", "-w", metavar="DIR", default=argparse.SUPPRESS,
                        help="workspace folder with claims/, snapshots/, reports/ (default: current folder)")

    p = argparse.ArgumentParser(
        prog="citewatch",
        description="Check that the sources cited for each claim still support it: fetch them "
                    "(or Wayback Machine mementos), store captures, check support, write reports.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"citewatch {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    s = sub.add_parser("init", parents=[common], help="create a workspace",
                       description="Create a workspace: claims/, snapshots/, reports/ and citewatch.toml.")
    s.add_argument("dir", nargs="?", metavar="DIR", help="folder to create (default: the workspace)")

    s = sub.add_parser("import", parents=[common], help="import claims from a document",
                       description="Import claims and their sources into a YAML claim file.")
    isub = s.add_subparsers(dest="format", metavar="FORMAT", required=True)
    ip = isub.add_parser("profile", parents=[common], help="a plain-text profile with footnote numbers",
                         description="Import a plain-text profile: paragraphs ending in footnote numbers, "
                                     "then a numbered reference list.")
    ip.add_argument("path", metavar="PATH", help="the profile text file")
    ip.add_argument("--out", metavar="FILE", help="claim file to write (default: claims/<profile>.yaml in the workspace)")
    ip.add_argument("--name", help="profile name (default: taken from the document)")
    ip.add_argument("--id-prefix", metavar="PREFIX",
                    help="claim ids are PREFIX-001, PREFIX-002... (default: the profile name as a slug)")
    ip.add_argument("--force", action="store_true", help="overwrite an existing claim file")

    s = sub.add_parser("validate", parents=[common], help="check the claim files",
                       description="Validate every claim file of the workspace and its citewatch.toml; "
                                   "print each problem with file and line.")

    s = sub.add_parser("run", parents=[common], help="fetch sources, check claims, write reports",
                       description="Fetch every cited source (live, else the Wayback Machine), store the "
                                   "captures, check each claim and write reports/<run-id>.{html,json} and "
                                   "reports/latest.{html,json}.")
    s.add_argument("--offline", action="store_true", help="use stored captures only; open no network connection")
    s.add_argument("--allow-private-networks", action="store_true", default=None,
                   help="allow URLs that resolve to loopback, private or link-local addresses")
    s.add_argument("--fail-on", type=_fail_on, metavar="VERDICTS",
                   help="comma-separated verdicts that make the command exit 1, e.g. not_supported,source_unavailable "
                        "('none' clears a fail_on set in citewatch.toml)")
    s.add_argument("--no-wayback", action="store_true", help="do not fall back to the Wayback Machine")
    s.add_argument("--quiet", "-q", action="store_true", help="print only the report paths")

    s = sub.add_parser("evaluate", parents=[common], help="measure the support checker on labelled claims",
                       description="Measure the support checker on a WiCE-format JSONL file "
                                   "(claim, evidence sentences, label).")
    s.add_argument("path", metavar="PATH.jsonl")
    s.add_argument("--limit", type=_positive_int, metavar="N", help="only the first N examples")
    s.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


def _workspace(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "workspace", None) or ".")


def _cmd_init(args: argparse.Namespace) -> int:
    from citewatch.pipeline import Workspace

    root = Path(args.dir) if args.dir else _workspace(args)
    ws = Workspace.init(root)
    _say(f"workspace ready at {ws.root}: add claim files to {ws.claims_dir}, then run: citewatch --workspace {ws.root} run")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from citewatch.claims import load_claim_files, save_claim_file
    from citewatch.claims.importers import import_profile
    from citewatch.pipeline import Workspace
    from citewatch.text import slugify

    cf = import_profile(args.path, name=args.name, id_prefix=args.id_prefix)
    ws = None
    if args.out:
        out = Path(args.out)
        if out.parent.resolve().name == "claims" and (out.parent.parent / "claims").is_dir():
            ws = Workspace(out.parent.parent)
    else:
        ws = Workspace.open(_workspace(args))
        out = ws.claims_dir / f"{slugify(cf.profile.name)}.yaml"
    if out.exists() and not args.force:
        raise WorkspaceError(f"{out} exists; use --force to overwrite it or --out to write elsewhere", out)
    if ws is not None:
        # Claim ids are unique across the workspace: refuse to write a clash.
        others = [p for p in ws.claim_files() if p.resolve() != out.resolve()]
        try:
            taken = {c.id: p for p, other in load_claim_files(others) for c in other.claims}
        except ClaimFileError:
            taken = {}
        clash = [c.id for c in cf.claims if c.id in taken]
        if clash:
            raise WorkspaceError(f"claim id {clash[0]} (and {len(clash) - 1} more) already used in "
                                 f"{taken[clash[0]]}; choose another --id-prefix", out)
    save_claim_file(cf, out)
    cited = sum(1 for c in cf.claims if c.sources)
    _say(f"wrote {out}: {len(cf.claims)} claims ({cited} cited), {len(cf.sources)} sources")
    used = {n for c in cf.claims for n in c.sources}
    unused = [s.number for s in cf.sources if s.number not in used]
    if unused:
        _say(f"note: reference(s) {', '.join(map(str, unused))} are cited by no claim; "
             "check the footnote numbers in the text", err=True)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from citewatch.pipeline import Workspace, load_workspace_claims
    from citewatch.settings import load_settings

    ws = Workspace.open(_workspace(args))
    load_settings(ws.root)  # citewatch.toml is checked too
    loaded = load_workspace_claims(ws)
    n = sum(len(cf.claims) for _, cf in loaded)
    _say(f"{len(loaded)} claim file(s), {n} claims" + (" and citewatch.toml" if (ws.root / "citewatch.toml").is_file() else "")
         + ": all valid")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from citewatch.pipeline import Workspace, run
    from citewatch.reports import write_reports
    from citewatch.settings import load_settings

    ws = Workspace.open(_workspace(args))
    overrides = {"allow_private_networks": args.allow_private_networks, "fail_on": args.fail_on}
    if args.no_wayback:
        overrides["wayback"] = False
    settings = load_settings(ws.root, **overrides)
    report = run(ws, settings, offline=args.offline)
    paths = write_reports(report, ws.reports_dir)
    if not args.quiet:
        total = len(report.claims)
        _say(f"run {report.run.id}: {total} claims, {len(report.sources)} cited sources"
              + (" (offline)" if report.run.offline else ""))
        for verdict, n in report.counts.items():
            if n:
                _say(f"  {verdict:<20} {n}")
        unavailable = [s for s in report.sources if s.error]
        if len(unavailable) == len(report.sources):
            unavailable = []  # the run warning below says it once
        for s in unavailable[:10]:
            _say(f"  source [{s.number}] of {s.profile} unavailable: {s.error}", err=True)
        if len(unavailable) > 10:
            _say(f"  ... and {len(unavailable) - 10} more unavailable sources (see the report)", err=True)
    _say(f"report: {paths['html']}")
    _say(f"json:   {paths['json']}")
    for w in report.warnings:
        _say(f"warning: {w}", err=True)
    hits = [c for c in report.claims if c.verdict.value in settings.fail_on]
    if hits:
        _say(f"{len(hits)} claim(s) with a verdict in fail_on ({', '.join(settings.fail_on)}):", err=True)
        for c in hits[:20]:
            _say(f"  {c.id}: {c.verdict.value}", err=True)
        if len(hits) > 20:
            _say(f"  ... and {len(hits) - 20} more (see the report)", err=True)
        return EXIT_FAIL_ON
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from citewatch.evaluate import evaluate
    from citewatch.settings import load_settings

    ws = Path(getattr(args, "workspace", ".") or ".")
    settings = load_settings(ws if ws.is_dir() else None)
    res = evaluate(args.path, limit=args.limit, settings=settings)
    if args.json:
        _say(json.dumps(res.model_dump(), indent=2))
        return EXIT_OK
    _say(f"n                  {res.n}")
    _say(f"balanced accuracy  {res.balanced_accuracy:.4f}  (supported vs the rest)")
    _say(f"3-way accuracy     {res.accuracy_3way:.4f}")
    _say(f"claims per second  {res.claims_per_second:.2f}")
    cols = ["supported", "partially_supported", "not_supported"]
    _say("confusion (rows: label, columns: verdict)")
    _say(f"  {'':<22}" + "".join(f"{c:>22}" for c in cols))
    for gold, row in res.confusion.items():
        _say(f"  {gold:<22}" + "".join(f"{row.get(c, 0):>22}" for c in cols))
    return EXIT_OK


_COMMANDS = {
    "init": _cmd_init,
    "import": _cmd_import,
    "validate": _cmd_validate,
    "run": _cmd_run,
    "evaluate": _cmd_evaluate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``citewatch`` console script.

    Returns
    -------
    int
        The exit code (see the module docstring).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except ClaimFileError as exc:
        _say(f"citewatch: {len(exc.problems)} problem(s) in claim files:", err=True)
        for p in exc.problems:
            _say(f"  {p}", err=True)
        return EXIT_USAGE
    except (ConfigError, WorkspaceError, ImportFormatError, EvaluationDataError) as exc:
        _say(f"citewatch: {exc}", err=True)
        return EXIT_USAGE
    except CitewatchError as exc:
        _say(f"citewatch: {exc}", err=True)
        return EXIT_ERROR
    except FileNotFoundError as exc:
        _say(f"citewatch: no such file: {exc.filename}", err=True)
        return EXIT_USAGE
    except IsADirectoryError as exc:
        _say(f"citewatch: {exc.filename} is a folder, not a file", err=True)
        return EXIT_USAGE
    except OSError as exc:
        _say(f"citewatch: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - last resort: a bug, reported in one line
        if os.environ.get("CITEWATCH_DEBUG"):
            raise
        _say(f"citewatch: internal error: {type(exc).__name__}: {exc} "
             "(set CITEWATCH_DEBUG=1 for the traceback, and please report it)", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("citewatch: interrupted; the captures stored so far are kept (no report was written)", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # Do not wait for fetches still in flight in worker threads: each
        # capture and index row already written is complete.
        os._exit(130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
