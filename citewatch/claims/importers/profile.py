"""Import a sourced profile (plain text with footnote numbers) as claims.

The input is the text of a profile page such as an InfluenceWatch profile,
copied as plain text::

    Other Group

    Cities Alliance

    Parent Organization:

    United Nations Office for Project Services (UNOPS)

    The Cities Alliance is an international development organization. It
    provides funding to cities. 1 2 3

      1. “Overview.” Cities Alliance. Accessed September 30, 2023. https://...
      2. Mukhija, Vinit. “Challenges ...” Science Direct. 2005. https://...
    See an error? Let us know!

* Paragraphs are separated by blank lines. A paragraph whose last tokens are
  footnote numbers, after its final sentence-ending punctuation
  (``... Development. 1 2 3``, ``... girls.” 7``), cites those sources; every
  sentence of it becomes a claim citing all of them. A paragraph without
  footnote numbers gives uncited claims (``sources: []``).
* Page furniture gives no claims: short blocks without sentence-ending
  punctuation (headings, the profile name, infobox values), labels ending in
  ``:`` and, before the first paragraph, the value that follows a label or a
  ``Label: value`` line, and boilerplate such as "Contact ... with suggested
  edits ..." or "See an error? Let us know!" (also when glued to the end of
  another line).
* The reference list is the last run of lines starting at ``1.``; each
  numbered item is ``[Author.] “Title.” Publisher. [Date.] [Accessed <date>.]
  URL`` (curly or straight quotes); a non-numbered line directly below an
  item continues it. A URL that is a Wayback Machine memento
  (``https://web.archive.org/web/<timestamp>/<original>``) gives the original
  as ``url`` and the memento as ``archive_url``.

Everything here is pure except :func:`import_profile`, which reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from citewatch.claims.models import CLAIM_ID_RE, WAYBACK_MEMENTO_RE, Claim, ClaimFile, Profile, Source, check_http_url
from citewatch.errors import ImportFormatError
from citewatch.text import ABBREVIATIONS, fold, normalize_space, sentence_spans, slugify, split_sentences

__all__ = ["parse_profile", "import_profile", "MAX_PROFILE_BYTES"]

#: Profiles larger than this many bytes are refused (16 MiB).
MAX_PROFILE_BYTES = 16 * 1024 * 1024

#: A block without sentence-ending punctuation and at most this many words is
#: a heading or infobox value, not a claim.
_MAX_FURNITURE_WORDS = 15

# --- page furniture -------------------------------------------------------

# Boilerplate of profile pages: edit/contact/error-report invitations. Each
# pattern must match from its start to the end of the line (the tail of a
# line when the boilerplate is glued to it).
_BOILERPLATE = re.compile(
    r"(?:"
    r"see an? (?:error|mistake|typo)\?"
    r"|(?:please\s+)?contact\s+\S+(?:\s+\S+){0,3}?\s+(?:with|for|to)\s+"
    r"(?:suggest(?:ed|ions?)?|edits?|corrections?|tips|updates?)\b"
    r"|(?:please\s+)?(?:suggest|submit|send us)\s+(?:an?\s+)?(?:edits?|corrections?)\b"
    r"|report an? (?:error|mistake|correction)\b"
    r"|let us know!"
    r").*$",
    re.IGNORECASE,
)
_MAX_BOILERPLATE_WORDS = 20
# Boilerplate that may be glued to the end of another line ("...overview See
# an error? Let us know!"): only phrases that cannot end a real sentence.
_GLUED_BOILERPLATE = re.compile(
    r"(?:see an? (?:error|mistake|typo)\?|contact\s+\S+(?:\s+\S+){0,3}?\s+with\s+suggested\s+edits\b).*$",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"^[^.!?:]{1,60}:$")
_LABEL_VALUE_RE = re.compile(r"^[^.!?:]{1,40}:\s+\S")
_TERMINAL_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")

# --- footnotes and references ---------------------------------------------

_REF_ITEM_RE = re.compile(r"^\s*(?P<number>\d{1,6})[.)]\s+(?P<text>\S.*)$")
_URL_RE = re.compile(r"https?://[^\s<>\"\u201c\u201d]+", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[\u201c\"](?P<title>[^\u201c\u201d\"]+?)[\u201d\"]")
_ACCESSED_RE = re.compile(r"\b(?:accessed|retrieved)\b", re.IGNORECASE)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_RE = re.compile(
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})\b"
    r"|\b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b",
    re.IGNORECASE,
)
# A publication date or year (with optional leading comma) that may trail the
# publisher segment: "Cities Alliance, 2022", "UNOPS, March 14, 2013".
_TRAILING_DATE_RE = re.compile(
    rf"(?:^|,?\s+)(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{4})\.?$",
    re.IGNORECASE,
)


@dataclass
class _Block:
    """Consecutive non-blank lines: ``lines`` holds ``(line_number, text)``."""

    lines: list[tuple[int, str]]

    @property
    def text(self) -> str:
        return normalize_space(" ".join(t for _, t in self.lines))

    @property
    def first_line(self) -> int:
        return self.lines[0][0]

    @property
    def last_line(self) -> int:
        return self.lines[-1][0]


def _words(text: str) -> int:
    return len(text.split())


def _is_boilerplate(line: str) -> bool:
    """True if the whole line is page boilerplate (edit/contact invitation)."""
    line = line.strip()
    return bool(_BOILERPLATE.match(line)) and _words(line) <= _MAX_BOILERPLATE_WORDS


def _cut_boilerplate(line: str) -> str:
    """Remove boilerplate from the line, whole or glued to its end."""
    if _is_boilerplate(line):
        return ""
    m = _GLUED_BOILERPLATE.search(line)
    if m and _words(m.group(0)) <= _MAX_BOILERPLATE_WORDS:
        return line[: m.start()].rstrip()
    return line


def _is_label(text: str) -> bool:
    return bool(_LABEL_RE.match(text))


def _is_short_fragment(text: str) -> bool:
    """A heading-like block: no sentence-ending punctuation, few words."""
    return not _TERMINAL_RE.search(text) and _words(text) <= _MAX_FURNITURE_WORDS


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NUMS = r"\d{1,4}(?:(?:\s*,\s*|\s+|\s*[-–]\s*)\d{1,4})*"
# Footnote markers: [1], [1, 2], [1-3], superscript digits, or bare numbers
# right after the end of a sentence ("... Development. 1 2 3", "... 1990. 1 It ...").
_MARKER_RE = re.compile(
    r"(?P<bracket>\[(?P<bnums>\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\])"
    r"|(?P<sup>[⁰¹²³⁴-⁹]+(?:[,\s]+[⁰¹²³⁴-⁹]+)*)"
    r"|(?<=[.!?\"'”’)\]])(?P<sp>\s*)(?P<nums>" + _NUMS + r")(?=\s+[A-Z“\"'(\[]|\s*$)"
)


def _marker_numbers(text: str) -> list[int]:
    """The footnote numbers of a marker's digits: ``1, 2``, ``1 2``, ``1-3``."""
    text = re.sub(r"\s*([-\u2013])\s*", r"\1", text.strip())
    out: list[int] = []
    for part in re.split(r"\s*,\s*|\s+", text):
        rng = re.fullmatch(r"(\d+)[-\u2013](\d+)", part)
        if rng and 0 <= int(rng[2]) - int(rng[1]) <= 50:
            out.extend(range(int(rng[1]), int(rng[2]) + 1))
        else:
            out.extend(int(x) for x in re.findall(r"\d+", part))
    return list(dict.fromkeys(out))


def _split_footnotes(text: str, known: set[int] | None = None) -> tuple[str, list[tuple[str, list[int]]]]:
    """Take the footnote markers out of a paragraph and give each sentence its footnotes.

    A footnote covers the sentences before it, back to the previous footnote
    (the usual reading of footnoted prose and of Wikipedia's inline
    citations); sentences after the last footnote are uncited. Bare numbers
    are footnotes only after a sentence end: at the end of the paragraph
    always (an unknown number is then an error the caller reports), inside
    it only when every number is in ``known`` and a capitalised sentence
    follows (so "scored 3 goals. 2 players left" stays text).

    Parameters
    ----------
    text : str
        The paragraph.
    known : set of int or None
        The reference numbers.

    Returns
    -------
    (str, list of (str, list of int))
        The text without markers, and each sentence with its footnote numbers.
    """
    pieces: list[str] = []
    marks: list[tuple[int, list[int]]] = []  # (offset in clean text, numbers)
    pos = 0
    clean_len = 0
    for m in _MARKER_RE.finditer(text):
        if m.group("bracket"):
            nums = _marker_numbers(m.group("bnums"))
        elif m.group("sup"):
            nums = _marker_numbers(m.group("sup").translate(_SUPERSCRIPTS))
        else:
            at_end = not text[m.end():].strip()
            before = text[m.start() - 2:m.start() - 1] if m.start() >= 2 else ""
            if not m.group("sp") and before.isdigit():
                continue  # "cost 3.5": a decimal, not "3." + footnote 5
            nums = _marker_numbers(m.group("nums"))
            if not at_end and (known is None or not set(nums) <= known):
                continue
        piece = text[pos:m.start()]
        pieces.append(piece)
        clean_len += len(piece)
        marks.append((clean_len, nums))
        pos = m.end()
    pieces.append(text[pos:])
    clean = "".join(pieces)
    spans = sentence_spans(clean)
    per_sentence: list[list[int]] = [[] for _ in spans]
    for offset, nums in marks:
        idx = max((i for i, (start, _) in enumerate(spans) if start < offset), default=None)
        if idx is not None:
            per_sentence[idx] = list(dict.fromkeys(per_sentence[idx] + nums))
    out: list[tuple[str, list[int]]] = []
    pending: list[int] = []
    for i, (start, end) in enumerate(spans):
        pending.append(i)
        out.append((normalize_space(clean[start:end]), []))
        if per_sentence[i]:
            for j in pending:
                out[j] = (out[j][0], per_sentence[i])
            pending = []
    return normalize_space(clean), out


def _parse_date(m: re.Match[str]) -> dt.date:
    if m.group("y1"):
        y, mo, d = m.group("y1"), _MONTHS[m.group("m1")[:3].lower()], m.group("d1")
    elif m.group("y2"):
        y, mo, d = m.group("y2"), _MONTHS[m.group("m2")[:3].lower()], m.group("d2")
    else:
        y, mo, d = m.group("y3"), int(m.group("m3")), m.group("d3")
    return dt.date(int(y), int(mo), int(d))


def _clean_url(url: str) -> str:
    """Strip sentence punctuation and unbalanced closing brackets from a URL."""
    while url:
        last = url[-1]
        if last in ".,;:!?'\u2019":
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def _memento_original(memento: re.Match[str]) -> str:
    """The original URL of a Wayback memento, with its scheme restored."""
    original = memento.group("original")
    # Some pages collapse "https://" to "https:/" inside the path.
    original = re.sub(r"^(https?):/+", r"\1://", original, flags=re.IGNORECASE)
    if not re.match(r"^https?://", original, re.IGNORECASE):
        original = "http://" + original
    return original


def _segment(text: str) -> str:
    """Strip a segment's separators and final period (kept after ``Inc.``)."""
    text = text.strip().strip(",;:").strip()
    if text.endswith(".") and not text.endswith(".."):
        last = text.split()[-1].lstrip("(\"'\u201c\u2018[")[:-1]
        if last.lower() not in ABBREVIATIONS and not re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", last):
            text = text[:-1].rstrip()
    return text


@dataclass
class _RawRef:
    number: int
    line: int
    text: str


def _parse_reference(ref: _RawRef, path: str) -> Source:
    """Turn one reference item into a :class:`Source`."""
    text = ref.text
    urls = [(m.start(), m.end(), _clean_url(m.group(0))) for m in _URL_RE.finditer(text)]
    if not urls:
        raise ImportFormatError(f"reference {ref.number} has no URL (expected http:// or https://)", path, ref.line)
    plain = [u for _, _, u in urls if not WAYBACK_MEMENTO_RE.match(u)]
    mementos = [u for _, _, u in urls if WAYBACK_MEMENTO_RE.match(u)]
    archive_url: str | None = mementos[0] if mementos else None
    # The first plain URL is the source; a memento's original stands in for it
    # when the reference gives only the memento.
    url: str | None = plain[0] if plain else _memento_original(WAYBACK_MEMENTO_RE.match(mementos[0]))
    assert url is not None
    # The description is the text without its URLs.
    desc = text
    for start, end, _ in reversed(urls):
        desc = desc[:start] + " " + desc[end:]
    desc = normalize_space(desc)

    title: str | None
    m = _QUOTED_RE.search(desc)
    if m:
        title = _segment(m.group("title")) or None
        after = desc[m.end():]
        rest = split_sentences(after)
    else:
        segments = split_sentences(desc)
        title = _segment(segments[0]) if segments else None
        if title and (_ACCESSED_RE.match(title) or _TRAILING_DATE_RE.fullmatch(title)):
            title = None
            rest = segments
        else:
            rest = segments[1:]
        after = " ".join(rest)

    publisher: str | None = None
    if rest:
        first = rest[0]
        # "Acme Inc. Accessed ..." is one sentence to the splitter.
        acc_in_first = _ACCESSED_RE.search(first)
        if acc_in_first:
            first = first[: acc_in_first.start()]
        publisher = _segment(_TRAILING_DATE_RE.sub("", _segment(first))) or None

    accessed: dt.date | None = None
    acc = _ACCESSED_RE.search(after)
    if acc:
        dm = _DATE_RE.search(after, acc.end())
        if dm is None:
            raise ImportFormatError(
                f"reference {ref.number}: cannot read the access date after {acc.group(0)!r}", path, ref.line
            )
        try:
            accessed = _parse_date(dm)
        except ValueError as exc:
            raise ImportFormatError(
                f"reference {ref.number}: bad access date {dm.group(0)!r} ({exc})", path, ref.line
            ) from None

    try:
        return Source(
            number=ref.number,
            title=title,
            publisher=publisher,
            url=url,
            accessed=accessed,
            archive_url=archive_url,
        )
    except ValidationError as exc:
        msgs = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        )
        raise ImportFormatError(f"reference {ref.number}: {msgs}", path, ref.line) from None


#: A reference longer than this (characters) is a parse error, not a reference.
_MAX_REFERENCE_CHARS = 10_000


def _reference_items(lines: list[str], start: int, path: str) -> list[_RawRef]:
    """Collect the numbered items of the reference list from ``lines[start:]``."""
    refs: list[_RawRef] = []
    blank_before = False
    for i in range(start, len(lines)):
        lineno = i + 1
        line = _cut_boilerplate(lines[i])
        if not line.strip():
            blank_before = blank_before or not lines[i].strip()
            continue
        m = _REF_ITEM_RE.match(line)
        if m:
            number = int(m.group("number"))
            if refs and number <= refs[-1].number:
                raise ImportFormatError(
                    f"reference number {number} follows reference {refs[-1].number} "
                    "(numbers must increase)", path, lineno
                )
            refs.append(_RawRef(number, lineno, normalize_space(m.group("text"))))
        elif refs and not blank_before:
            if len(refs[-1].text) > _MAX_REFERENCE_CHARS:
                raise ImportFormatError(
                    f"reference {refs[-1].number} runs on for more than {_MAX_REFERENCE_CHARS} characters "
                    "(a missing number or blank line?)", path, lineno)
            refs[-1].text = normalize_space(refs[-1].text + " " + line)
        elif _is_short_fragment(normalize_space(line)):
            pass  # furniture below the list (a heading, a footer)
        else:
            raise ImportFormatError(
                "text after the reference list is neither a numbered reference nor page furniture",
                path, lineno,
            )
        blank_before = False
    return refs


def _find_reference_list(lines: list[str]) -> int | None:
    """Index of the line starting the reference list (the last ``1.`` item)."""
    found = None
    for i, line in enumerate(lines):
        m = _REF_ITEM_RE.match(line)
        if m and int(m.group("number")) == 1:
            found = i
    return found


def _blocks(lines: list[str]) -> list[_Block]:
    """Split lines into blocks at blank lines, boilerplate removed."""
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for i, raw in enumerate(lines):
        if not raw.strip():
            if current:
                blocks.append(_Block(current))
                current = []
            continue
        line = _cut_boilerplate(raw).strip()
        if line:
            current.append((i + 1, line))
    if current:
        blocks.append(_Block(current))
    return blocks


def _slug(name: str) -> str:
    return slugify(name)


def _pick_name(candidates: list[str], body: str) -> str | None:
    """The profile's title among the header lines.

    Header lines often start with a category ("Other Group", "Nonprofit")
    before the title, so the first header line that the body text mentions
    verbatim wins; without one, the first header line.
    """
    for cand in candidates:
        if re.search(r"(?<!\w)" + re.escape(cand) + r"(?!\w)", body):
            return cand
    return candidates[0] if candidates else None


def parse_profile(
    text: str,
    *,
    name: str | None = None,
    path: str = "<string>",
    id_prefix: str | None = None,
) -> ClaimFile:
    """Parse the plain text of a sourced profile into a claim file.

    Every sentence of every paragraph becomes a claim citing the footnote
    numbers that end its paragraph; the numbered reference list gives the
    sources. See the module docstring for the accepted format.

    Parameters
    ----------
    text : str
        The profile as plain text.
    name : str or None, optional
        The profile's name. If None, the title line of the page header is
        used: the first short header line (not a label, a label's value or
        boilerplate) that the body text mentions verbatim, else the first
        such line.
    path : str, optional
        Where the text comes from, for error messages.
    id_prefix : str or None, optional
        Prefix of the claim ids (``<prefix>-001``, ``<prefix>-002``, ...).
        If None, the slug of the profile name (``cities-alliance``).

    Returns
    -------
    ClaimFile
        The profile (``url`` None), every reference as a source, and the
        claims in document order, with ids numbered from 001.

    Raises
    ------
    ImportFormatError
        With the path and 1-based line when the text has no numbered
        reference list, a reference has no URL or an unreadable access date,
        reference numbers do not increase, a paragraph cites a footnote number
        that has no reference, non-furniture text follows the reference list,
        no profile name can be found, or a claim is too long.
        Also when ``name`` is blank or longer than 500 characters, or
        ``id_prefix`` is not made of letters, digits, ``.``, ``_`` and ``-``.
    """
    if name is not None:
        name = normalize_space(name)
        if not name or len(name) > 500:
            raise ImportFormatError("the profile name must be 1 to 500 characters", path)
    if id_prefix is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,190}", id_prefix):
        raise ImportFormatError(f"id prefix {id_prefix!r} must be letters, digits, '.', '_' or '-' (at most 191)", path)

    text = text.removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)
    ref_start = _find_reference_list(lines)
    if ref_start is None:
        raise ImportFormatError(
            "no numbered reference list found (expected lines like '1. \u201cTitle.\u201d Publisher. https://...')",
            path, max((i + 1 for i, line in enumerate(lines) if line.strip()), default=1),
        )
    refs = _reference_items(lines, ref_start, path)
    sources = [_parse_reference(r, path) for r in refs]
    numbers = {s.number for s in sources}

    # Classify the body's blocks: paragraphs (claims) and furniture.
    header: list[str] = []  # name candidates before the first paragraph
    paragraphs: list[tuple[_Block, str, list[tuple[str, list[int]]]]] = []
    in_header = True
    after_label = False
    for block in _blocks(lines[:ref_start]):
        joined = block.text
        body, cited = _split_footnotes(joined, numbers)
        notes = list(dict.fromkeys(n for _, ns in cited for n in ns))
        if not notes:
            if _is_short_fragment(joined):
                if in_header:
                    for _, line in block.lines:
                        line = normalize_space(line)
                        if _is_label(line):
                            after_label = True
                        elif after_label or _LABEL_VALUE_RE.match(line):
                            after_label = False
                        else:
                            header.append(line)
                continue
            if in_header and (
                (after_label and len(block.lines) == 1 and _words(joined) <= _MAX_FURNITURE_WORDS)
                or (_LABEL_VALUE_RE.match(joined) and len(block.lines) == 1
                    and _words(joined) <= _MAX_FURNITURE_WORDS)
            ):
                after_label = False
                continue
        for n in notes:
            if n not in numbers:
                raise ImportFormatError(
                    f"footnote {n} has no reference (the reference list has "
                    f"{', '.join(str(x) for x in sorted(numbers))})", path, block.last_line,
                )
        in_header = False
        after_label = False
        paragraphs.append((block, body, cited))

    if name is None:
        name = _pick_name(header, " ".join(b for _, b, _ in paragraphs))
        if name is None:
            raise ImportFormatError("cannot find the profile's name (no title line); pass name=", path, 1)
    prefix = id_prefix if id_prefix is not None else _slug(name)

    claims: list[Claim] = []
    for block, _, cited in paragraphs:
        for sentence, notes in cited:
            cid = f"{prefix}-{len(claims) + 1:03d}"
            if not re.fullmatch(CLAIM_ID_RE, cid):
                raise ImportFormatError(f"claim id {cid!r} is not valid; choose a shorter id prefix", path)
            try:
                claims.append(Claim(id=cid, text=sentence, sources=list(notes)))
            except ValidationError as exc:
                msg = exc.errors(include_url=False)[0]["msg"]
                raise ImportFormatError(f"claim {cid}: {msg}", path, block.first_line) from None

    if not claims:
        raise ImportFormatError("no statements found above the reference list (only headings or page furniture)",
                                path, 1)
    try:
        profile = Profile(name=name, url=None)
    except ValidationError:
        raise ImportFormatError(f"the profile name found is not 1 to 500 characters: {name[:80]!r}...; pass a name",
                                path, 1) from None
    return ClaimFile(profile=profile, sources=sources, claims=claims)


def import_profile(
    path: str | Path,
    *,
    name: str | None = None,
    id_prefix: str | None = None,
) -> ClaimFile:
    """Read a profile text file (UTF-8) and parse it with :func:`parse_profile`.

    Parameters
    ----------
    path : str or pathlib.Path
        The profile file.
    name : str or None, optional
        The profile's name; if None, taken from the page header.
    id_prefix : str or None, optional
        Prefix of the claim ids; if None, the slug of the profile name.

    Returns
    -------
    ClaimFile
        The imported profile, sources and claims.

    Raises
    ------
    ImportFormatError
        If the file cannot be read, is larger than :data:`MAX_PROFILE_BYTES`,
        is not UTF-8 (naming the line of the first bad byte), or cannot be
        parsed (see :func:`parse_profile`).
    ValueError
        If ``name`` or ``id_prefix`` is invalid.
    """
    p = Path(path)
    shown = str(p)
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise ImportFormatError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ImportFormatError(f"larger than {MAX_PROFILE_BYTES} bytes", shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportFormatError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", shown, line) from None
    return parse_profile(text, name=name, path=shown, id_prefix=id_prefix)
