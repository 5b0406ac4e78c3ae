"""Main-text extraction quality on the shared article pages.

Data: the Zyte (Scrapinghub) article-extraction benchmark, MIT licence, 121
pages in ``../shared/data/article-extraction`` with human-extracted article
bodies. Metric, as the benchmark defines it: precision, recall and F1 of
word 4-shingles of the extracted text against ``articleBody``, averaged over
pages.

Usage::

    .venv/bin/python benchmarks/extraction_f1.py [--shared ../shared]

Prints mean precision, recall and F1 of citewatch's ``main`` text
(trafilatura) and of its ``full`` text (every visible block), and seconds per
page of :func:`citewatch.extract.extract`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citewatch.extract import extract  # noqa: E402


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))} if words else set()


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    tp = len(p & g)
    precision = tp / len(p) if p else 0.0
    recall = tp / len(g) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    data = args.shared / "data" / "article-extraction"
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    scores = {"main": [], "full": []}
    elapsed = 0.0
    for sha, item in sorted(truth.items()):
        html = gzip.decompress((data / "html" / f"{sha}.html.gz").read_bytes())
        t0 = time.perf_counter()
        ex = extract(html, "text/html", item.get("url"))
        elapsed += time.perf_counter() - t0
        scores["main"].append(prf(ex.main_text, item["articleBody"]))
        scores["full"].append(prf(ex.full_text, item["articleBody"]))
    n = len(truth)
    for name, rows in scores.items():
        p, r, f = (sum(x[i] for x in rows) / n for i in range(3))
        print(f"{name:<5} text: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (n={n})")
    print(f"extract(): {elapsed / n * 1000:.0f} ms per page on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
