"""Measure the support checker on labelled claims (WiCE format).

Each example goes through the product's own path: its evidence sentences
become an HTML page, stored as a capture in a temporary workspace next to a
claim file citing it; :func:`citewatch.pipeline.run` then runs offline over
that workspace, so extraction and checking are exactly those of
``citewatch run``.

Data format: one JSON object per line with ``claim`` (str), ``evidence``
(list of str; the first may be ``(meta data) TITLE: ...``, lines starting
with ``#`` are headings) and ``label`` (``supported``,
``partially_supported`` or ``not_supported``), as in WiCE (Kamoi et al.,
"WiCE: Real-World Entailment for Claims in Wikipedia", EMNLP 2023).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel, ValidationError

from citewatch.check import Checker, Verdict
from citewatch.claims import ClaimFile, save_claim_file
from citewatch.claims.models import Claim, Profile, Source
from citewatch.errors import EvaluationDataError
from citewatch.settings import Settings
from citewatch.snapshots import FetchedResponse, SnapshotStore

__all__ = ["Example", "EvaluationResult", "load_examples", "example_page", "evaluate", "LABELS"]

LABELS = ("supported", "partially_supported", "not_supported")
_MAX_LINE = 50 * 1024 * 1024  # bytes; a longer JSONL line is refused


class Example(BaseModel):
    """One labelled claim with the text of the page it cites."""

    claim: str
    evidence: list[str]
    label: str


class EvaluationResult(BaseModel):
    """Figures of an evaluation.

    Attributes
    ----------
    n : int
        Examples evaluated.
    balanced_accuracy : float
        Mean of the recall of ``supported`` and the recall of the rest
        (``partially_supported`` and ``not_supported`` together), in [0, 1].
    accuracy_3way : float
        Share of examples whose verdict equals the 3-way label.
    confusion : dict
        ``confusion[label][verdict]`` = count.
    claims_per_second : float
        Examples per second of wall time, extraction and storage included.
    """

    n: int
    balanced_accuracy: float
    accuracy_3way: float
    confusion: dict[str, dict[str, int]]
    claims_per_second: float


def load_examples(path: str | Path, limit: int | None = None) -> list[Example]:
    """Read labelled examples from a JSONL file.

    Raises
    ------
    EvaluationDataError
        Naming file and line for bad JSON, a missing field or an unknown label.
    OSError
        If the file cannot be read.
    """
    out: list[Example] = []
    name = str(path)
    if not Path(path).is_file():
        raise EvaluationDataError("not a regular file", name, 0)
    with open(path, "rb") as fh:
        i = 0
        while True:
            raw = fh.readline(_MAX_LINE + 1)  # bounded: a file with no newline cannot fill memory
            if not raw:
                break
            i += 1
            if limit is not None and len(out) >= limit:
                break
            if len(raw) > _MAX_LINE:
                raise EvaluationDataError(f"line longer than {_MAX_LINE} bytes", name, i)
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, huge ints
                raise EvaluationDataError(f"not valid JSON: {str(exc)[:200]}", name, i) from None
            if not isinstance(obj, dict):
                raise EvaluationDataError("each line must be a JSON object", name, i)
            for key in ("claim", "evidence", "label"):
                if key not in obj:
                    raise EvaluationDataError(f"missing field {key!r}", name, i)
            if obj["label"] not in LABELS:
                raise EvaluationDataError(f"field 'label': {obj['label']!r} is not one of {', '.join(LABELS)}", name, i)
            if not isinstance(obj["claim"], str) or not obj["claim"].strip():
                raise EvaluationDataError("field 'claim' must be a non-empty string", name, i)
            if not isinstance(obj["evidence"], list) or not all(isinstance(s, str) for s in obj["evidence"]):
                raise EvaluationDataError("field 'evidence' must be a list of strings", name, i)
            try:
                Claim(id="check", text=obj["claim"], sources=[1])
                json.dumps(obj["claim"]).encode("utf-8")
                "\n".join(obj["evidence"]).encode("utf-8")
            except ValidationError as exc:
                raise EvaluationDataError(f"field 'claim': {exc.errors(include_url=False)[0]['msg']}", name, i) from None
            except UnicodeEncodeError:
                raise EvaluationDataError("text holds an unpaired surrogate (\\ud800-\\udfff escape)", name, i) from None
            out.append(Example(claim=obj["claim"], evidence=obj["evidence"], label=obj["label"]))
    return out


def example_page(example: Example) -> bytes:
    """Render an example's evidence as an HTML page (UTF-8 bytes).

    The ``(meta data) TITLE:`` line becomes the ``<title>`` and an ``<h1>``;
    ``#`` lines become headings; every other sentence a paragraph. All text
    is HTML-escaped.
    """
    title = ""
    body = []
    for line in example.evidence:
        if line.startswith("(meta data) TITLE:"):
            title = line.split(":", 1)[1].strip()
            body.append(f"<h1>{html.escape(title)}</h1>")
        elif line.startswith("#"):
            level = min(6, max(2, len(line) - len(line.lstrip("#")) + 1))
            body.append(f"<h{level}>{html.escape(line.lstrip('#').strip())}</h{level}>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    page = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title></head><body><article>"
        + "\n".join(body)
        + "</article></body></html>"
    )
    return page.encode("utf-8")


def evaluate(
    path: str | Path,
    limit: int | None = None,
    checker: Checker | None = None,
    settings: Settings | None = None,
) -> EvaluationResult:
    """Evaluate the checker on a WiCE-format JSONL file.

    Parameters
    ----------
    path : str or pathlib.Path
    limit : int or None
        Evaluate the first ``limit`` examples only.
    checker : Checker or None
        Defaults to the one named in ``settings``.
    settings : Settings or None

    Returns
    -------
    EvaluationResult

    Raises
    ------
    EvaluationDataError
        For malformed input, naming file and line.
    """
    from citewatch.pipeline import Workspace, run

    examples = load_examples(path, limit)
    started = time.perf_counter()
    now = dt.datetime.now(dt.timezone.utc)
    with tempfile.TemporaryDirectory(prefix="citewatch-eval-") as tmp:
        ws = Workspace.init(tmp)
        sources, claims = [], []
        with SnapshotStore(ws.snapshots_dir) as store:
            for i, ex in enumerate(examples, 1):
                url = f"https://evaluation.invalid/example/{i}"
                sources.append(Source(number=i, url=url, title=f"example {i}"))
                claims.append(Claim(id=f"example-{i:05d}", text=ex.claim, sources=[i]))
                page = example_page(ex)
                store.add(url, FetchedResponse(
                    requested_url=url, url=url, status=200, reason="OK",
                    headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
                    body=page, fetched_at=now,
                ), "live")
        save_claim_file(ClaimFile(profile=Profile(name="evaluation"), sources=sources, claims=claims),
                        ws.claims_dir / "evaluation.yaml")
        report = run(ws, settings, offline=True, checker=checker)
    elapsed = time.perf_counter() - started

    verdicts = [c.verdict.value for c in report.claims]
    confusion = {gold: {v.value: 0 for v in Verdict} for gold in LABELS}
    for ex, v in zip(examples, verdicts):
        confusion[ex.label][v] += 1
    n = len(examples)
    pos = [v == "supported" for v, ex in zip(verdicts, examples) if ex.label == "supported"]
    neg = [v != "supported" for v, ex in zip(verdicts, examples) if ex.label != "supported"]
    recalls = [sum(x) / len(x) for x in (pos, neg) if x]
    return EvaluationResult(
        n=n,
        balanced_accuracy=round(sum(recalls) / len(recalls), 4) if recalls else 0.0,
        accuracy_3way=round(sum(v == ex.label for v, ex in zip(verdicts, examples)) / n, 4) if n else 0.0,
        confusion=confusion,
        claims_per_second=round(n / elapsed, 2) if elapsed > 0 else 0.0,
    )
