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

The checker's verdict is the verdict of its score under two thresholds,
lowered to the *cap* its rules set (a key term missing from the evidence, a
conflicting number, a negation on one side, a quantifier or an opposite word
the page does not back, a speaker not where the quotation is: see
:mod:`citewatch.check.lexical`); neither score nor cap depends on the
thresholds the script tries (the rules' test of a passage that "says the
rest of the claim" uses the checker's own ``t_supported``, 0.6). So the
script checks every claim once, keeping score and cap, then picks
``t_supported`` (best balanced accuracy of supported vs the rest)
and ``t_partial`` (best 3-way accuracy given ``t_supported``) by k-fold
cross-validation, verdicts lowered to their caps: thresholds are chosen on
k-1 folds and measured on the held-out fold. It prints the check time per
claim, how many verdicts the rules capped and which rules wrote notes
(with the ``supported`` verdicts whose evidence is scattered over a page),
the cross-validated figures, the thresholds of every fold, the in-sample
figures and confusion of the checker's shipped defaults, and the
cross-validated figures of the same checker with its rules switched off.
With ``--faults`` it also checks sentences of each cited page against
their own page, unchanged and with one fact changed (a number, an inserted
"not", a name swapped for one of another page, "all" made "some" and back,
a word swapped for its opposite, the speaker of "X said" swapped for
another name of the page), with and without the rules: how often a changed
fact still comes out supported, and the check time. With ``--pairs`` it
checks true claims made of a page's own text against that page: two
adjacent sentences of the human-extracted article body of each of the 121
shared article pages (Zyte article-extraction benchmark) joined as one
claim, and each paragraph of two sentences or more, all of which should
come out supported; it prints how many do not, how many of those are a
false conflict (``not_supported`` with a "conflict" note) and which rules
spoke; then a seeded share of the same claims with one fact changed, as
``--faults`` changes a sentence, to show the rules at work on claims of
several sentences.

Usage::

    .venv/bin/python benchmarks/checker_cv.py --data /work/shared/data/wice/dev.jsonl [--faults] [--pairs]
    .venv/bin/python benchmarks/checker_cv.py --pairs --no-cv   # the article pairs only

``--option NAME=VALUE`` passes an option to the checker (``top_k=3``,
``key_terms=0``, ``one_place=1``...). Extracted passages are cached in the
system temp folder (keyed by the data file and the source of the extractor
and of the sentence splitter) to speed up reruns; ``--no-cache`` skips it.
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
from citewatch import text as text_mod
from citewatch.check import LexicalChecker, SourceText
from citewatch.extract import Passage, extract

LABELS = ("supported", "partially_supported", "not_supported")
DEFAULT_DATA = "/work/shared/data/wice/dev.jsonl"
DEFAULT_ARTICLES = "/work/shared/data/article-extraction"
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
        raw + inspect.getsource(extract_mod).encode() + inspect.getsource(text_mod).encode()
        + RENDER_VERSION.encode()
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


def predict(
    scores: list[float], t_sup: float, t_part: float, caps: list[str | None] | None = None
) -> list[str]:
    """Verdicts of the scores under two thresholds, each lowered to its cap
    (the best verdict the checker's rules allow, None for no cap), as the
    checker does."""
    out = []
    for i, s in enumerate(scores):
        v = "supported" if s >= t_sup else "partially_supported" if s >= t_part else "not_supported"
        cap = caps[i] if caps is not None else None
        if cap is not None and LABELS.index(cap) > LABELS.index(v):
            v = cap
        out.append(v)
    return out


GRID = [i / 100 for i in range(101)]
#: The checker's switches of its rules (see :mod:`citewatch.check.lexical`).
RULES = ("key_terms", "conflicts", "polarity", "quantifiers", "opposites", "speakers")


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


def choose(
    scores: list[float], labels: list[str], caps: list[str | None] | None = None
) -> tuple[float, float]:
    """Pick ``(t_sup, t_part)`` on training examples.

    ``t_sup`` maximises balanced accuracy of supported vs the rest;
    ``t_part`` (at most ``t_sup``) then maximises 3-way accuracy. Verdicts
    are lowered to their caps throughout.
    """
    ba = [balanced_accuracy(labels, predict(scores, t, -1.0, caps)) for t in GRID]
    t_sup = _plateau_middle(ba, max(ba))
    acc = [
        accuracy(labels, predict(scores, t_sup, t, caps)) if t <= t_sup else -1.0 for t in GRID
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
    scores: list[float],
    labels: list[str],
    k: int,
    seed: int,
    verbose: bool = True,
    caps: list[str | None] | None = None,
) -> tuple[float, float, list[tuple[float, float]]]:
    """k-fold CV of the thresholds (verdicts lowered to ``caps``, if given).

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
        sub = (lambda idx: [caps[i] for i in idx]) if caps is not None else (lambda idx: None)
        t_sup, t_part = choose([scores[i] for i in train], [labels[i] for i in train], sub(train))
        chosen.append((t_sup, t_part))
        preds = predict([scores[i] for i in test], t_sup, t_part, sub(test))
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


_NUMBER = re.compile(r"(?<![\d.,])\d{1,4}(?![\d.,]?\d)")
_AUX = re.compile(r"\b(is|was|are|were|has|had|will)\b (?!not\b)")
_MID_NAME = re.compile(r"(?<=[a-z] )[A-Z][a-z]{3,}(?: [A-Z][a-z]{3,})?")
# Quantifier swaps: a universal made existential and back.
_ALL = re.compile(r"\b(all|every|All|Every)\b(?! of\b)(?!-)")
_SOME = re.compile(r"\b(some|Some)\b(?! \d)")
# Opposite words, as written (both directions are used): pairs of the
# checker's list of opposites (rule 5), and pairs that are not on it, to
# show what the list misses.
_OPPOSITE_FORMS = [
    ("increased", "decreased"), ("increase", "decrease"), ("increases", "decreases"),
    ("rose", "fell"), ("rise", "fall"), ("rises", "falls"), ("risen", "fallen"),
    ("won", "lost"), ("win", "lose"), ("wins", "loses"), ("winning", "losing"),
    ("confirmed", "denied"), ("approved", "rejected"), ("accepted", "rejected"),
    ("opened", "closed"), ("allowed", "banned"), ("supported", "opposed"),
    ("gained", "lost"), ("largest", "smallest"), ("highest", "lowest"),
    ("oldest", "youngest"), ("best", "worst"), ("higher", "lower"), ("larger", "smaller"),
    ("included", "excluded"), ("male", "female"), ("men", "women"),
    ("public", "private"), ("legal", "illegal"), ("guilty", "innocent"),
    ("bought", "sold"), ("hired", "fired"), ("succeeded", "failed"),
    ("imported", "exported"), ("improved", "worsened"), ("survived", "died"),
    ("grew", "shrank"), ("before", "after"), ("more", "less"),
]
_UNLISTED_FORMS = [
    ("first", "last"), ("early", "late"), ("earlier", "later"), ("above", "below"),
    ("north", "south"), ("east", "west"), ("inside", "outside"),
]
def _swap_table(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], re.Pattern[str]]:
    table = {a: b for a, b in pairs} | {b: a for a, b in pairs}
    return table, re.compile(r"\b(" + "|".join(sorted(table, key=len, reverse=True)) + r")\b")


_OPPOSITE_OF, _OPPOSITE_WORD = _swap_table(_OPPOSITE_FORMS)
_UNLISTED_OF, _UNLISTED_WORD = _swap_table(_UNLISTED_FORMS)

# The speaker of reported speech: 'X said', 'X told', 'said X' (a name of
# one or two capitalised words).
_NAME_RE = r"[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?"
_SPEAKER = re.compile(rf"\b(?P<a>{_NAME_RE}) (?:said|says|told)\b|(?<=[,\"\u201d] )said (?P<b>{_NAME_RE})")

_CALENDAR = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)

#: The kinds of synthetic fault, in the order they are printed.
FAULT_KINDS = (
    "unchanged", "number", "negation", "name", "all->some", "some->all", "opposite", "unlisted", "speaker",
)


def fault_variants(sentence: str, rng: random.Random, names: list[str]) -> dict[str, str]:
    """The sentence and copies with one fact changed.

    Parameters
    ----------
    sentence : str
        A sentence of a cited page.
    rng : random.Random
        Picks which number, name or word is changed.
    names : list of str
        Capitalised names of all the pages, for name swaps.

    Returns
    -------
    dict of str to str
        ``"unchanged"``: the sentence; ``"number"``: a number (1-4 digits)
        moved by 1, 2, 3 or 10; ``"negation"``: a "not" after the first
        "is", "was", "has"...; ``"name"``: a capitalised name inside the
        sentence swapped for a name from another page; ``"all->some"``:
        "all"/"every" made "some" (a weaker claim, which the page still
        supports: "some" is true where "all" is); ``"some->all"``: "some"
        made "all" (a stronger claim); ``"opposite"``: a word of
        :data:`_OPPOSITE_FORMS` replaced by its opposite ("rose" /
        "fell"); ``"unlisted"``: a word of :data:`_UNLISTED_FORMS`
        ("first"/"last", "north"/"south"...: pairs the checker does not
        know) replaced by its opposite. Kinds that do not apply are left
        out.
    """
    out = {"unchanged": sentence}
    nums = list(_NUMBER.finditer(sentence))
    if nums:
        m = rng.choice(nums)
        v = int(m.group(0))
        new = v + rng.choice([1, 2, 3, 10]) if v > 31 or rng.random() < 0.5 else (v - 1 or v + 1)
        out["number"] = sentence[: m.start()] + str(new) + sentence[m.end() :]
    aux = _AUX.search(sentence)
    if aux:
        out["negation"] = sentence[: aux.end(1)] + " not" + sentence[aux.end(1) :]
    spots = list(_MID_NAME.finditer(sentence))
    if spots:
        m = rng.choice(spots)
        new = rng.choice(names)
        if new.split()[0] not in sentence:
            out["name"] = sentence[: m.start()] + new + sentence[m.end() :]
    out.update(word_swaps(sentence))
    return out


def speaker_swap(sentence: str, page_names: list[str]) -> dict[str, str]:
    """The sentence with the speaker of its reported speech swapped.

    Parameters
    ----------
    sentence : str
        A sentence of a cited page.
    page_names : list of str
        The capitalised names of the same page.

    Returns
    -------
    dict of str to str
        ``{"speaker": ...}``: the speaker ("X said", "X told", '..., said
        X') replaced by another name of the page (not a month or weekday,
        sharing no word with it, not in the sentence; drawn with a
        generator seeded by the sentence), so that the page has both names
        but not where the claim puts them. Empty if the sentence reports no
        named speaker or the page has no other name.
    """
    m = _SPEAKER.search(sentence)
    if not m:
        return {}
    group = "a" if m.group("a") else "b"
    who = m.group(group)
    others = [
        x for x in page_names
        if x.split()[0] not in _CALENDAR
        and x not in sentence
        and not set(x.split()) & set(who.split())
        and x.split()[-1] not in sentence
    ]
    if not others:
        return {}
    new = random.Random(sentence).choice(others)
    return {"speaker": sentence[: m.start(group)] + new + sentence[m.end(group) :]}


def word_swaps(sentence: str) -> dict[str, str]:
    """The quantifier and opposite-word variants of :func:`fault_variants`.

    Parameters
    ----------
    sentence : str
        A sentence of a cited page.

    Returns
    -------
    dict of str to str
        ``"all->some"``, ``"some->all"``, ``"opposite"``, ``"unlisted"``,
        each present only if it applies. The first quantifier is swapped;
        the opposite word is drawn with a generator seeded by the sentence,
        so that these kinds do not change the draws of the others. A word
        whose opposite is in the sentence too is not swapped.
    """
    out = {}
    m = _ALL.search(sentence)
    if m:
        some = "Some" if m.group(1)[0].isupper() else "some"
        out["all->some"] = sentence[: m.start()] + some + sentence[m.end() :]
    m = _SOME.search(sentence)
    if m:
        every = "All" if m.group(1)[0].isupper() else "all"
        out["some->all"] = sentence[: m.start()] + every + sentence[m.end() :]
    for kind, pattern, table in (
        ("opposite", _OPPOSITE_WORD, _OPPOSITE_OF),
        ("unlisted", _UNLISTED_WORD, _UNLISTED_OF),
    ):
        # A word whose opposite is in the sentence too ("men and women")
        # would give "women and women": left out.
        spots = [m for m in pattern.finditer(sentence) if not re.search(rf"\b{table[m.group(1)]}\b", sentence)]
        if spots:
            m = random.Random(sentence).choice(spots)
            out[kind] = sentence[: m.start()] + table[m.group(1)] + sentence[m.end() :]
    return out


def fault_test(
    examples: list[dict], checkers: dict[str, LexicalChecker], seed: int = 0, per_page: int = 6
) -> dict[tuple[str, str], dict[str, int]]:
    """Synthetic faults: sentences of each cited page, checked against their
    own page unchanged and with one fact changed (see :func:`fault_variants`).

    Parameters
    ----------
    examples : list of dict
        As :func:`load` returns them.
    checkers : dict of str to LexicalChecker
        The checkers to compare, by label.
    seed : int
        Seed of the choice of sentences and changes.
    per_page : int
        Sentences (of 60 to 300 characters) taken from each page. Every
        page sentence with a quantifier or an opposite word is also taken
        for those kinds, and every one with a named speaker for
        :func:`speaker_swap`, since few are.

    Returns
    -------
    dict
        ``(kind, checker label) -> {verdict: count}``; the shares are
        printed, with the median and maximum check time of each kind.
    """
    rng = random.Random(seed)
    names = sorted({m.group(0) for e in examples for p in e["passages"] for m in _MID_NAME.finditer(p.text)})
    counts: dict[tuple[str, str], dict[str, int]] = {}
    times: dict[str, list[float]] = {}
    for e in examples:
        src = [SourceText(source=1, passages=e["passages"])]
        texts = sorted({p.text for p in e["passages"] if 60 <= len(p.text) <= 300})
        rng.shuffle(texts)
        rare = [
            t for t in texts[per_page:]
            if _ALL.search(t) or _SOME.search(t) or _OPPOSITE_WORD.search(t) or _UNLISTED_WORD.search(t)
        ]
        page_names = sorted({m.group(0) for p in e["passages"] for m in _MID_NAME.finditer(p.text)})
        jobs = [fault_variants(t, rng, names) for t in texts[:per_page]] + [word_swaps(t) for t in rare]
        jobs += [speaker_swap(t, page_names) for t in texts]
        for variants in jobs:
            for kind, claim in variants.items():
                for label, checker in checkers.items():
                    row = counts.setdefault((kind, label), dict.fromkeys(LABELS, 0))
                    t = time.perf_counter()
                    row[checker.check(claim, src).verdict.value] += 1
                    times.setdefault(label, []).append(time.perf_counter() - t)
    for kind in FAULT_KINDS:
        for label in checkers:
            row = counts.get((kind, label))
            if row is None:
                continue
            n = sum(row.values())
            shares = ", ".join(f"{v} {row[v] / n:.2f}" for v in LABELS)
            print(f"  {kind:9s} {label:14s} n={n:4d}: {shares}")
    for label, ts in times.items():
        print(
            f"  check time, {label}: median {1000 * statistics.median(ts):.1f} ms, "
            f"max {1000 * max(ts):.1f} ms over {len(ts)} checks"
        )
    return counts


def article_claims(articles: Path, min_len: int = 20, max_len: int = 400) -> list[tuple[list[Passage], list[tuple[str, str]]]]:
    """True claims made of the text of the shared article pages.

    Parameters
    ----------
    articles : pathlib.Path
        The article-extraction folder (``ground-truth.json`` with the
        ``articleBody`` of each page, ``html/<sha>.html.gz``); read in place.
    min_len, max_len : int
        Bounds on the length of each sentence of a pair.

    Returns
    -------
    list of (passages, claims)
        Per page, its passages (the page through
        :func:`citewatch.extract.extract`) and its claims ``(kind, text)``:
        ``"pair"``, two adjacent sentences of the article body (sentences
        of :func:`citewatch.text.split_sentences`, each paragraph split on
        its own, pairs taken across paragraph ends too) joined by a space,
        each sentence of ``min_len`` to ``max_len`` characters;
        ``"paragraph"``, a paragraph of the body of two sentences or more
        (at most 3,000 characters).
    """
    import gzip

    truth = json.loads((articles / "ground-truth.json").read_text("utf-8"))
    out = []
    for sha in sorted(truth):
        page = gzip.decompress((articles / "html" / f"{sha}.html.gz").read_bytes())
        passages = extract(page, "text/html").passages
        body = truth[sha].get("articleBody") or ""
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        sentences = [s for p in paragraphs for s in text_mod.split_sentences(p)]
        claims = [
            ("pair", a + " " + b)
            for a, b in zip(sentences, sentences[1:])
            if min_len <= len(a) <= max_len and min_len <= len(b) <= max_len
        ]
        claims += [
            ("paragraph", text_mod.normalize_space(p))
            for p in paragraphs
            if len(text_mod.split_sentences(p)) >= 2 and len(p) <= 3000
        ]
        out.append((passages, claims))
    return out


def pairs_test(
    articles: Path, checker: LexicalChecker, show: int = 0, faults: float = 0.35, seed: int = 0
) -> dict[str, dict[str, int]]:
    """Check the true claims of :func:`article_claims` against their page,
    and a share of them with one fact changed.

    Parameters
    ----------
    articles : pathlib.Path
        The article-extraction folder.
    checker : LexicalChecker
    show : int
        Print this many claims of each kind that are not supported, with
        the checker's notes.
    faults : float
        Share of the claims (drawn with ``seed``) also checked with one
        fact changed, as :func:`fault_variants` and :func:`speaker_swap`
        change a page sentence: the rules on claims of several sentences.

    Returns
    -------
    dict
        ``kind -> counts``: ``n``, ``supported``, ``partially_supported``,
        ``not_supported``, ``conflict`` (a "conflict" note on a
        not_supported verdict: a false conflict) and one count per kind of
        note on a verdict below supported; ``"<kind> <fault>"`` -> verdict
        counts of the changed claims. The shares and check times are
        printed.
    """
    pages = article_claims(articles)
    rng = random.Random(seed)
    names = sorted({m.group(0) for ps, _ in pages for p in ps for m in _MID_NAME.finditer(p.text)})
    changed: dict[str, dict[str, int]] = {}
    counts: dict[str, dict[str, int]] = {}
    times: dict[str, list[float]] = {}
    shown: dict[str, int] = {}
    for passages, claims in pages:
        src = [SourceText(source=1, passages=passages)]
        page_names = sorted({m.group(0) for p in passages for m in _MID_NAME.finditer(p.text)})
        for kind, claim in claims:
            if rng.random() < faults:
                variants = fault_variants(claim, rng, names)
                variants.update(speaker_swap(claim, page_names))
                for fault, text in variants.items():
                    if fault != "unchanged":
                        row = changed.setdefault(f"{kind} {fault}", dict.fromkeys(LABELS, 0))
                        row[checker.check(text, src).verdict.value] += 1
            row = counts.setdefault(kind, {"n": 0, **dict.fromkeys(LABELS, 0), "conflict": 0})
            t = time.perf_counter()
            res = checker.check(claim, src)
            times.setdefault(kind, []).append(time.perf_counter() - t)
            row["n"] += 1
            row[res.verdict.value] += 1
            if res.verdict.value == "supported":
                continue
            kinds = sorted({n.split(":")[0] for n in res.notes})
            if res.verdict.value == "not_supported" and "conflict" in kinds:
                row["conflict"] += 1
            for k in kinds:
                row["note: " + k] = row.get("note: " + k, 0) + 1
            if shown.get(kind, 0) < show:
                shown[kind] = shown.get(kind, 0) + 1
                print(f"  [{kind}] {res.verdict.value} {res.score:.2f} {claim[:300]!r}")
                for note in res.notes:
                    print(f"      {note}")
    for kind, row in counts.items():
        n = row["n"]
        bad = n - row["supported"]
        ts = times[kind]
        print(
            f"  {kind:9s} n={n:5d}: not supported {bad} ({bad / n:.1%}): partially {row['partially_supported']}, "
            f"not_supported {row['not_supported']}, false conflicts {row['conflict']} ({row['conflict'] / n:.1%}); "
            f"check time median {1000 * statistics.median(ts):.1f} ms, max {1000 * max(ts):.1f} ms"
        )
        notes = {k[6:]: v for k, v in row.items() if k.startswith("note: ")}
        print(f"            notes on the verdicts below supported: {notes}")
    print(f"  the same claims with one fact changed ({faults:.0%} of them, seed {seed}), share of verdicts:")
    for key in sorted(changed, key=lambda k: (k.split()[0], FAULT_KINDS.index(k.split()[1]))):
        row = changed[key]
        n = sum(row.values())
        print(f"    {key:20s} n={n:5d}: " + ", ".join(f"{v} {row[v] / n:.2f}" for v in LABELS))
    counts.update({k: {"n": sum(v.values()), **v} for k, v in changed.items()})
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA), help="WiCE JSONL file")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=10, help="also report CV over this many seeds")
    ap.add_argument("--no-cache", action="store_true", help="do not cache extracted passages")
    ap.add_argument(
        "--faults",
        action="store_true",
        help="also check page sentences with a number, negation or name changed (synthetic faults)",
    )
    ap.add_argument(
        "--pairs",
        action="store_true",
        help="also check true claims of the shared article pages (adjacent sentence pairs, paragraphs)",
    )
    ap.add_argument("--articles", type=Path, default=Path(DEFAULT_ARTICLES), help="article-extraction folder")
    ap.add_argument("--show", type=int, default=0, help="with --pairs: print this many failures of each kind")
    ap.add_argument("--no-cv", action="store_true", help="skip the WiCE cross-validation (with --pairs)")
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

    if args.no_cv:
        if args.pairs:
            print(f"true claims of the article pages in {args.articles}, checked against their page:")
            pairs_test(args.articles, LexicalChecker(**options), show=args.show, seed=args.seed)
        return 0

    t0 = time.perf_counter()
    examples = load(args.data, use_cache=not args.no_cache)
    print(f"{len(examples)} examples from {args.data} (extraction/cache {time.perf_counter() - t0:.1f}s)")
    labels = [e["label"] for e in examples]
    print("labels:", {lab: labels.count(lab) for lab in LABELS})

    checker = LexicalChecker(**options)
    scores, times, sizes = [], [], []
    caps: list[str | None] = []
    verdicts: list[str] = []
    notes: list[list[str]] = []
    for e in examples:
        src = [SourceText(source=1, passages=e["passages"])]
        t = time.perf_counter()
        res = checker.check(e["claim"], src)
        times.append(time.perf_counter() - t)
        sizes.append(len(e["passages"]))
        scores.append(res.score)
        verdicts.append(res.verdict.value)
        notes.append(list(res.notes))
        cap = getattr(res, "cap", None)
        caps.append(cap.value if cap is not None else None)
    print(
        f"check time per claim: mean {1000 * statistics.mean(times):.1f} ms, "
        f"median {1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms "
        f"(passages per example: median {statistics.median(sizes):.0f}, max {max(sizes)})"
    )

    # What the rules of the checker (key terms, conflicts, polarity) capped.
    for cap in ("partially_supported", "not_supported"):
        per = {lab: sum(1 for c, x in zip(caps, labels) if c == cap and x == lab) for lab in LABELS}
        print(f"verdicts capped at {cap}, by gold label: {per}")

    # Which rules spoke (one count per claim and kind of note), and how
    # many supported verdicts have their terms from separate places.
    kinds: dict[str, int] = {}
    for ns in notes:
        for kind in sorted({n.split(":")[0] for n in ns}):
            kinds[kind] = kinds.get(kind, 0) + 1
    print("claims with a note, by kind:", kinds)
    scattered = {
        lab: sum(1 for v, ns, x in zip(verdicts, notes, labels)
                 if v == "supported" and x == lab and any(n.startswith("scattered") for n in ns))
        for lab in LABELS
    }
    print(
        f"supported verdicts (shipped thresholds) with a 'scattered' note, by gold label: {scattered} "
        f"of {verdicts.count('supported')}"
    )

    # Cross-validation.
    cross_validate(scores, labels, args.folds, args.seed, caps=caps)
    t_sup_all, t_part_all = choose(scores, labels, caps)
    print(f"thresholds chosen on all examples: t_sup={t_sup_all:.2f} t_part={t_part_all:.2f}")

    preds = predict(scores, checker.t_supported, checker.t_partial, caps)
    print(
        f"shipped defaults t_sup={checker.t_supported:.2f} t_part={checker.t_partial:.2f}, in-sample: "
        f"balanced acc {balanced_accuracy(labels, preds):.3f}, 3-way acc {accuracy(labels, preds):.3f}"
    )
    for lab in LABELS:
        row = {v: sum(1 for x, p in zip(labels, preds) if x == lab and p == v) for v in LABELS}
        print(f"  gold {lab:20s} -> {row}")
    plain = [p == "supported" for p in preds]
    for lab in LABELS:
        idx = [i for i, x in enumerate(labels) if x == lab]
        print(
            f"  {lab:20s} n={len(idx):3d}  mean score {statistics.mean(scores[i] for i in idx):.3f}  "
            f"predicted supported {sum(plain[i] for i in idx) / len(idx):.2f}"
        )
    if args.seeds > 1:
        runs = [
            cross_validate(scores, labels, args.folds, sd, verbose=False, caps=caps)
            for sd in range(args.seeds)
        ]
        print(
            f"CV over seeds 0..{args.seeds - 1}: balanced acc "
            f"{statistics.mean(r[0] for r in runs):.3f} (min {min(r[0] for r in runs):.3f}, "
            f"max {max(r[0] for r in runs):.3f}), 3-way acc {statistics.mean(r[1] for r in runs):.3f}; "
            f"t_sup chosen {sorted({t for r in runs for t, _ in r[2]})}, "
            f"t_part chosen {sorted({t for r in runs for _, t in r[2]})}"
        )

    rules = tuple(r for r in RULES if hasattr(checker, r))
    bare = LexicalChecker(**{**options, **dict.fromkeys(rules, False)})
    if any(getattr(checker, r, False) for r in rules):
        raw = [bare.check(e["claim"], [SourceText(source=1, passages=e["passages"])]).score for e in examples]
        ba, acc, _ = cross_validate(raw, labels, args.folds, args.seed, verbose=False)
        preds = predict(raw, bare.t_supported, bare.t_partial)
        print(
            f"same checker without its rules: CV balanced acc {ba:.3f}, 3-way acc {acc:.3f}; "
            f"shipped defaults in-sample {balanced_accuracy(labels, preds):.3f}, {accuracy(labels, preds):.3f}"
        )
    if args.faults:
        print("synthetic faults, page sentences checked against their own page (share of verdicts):")
        fault_test(examples, {"checker": checker, "without rules": bare}, seed=args.seed)
    if args.pairs:
        print(f"true claims of the article pages in {args.articles}, checked against their page:")
        pairs_test(args.articles, checker, show=args.show, seed=args.seed)
    base = [plain_overlap(e["claim"], e["passages"]) for e in examples]
    ba, acc, _ = cross_validate(base, labels, args.folds, args.seed, verbose=False)
    print(f"reference, plain word overlap with the whole page: CV balanced acc {ba:.3f}, 3-way acc {acc:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
