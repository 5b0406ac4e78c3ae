"""Extraction: bytes of a capture to passages."""

from __future__ import annotations

import pytest

from citewatch.errors import ExtractionError
from citewatch.extract import decode_body, extract

PAGE = b"""<!DOCTYPE html><html><head><title>Bridge news</title><script>var x = "Hidden script text.";</script></head>
<body><nav><ul><li>Home</li><li>Members: Slum Dwellers International, Habitat for Humanity</li></ul></nav>
<article><h1>The bridge reopens</h1>
<p>The old bridge reopened on Monday after a two-year repair that cost 4.5 million euros.</p>
<p>Engineers replaced the steel cables. The city council approved the work in 2019.</p>
<p>Local shops expect more visitors this summer, according to the chamber of commerce.</p>
</article><footer>Copyright 2024 Bridge Times</footer></body></html>"""


def test_main_and_full_text_sets():
    ex = extract(PAGE, "text/html; charset=utf-8", "https://example.org/bridge")
    assert ex.title == "Bridge news"
    assert "reopened on Monday" in ex.main_text
    assert "Hidden script text" not in ex.main_text and "Hidden script text" not in ex.full_text
    # the member list in the navigation is dropped by trafilatura but kept in the full text
    assert "Habitat for Humanity" in ex.full_text
    sections = {p.section for p in ex.passages}
    assert sections == {"main", "full"}


def test_passage_offsets_point_into_their_text():
    ex = extract(PAGE, "text/html")
    for p in ex.passages:
        text = ex.main_text if p.section == "main" else ex.full_text
        assert text[p.start:p.end] == p.text
    sentences = [p.text for p in ex.passages if p.section == "main"]
    assert "Engineers replaced the steel cables." in sentences
    assert "The city council approved the work in 2019." in sentences


def test_plain_text():
    ex = extract(b"First sentence here. Second one follows.\n\nNew block.", "text/plain; charset=utf-8")
    assert [p.text for p in ex.passages] == ["First sentence here.", "Second one follows.", "New block."]
    assert ex.full_text == ""


@pytest.mark.parametrize("body,ctype", [
    ("Caf\u00e9 cr\u00e8me".encode("latin-1"), "text/plain; charset=iso-8859-1"),
    ("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00e9 cr\u00e8me.</p></body></html>".encode("cp1252"), "text/html"),
    ("Caf\u00e9 cr\u00e8me".encode("utf-16"), "text/plain"),
])
def test_charsets(body, ctype):
    assert "Caf\u00e9 cr\u00e8me" in decode_body(body, ctype, is_html="html" in ctype)


def test_mislabelled_charset_does_not_crash():
    text = decode_body("Caf\u00e9".encode("latin-1"), "text/plain; charset=utf-8")
    assert text.startswith("Caf")


def test_html_without_content_type_is_sniffed():
    ex = extract(b"<p>The museum opened in 1931.</p><p>It has two floors.</p>", None)
    assert ex.media_type == "text/html" and "<p>" not in ex.main_text


@pytest.mark.parametrize("body,ctype,words", [
    (b"%PDF-1.4 binary", "application/pdf", "application/pdf"),
    (b"", "text/html", "empty"),
    (b"<html><head><script>app()</script></head><body><div id=root></div></body></html>", "text/html", "no readable text"),
    (b"\x89PNG\r\n", "image/png", "image/png"),
])
def test_unreadable_captures_raise(body, ctype, words):
    with pytest.raises(ExtractionError) as exc:
        extract(body, ctype)
    assert words in str(exc.value)


def test_long_unpunctuated_text_is_cut_into_bounded_passages():
    body = ("word " * 50_000).encode()
    ex = extract(body, "text/plain")
    assert max(len(p.text) for p in ex.passages) <= 1000 and len(ex.passages) >= 250
