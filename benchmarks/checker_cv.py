"""Cross-validate the thresholds of the lexical checker on WiCE.

Data: the dev split of WiCE (Kamoi et al., "WiCE: Real-World Entailment for
Claims in Wikipedia", EMNLP 2023; annotations under ODC-BY), one JSON object
per line with ``claim``, ``evidence`` (the sentences of the cited page; the
first line is ``(meta data) TITLE: ...``, lines starting with ``#`` are
headings) and ``label`` in {supported, partially_supported, not_supported}.
The file is read in place and never copied.

Each example goes through the real path of a capture: the evidence
sentences are rendered as a small HTML page (the title in ``<title>`` and as
an ``<h1>`` headline, other meta data lines as a byline paragraph, ``#``
lines as headings, every other sentence as a ``<p>``; all HTML-escaped),
run through :func:`citewatch.extract.extract`, and checked as one
``SourceText(source=1, ...)``.

The checker's verdict is a function of its score and two thresholds, so the
script scores every claim once, then picks ``t_supported`` (best balanced
accuracy of supported vs the rest) and ``t_partial`` (best 3-way accuracy
given ``t_supported``) by k-fold cross-validation: thresholds are chosen on
k-1 folds and measured on the held-out fold. It prints the cross-validated
figures, the thresholds of every fold, and the in-sample figures of the
checker's shipped defaults.

Usage::

    .venv/bin/python benchmarks/checker_cv.py --data /work/shared/data/wice/dev.jsonl

Extracted passages are cached in the system temp folder (keyed by the data
file and the extractor's source) to speed up reruns; ``--no-cache`` skips it.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import inspect
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from citewatch import extract as extract_mod
from citewatch.check import LexicalChecker, SourceText
from citewatch.extract import Passage, extract

LABELS = ("supported", "partially_supported", "not_supported")
DEFAULT_DATA = "/work/shared/data/wice/dev.jsonl"
RENDER_VERSION = "1"


def render_html(evidence: list[str]) -> bytes:
    """Render WiCE evidence sentences as a small HTML page.

    Parameters
    ----------
    evidence : list of str
        The ``evidence`` field of a WiCE example.

    Returns
    -------
    bytes
        UTF-8 HTML: ``(meta data) TITLE:`` gives ``<title>`` and an ``<h1>``
        headline, other ``(meta data)`` lines a byline ``<p>`` (``AUTHOR:
        ...``), ``#`` lines headings of their level, other lines ``<p>``.
    """
    title = None
    head: list[str] = []
    body: list[str] = []
    for line in evidence:
        line = line.strip()
        if not line:
            continue
        meta = re.match(r"\(meta data\)\s*([A-Z ]+):\s*(.*)$", line)
        if meta:
            key, value = meta.group(1).strip(), meta.group(2).strip()
            if key == "TITLE" and title is None:
                title = value
                head.append(f"<title>{html.escape(value)}</title>")
                body.append(f"<h1>{html.escape(value)}</h1>")
            elif value:
                body.append(f"<p>{html.escape(key.title())}: {html.escape(value)}</p>")
            continue
        heading = re.match(r"(#+)\s*(.*)$", line)
        if heading:
            level = min(len(heading.group(1)), 6)
            body.append(f"<h{level}>{html.escape(heading.group(2))}</h{level}>")
            continue
        body.append(f"<p>{html.escape(line)}</p>")
    page = (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "".join(head)
        + "</head><body><article>\n"
        + "\n".join(body)
        + "\n</article></body></html>\n"
    )
    return page.encode("utf-8")


def load(data: Path, use_cache: bool = True) -> list[dict]:
    """Read the examples and their extracted passages.

    Parameters
    ----------
    data : pathlib.Path
        A WiCE JSONL file.
    use_cache : bool
        Keep the extracted passages in the system temp folder.

    Returns
    -------
    list of dict
        ``{"claim", "label", "passages": [Passage, ...]}`` per example.
    """
    raw = data.read_bytes()
    key = hashlib.sha256(
        raw + inspect.getsource(extract_mod).encode() + RENDER_VERSION.encode()
        + inspect.getsource(render_html).encode()
    ).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"citewatch-wice-passages-{key}.json"
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    if use_cache and cache.exists():
        cached = json.loads(cache.read_text())
        return [
            {"claim": r["claim"], "label": r["label"], "passages": [Passage(**p) for p in ps]}
            for r, ps in zip(rows, cached)
        ]
    out, dump = [], []
    for r in rows:
        passages = extract(render_html(r["evidence"]), "text/html").passages
        out.append({"claim": r["claim"], "label": r["label"], "passages": passages})
        dump.append([p.model_dump() for p in passages])
    if use_cache:
        cache.write_text(json.dumps(dump))
    return out


def balanced_accuracy(labels: list[str], preds: list[str]) -> float:
    """Mean of the recall on ``supported`` and on the other two labels."""
    pos = [p == "supported" for lab, p in zip(labels, preds) if lab == "supported"]
    neg = [p != "supported" for lab, p in zip(labels, preds) if lab != "supported"]
    r_pos = sum(pos) / len(pos) if pos else 0.0
    r_neg = sum(neg) / len(neg) if neg else 0.0
    return (r_pos + r_neg) / 2


def accuracy(labels: list[str], preds: list[str]) -> float:
    """Share of exact 3-way matches."""
    return sum(a == b for a, b in zip(labels, preds)) / len(labels)


def predict(scores: list[float], t_sup: float, t_part: float) -> list[str]:
    """Verdicts of the scores under two thresholds (as the checker does)."""
    return [
        "supported" if s >= t_sup else "partially_supported" if s >= t_part else "not_supported"
        for s in scores
    ]


GRID = [i / 100 for i in range(101)]


def _plateau_middle(values: list[float], best: float) -> float:
    """The middle of the longest run of grid points reaching ``best``.

    Ties are common (a threshold anywhere between two scores gives the
    same predictions); taking the middle of the widest tied run is more
    stable than taking its first point.
    """
    runs, cur = [], []
    for t, v in zip(GRID, values):
        if v >= best - 1e-12:
            cur.append(t)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    run = max(runs, key=len)
    return round(run[len(run) // 2], 2)


def choose(scores: list[float], labels: list[str]) -> tuple[float, float]:
    """Pick ``(t_sup, t_part)`` on training examples.

    ``t_sup`` maximises balanced accuracy of supported vs the rest;
    ``t_part`` (at most ``t_sup``) then maximises 3-way accuracy.
    """
    ba = [balanced_accuracy(labels, predict(scores, t, -1.0)) for t in GRID]
    t_sup = _plateau_middle(ba, max(ba))
    acc = [
        accuracy(labels, predict(scores, t_sup, t)) if t <= t_sup else -1.0 for t in GRID
    ]
    t_part = _plateau_middle(acc, max(acc))
    return t_sup, t_part


def folds(labels: list[str], k: int, seed: int) -> list[list[int]]:
    """Stratified k folds: shuffle with ``seed``, deal each label round-robin."""
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    i = 0
    for lab in LABELS:
        idx = [j for j, x in enumerate(labels) if x == lab]
        rng.shuffle(idx)
        for j in idx:
            out[i % k].append(j)
            i += 1
    return out


def plain_overlap(claim: str, passages: list[Passage]) -> float:
    """Reference baseline: share of the claim's distinct non-stopword words
    (case-folded, unstemmed, unweighted) found anywhere in the page."""
    from citewatch.check.lexical import STOPWORDS
    from citewatch.text import fold

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"\w+", fold(text)) if w not in STOPWORDS}

    want = words(claim)
    have: set[str] = set()
    for p in passages:
        have |= words(p.text)
    return len(want & have) / len(want) if want else 0.0


def cross_validate(
    scores: list[float], labels: list[str], k: int, seed: int, verbose: bool = True
) -> tuple[float, float, list[tuple[float, float]]]:
    """k-fold CV of the thresholds.

    Returns
    -------
    (float, float, list of (float, float))
        Pooled held-out balanced accuracy, pooled held-out 3-way accuracy,
        and the ``(t_sup, t_part)`` chosen on the training part of each fold.
    """
    fold_idx = folds(labels, k, seed)
    held_pred: dict[int, str] = {}
    fold_ba, fold_acc, chosen = [], [], []
    for f, test in enumerate(fold_idx):
        test_set = set(test)
        train = [i for i in range(len(labels)) if i not in test_set]
        t_sup, t_part = choose([scores[i] for i in train], [labels[i] for i in train])
        chosen.append((t_sup, t_part))
        preds = predict([scores[i] for i in test], t_sup, t_part)
        gold = [labels[i] for i in test]
        for i, p in zip(test, preds):
            held_pred[i] = p
        fold_ba.append(balanced_accuracy(gold, preds))
        fold_acc.append(accuracy(gold, preds))
        if verbose:
            print(
                f"fold {f + 1}: n={len(test):3d}  t_sup={t_sup:.2f} t_part={t_part:.2f}  "
                f"held-out balanced acc {fold_ba[-1]:.3f}  3-way acc {fold_acc[-1]:.3f}"
            )
    pooled = [held_pred[i] for i in range(len(labels))]
    ba, acc = balanced_accuracy(labels, pooled), accuracy(labels, pooled)
    if verbose:
        print(
            f"CV ({k} folds, seed {seed}): balanced acc {ba:.3f} "
            f"(fold mean {statistics.mean(fold_ba):.3f} +- {statistics.pstdev(fold_ba):.3f}), "
            f"3-way acc {acc:.3f} "
            f"(fold mean {statistics.mean(fold_acc):.3f} +- {statistics.pstdev(fold_acc):.3f})"
        )
    return ba, acc, chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA), help="WiCE JSONL file")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=10, help="also report CV over this many seeds")
    ap.add_argument("--no-cache", action="store_true", help="do not cache extracted passages")
    ap.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="checker option to try (e.g. top_k=3); repeatable",
    )
    args = ap.parse_args(argv)

    options = {}
    for o in args.option:
        k, v = o.split("=", 1)
        options[k] = int(v) if v.isdigit() else float(v)

    t0 = time.perf_counter()
    examples = load(args.data, use_cache=not args.no_cache)
    print(f"{len(examples)} examples from {args.data} (extraction/cache {time.perf_counter() - t0:.1f}s)")
    labels = [e["label"] for e in examples]
    print("labels:", {lab: labels.count(lab) for lab in LABELS})

    checker = LexicalChecker(**options)
    scores, times, sizes = [], [], []
    for e in examples:
        src = [SourceText(source=1, passages=e["passages"])]
        t = time.perf_counter()
        res = checker.check(e["claim"], src)
        times.append(time.perf_counter() - t)
        sizes.append(len(e["passages"]))
        scores.append(res.score)
    print(
        f"check time per claim: mean {1000 * statistics.mean(times):.1f} ms, "
        f"median {1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms "
        f"(passages per example: median {statistics.median(sizes):.0f}, max {max(sizes)})"
    )

    # Cross-validation.
    cross_validate(scores, labels, args.folds, args.seed)
    t_sup_all, t_part_all = choose(scores, labels)
    print(f"thresholds chosen on all examples: t_sup={t_sup_all:.2f} t_part={t_part_all:.2f}")

    preds = predict(scores, checker.t_supported, checker.t_partial)
    print(
        f"shipped defaults t_sup={checker.t_supported:.2f} t_part={checker.t_partial:.2f}, in-sample: "
        f"balanced acc {balanced_accuracy(labels, preds):.3f}, 3-way acc {accuracy(labels, preds):.3f}"
    )
    plain = [s >= checker.t_supported for s in scores]
    for lab in LABELS:
        idx = [i for i, x in enumerate(labels) if x == lab]
        print(
            f"  {lab:20s} n={len(idx):3d}  mean score {statistics.mean(scores[i] for i in idx):.3f}  "
            f"predicted supported {sum(plain[i] for i in idx) / len(idx):.2f}"
        )
    if args.seeds > 1:
        runs = [cross_validate(scores, labels, args.folds, sd, verbose=False) for sd in range(args.seeds)]
        print(
            f"CV over seeds 0..{args.seeds - 1}: balanced acc "
            f"{statistics.mean(r[0] for r in runs):.3f} (min {min(r[0] for r in runs):.3f}, "
            f"max {max(r[0] for r in runs):.3f}), 3-way acc {statistics.mean(r[1] for r in runs):.3f}; "
            f"t_sup chosen {sorted({t for r in runs for t, _ in r[2]})}, "
            f"t_part chosen {sorted({t for r in runs for _, t in r[2]})}"
        )

    base = [plain_overlap(e["claim"], e["passages"]) for e in examples]
    ba, acc, _ = cross_validate(base, labels, args.folds, args.seed, verbose=False)
    print(f"reference, plain word overlap with the whole page: CV balanced acc {ba:.3f}, 3-way acc {acc:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
