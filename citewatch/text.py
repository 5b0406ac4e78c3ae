"""Plain-text helpers shared by the importers and the extractor: sentence
splitting that does not break at abbreviations, and tokenisation.

Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["split_sentences", "sentence_spans", "normalize_space", "fold", "slugify", "ABBREVIATIONS"]

#: Lower-cased abbreviations (without the final period) after which a period
#: does not end a sentence. Titles, corporate suffixes, Latin and reference
#: abbreviations, months, U.S. state and address abbreviations.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st rev gen col lt sgt capt cmdr gov sen rep pres hon
    inc ltd co corp llc plc bros assn dept univ inst intl natl
    e.g i.e etc vs cf al approx est ca viz
    no nos vol vols p pp ch sec fig figs ed eds art para op ibid
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n e.u d.c a.m p.m u.s.a ph.d b.a m.a
    ave blvd rd mt ft
    """.split()
)

# A candidate sentence end: ., ! or ? (optionally followed by closing quotes or
# brackets), then white space, then something that can start a sentence.
# The lookbehind and possessive quantifiers keep the scan linear on runs of
# punctuation ("!!!!...") that would otherwise be retried from every position.
_END = re.compile(r"""(?<![.!?])[.!?]++["'\u201d\u2019)\]]*+(?=\s+["'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])""")
_WORD_BEFORE = re.compile(r"(\S+)$")
_LOOKBACK = 64  # characters looked at before a period to find its word


def normalize_space(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at index ``dot`` belongs to an abbreviation."""
    m = _WORD_BEFORE.search(text, max(0, dot - _LOOKBACK), dot)
    if not m:
        return False
    word = m.group(1).lstrip("(\"'\u201c\u2018[")
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "D.C", "U.S".
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):
        return True
    return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences, returning character spans.

    A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes) followed by
    white space and an upper-case letter, digit or opening quote, except after
    a known abbreviation (``Inc.``, ``e.g.``, ``No. 5``), an initial
    (``J. Smith``) or a dotted acronym (``U.S.``, ``Washington, D.C. until``).
    Line breaks that separate blocks (two or more newlines) also end a
    sentence.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character offsets into ``text``, in order, each
        stripped of surrounding white space; empty sentences are dropped.
    """
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        bstart = block.start()
        chunk = block.group(0)
        start = 0
        for m in _END.finditer(chunk):
            end = m.end()
            if chunk[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(chunk, m.start()):
                continue
            spans.append((bstart + start, bstart + end))
            start = end
        spans.append((bstart + start, bstart + len(chunk)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences. See :func:`sentence_spans`.

    Returns
    -------
    list of str
        The sentences, white space inside each collapsed to single spaces.
    """
    return [normalize_space(text[s:e]) for s, e in sentence_spans(text)]


def fold(text: str) -> str:
    """Case-fold and strip accents, for matching (``Café`` -> ``cafe``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(name: str) -> str:
    """A lower-case ASCII slug of ``name`` for ids and file names.

    ``"Cities Alliance"`` gives ``"cities-alliance"``; at most 150
    characters; ``"claim"`` when nothing is left.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug[:150].strip("-") or "claim"
