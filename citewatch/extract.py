"""Extraction stage: the bytes of a capture to text passages.

Pure functions over bytes and models; no network, no disk.

HTML gives two passage sets:

* ``main``: the main text found by trafilatura (Barbaresi, ACL 2021
  demo; 0.958 F1 on the Zyte article-extraction benchmark), which drops
  navigation, footers and boilerplate;
* ``full``: every visible text node of the page (BeautifulSoup), so that
  support standing in a sidebar, a member list or a table that trafilatura
  dropped is not lost.

``text/plain`` is taken as it is (one ``main`` set).
"""

from __future__ import annotations

import codecs
import re
import warnings
from typing import Literal

from bs4 import BeautifulSoup, UnicodeDammit
from pydantic import BaseModel, Field

from citewatch.errors import ExtractionError
from citewatch.text import sentence_spans

__all__ = ["Passage", "ExtractedText", "extract", "decode_body", "MAX_TEXT_CHARS", "media_type"]

#: Text beyond this many characters per passage set is dropped (2 million
#: characters, far above any article) so a hostile page cannot exhaust memory.
MAX_TEXT_CHARS = 2_000_000

#: Passages longer than this many characters are cut in pieces of at most
#: this length (a page with no sentence punctuation stays checkable).
MAX_PASSAGE_CHARS = 1_000

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Tags that mark a body without a Content-Type as HTML (in the spirit of the
# WHATWG MIME sniffing standard's HTML patterns).
_HTML_SNIFF = re.compile(rb"<(?:head|body|p|div|span|a|br|h[1-6]|table|title|script|!--)[\s>/]")
#: HTML larger than this (characters) skips trafilatura, whose time grows
#: steeply on huge pages; the full visible text is used as the main text.
MAX_TRAFILATURA_CHARS = 5_000_000
#: At most this many passages are kept per text (a page of 100,000 tiny
#: paragraphs would otherwise make every check slow).
MAX_PASSAGES = 20_000
_TEXT_TYPES = {"text/plain"}
# Elements whose text is never shown to a reader.
_INVISIBLE = ["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]
# Elements after which a block of text ends.
_BLOCKS = {
    "p", "div", "section", "article", "aside", "header", "footer", "nav", "main",
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption",
    "br", "hr", "form", "address", "details", "summary",
}


class Passage(BaseModel):
    """A piece of a page's text that can stand as evidence.

    Attributes
    ----------
    text : str
        The passage (usually one sentence or one block).
    section : {"main", "full"}
        Which text it comes from: trafilatura's main text or the full page.
    start, end : int
        Character offsets of the passage in that section's text
        (``ExtractedText.main_text`` or ``ExtractedText.full_text``).
    """

    text: str
    section: Literal["main", "full"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ExtractedText(BaseModel):
    """The text of one capture.

    Attributes
    ----------
    media_type : str
        The media type the bytes were read as, e.g. ``text/html``.
    title : str or None
        The page title, when there is one.
    main_text : str
        Main text (trafilatura for HTML; the whole text for ``text/plain``).
    full_text : str
        Every visible text block of the page ('' for ``text/plain``).
    passages : list of Passage
        Sentences of ``main_text`` then of ``full_text``, in reading order.
    """

    media_type: str
    title: str | None = None
    main_text: str
    full_text: str = ""
    passages: list[Passage]


def media_type(content_type: str | None) -> str:
    """Return the lower-cased media type of a ``Content-Type`` value.

    ``"text/html; charset=utf-8"`` gives ``"text/html"``; a missing value
    gives ``""``.
    """
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.I)
    return m.group(1) if m else None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
# WHATWG Encoding Standard: these labels mean windows-1252 on the web.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "x-user-defined": "cp1252"}
# Encodings never guessed without a BOM or declaration: short Latin text
# "decodes" as UTF-16 into CJK garbage.
_NO_GUESS = [f"{base}{sep}{end}" for base in ("utf-16", "utf_16", "utf-32", "utf_32")
             for sep, end in (("", ""), ("-", "le"), ("-", "be"), ("_", "le"), ("_", "be"), ("", "le"), ("", "be"))]
_NO_GUESS += ["utf-7", "utf_7"]
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_body(body: bytes, content_type: str | None = None, is_html: bool = False) -> str:
    """Decode bytes to text.

    The order follows the HTML standard's encoding sniffing in spirit: a
    byte-order mark; then the ``charset`` of the ``Content-Type`` header,
    then (for HTML) a ``<meta charset>`` in the first 4096 bytes, then
    UTF-8, each accepted only if the bytes decode cleanly under it (servers
    often declare the wrong charset); then detection (BeautifulSoup's
    UnicodeDammit); then windows-1252 with replacement characters. Labels
    such as ``iso-8859-1`` mean windows-1252, as in the WHATWG Encoding
    Standard. Never raises.

    Parameters
    ----------
    body : bytes
    content_type : str or None
        The ``Content-Type`` header value.
    is_html : bool
        Look for ``<meta>`` declarations.

    Returns
    -------
    str
    """
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body.decode(enc, errors="replace")
    candidates = [_charset(content_type)]
    if is_html:
        m = _META_CHARSET.search(body[:4096])
        candidates.append(m.group(1).decode("ascii", "replace") if m else None)
    candidates.append("utf-8")
    for label in candidates:
        if not label:
            continue
        enc = _WEB_ALIASES.get(label.strip().lower(), label.strip())
        try:
            codecs.lookup(enc)
            return body.decode(enc)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    with warnings.catch_warnings():  # "Some characters could not be decoded": expected on the web
        warnings.simplefilter("ignore")
        dammit = UnicodeDammit(body, is_html=is_html, exclude_encodings=_NO_GUESS)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return body.decode("cp1252", errors="replace")


def _visible_text(soup: BeautifulSoup) -> str:
    for tag in soup(_INVISIBLE):
        tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    parts: list[str] = []
    for el in soup.descendants:
        if isinstance(el, str):
            if el.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                continue
            # Line breaks inside a text node are source formatting, not breaks.
            parts.append(re.sub(r"\s+", " ", str(el)))
        elif el.name in _BLOCKS:
            parts.append("\n\n")
    text = "".join(parts)
    # Collapse runs of spaces and of block breaks.
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" ?(?:\n\n ?)+", "\n\n", text)
    return text.strip()


def _passages(text: str, section: Literal["main", "full"]) -> list[Passage]:
    out: list[Passage] = []
    for s, e in sentence_spans(text):
        if len(out) >= MAX_PASSAGES:
            break
        while e - s > MAX_PASSAGE_CHARS:
            cut = text.rfind(" ", s, s + MAX_PASSAGE_CHARS)
            cut = cut if cut > s else s + MAX_PASSAGE_CHARS
            out.append(Passage(text=text[s:cut], section=section, start=s, end=cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append(Passage(text=text[s:e], section=section, start=s, end=e))
    return out


def _html(body: bytes, content_type: str | None, url: str | None) -> ExtractedText:
    import trafilatura

    html = decode_body(body, content_type, is_html=True)
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True)[:1000] if soup.title else None
    full = _visible_text(soup)[:MAX_TEXT_CHARS]
    try:
        if len(html) > MAX_TRAFILATURA_CHARS:
            raise ValueError("too large for main-text extraction")
        main = trafilatura.extract(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
        ) or ""
    except Exception:  # trafilatura raises assorted lxml errors on broken markup
        main = ""
    main = main[:MAX_TEXT_CHARS]
    if not main.strip():
        main = full
    # The main text reads paragraphs separated by single newlines; make them
    # blocks so a sentence never runs across two paragraphs.
    main = re.sub(r"\n+", "\n\n", main).strip()
    return ExtractedText(
        media_type="text/html",
        title=title or None,
        main_text=main,
        full_text=full,
        passages=_passages(main, "main") + _passages(full, "full"),
    )


def extract(body: bytes, content_type: str | None, url: str | None = None) -> ExtractedText:
    """Turn the bytes of a capture into text passages.

    Parameters
    ----------
    body : bytes
        The HTTP response body (already content-decoded: no gzip).
    content_type : str or None
        The ``Content-Type`` header. When missing, HTML is sniffed from the
        first 1024 bytes.
    url : str or None
        The page URL, which helps trafilatura resolve relative links.

    Returns
    -------
    ExtractedText

    Raises
    ------
    ExtractionError
        If the media type is not one citewatch reads yet (PDF, images,
        JSON...), the body is empty, or no text is found in it (a page
        whose text is built by JavaScript).
    """
    mtype = media_type(content_type)
    if not body.strip():
        raise ExtractionError("the capture is empty", content_type)
    if not mtype or mtype == "application/octet-stream":
        head = body[:1024].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or _HTML_SNIFF.search(head):
            mtype = "text/html"
        elif head.startswith(b"%pdf"):
            mtype = "application/pdf"
        else:
            mtype = "text/plain"
    if mtype in _HTML_TYPES:
        result = _html(body, content_type, url)
    elif mtype in _TEXT_TYPES:
        text = decode_body(body, content_type)[:MAX_TEXT_CHARS].replace("\r\n", "\n")
        result = ExtractedText(media_type=mtype, main_text=text, passages=_passages(text, "main"))
    else:
        raise ExtractionError(f"cannot extract text from {mtype} yet (only HTML and plain text are read)", content_type)
    if not result.passages:
        raise ExtractionError("the page has no readable text (it may be built by JavaScript, or be empty)", content_type)
    return result
