"""Tests of the support checkers (citewatch.check) on small synthetic pages."""

from __future__ import annotations

import pytest

from citewatch.check import (
    CheckResult,
    Checker,
    Evidence,
    LexicalChecker,
    SourceText,
    Verdict,
    get_checker,
)
from citewatch.check.lexical import claim_terms, tokenize
from citewatch.errors import ConfigError
from citewatch.extract import Passage
from citewatch.text import sentence_spans

FILLER = [
    "The weather in the valley is usually mild in spring.",
    "Local markets sell fresh vegetables every Saturday morning.",
    "A new bakery opened near the railway station last month.",
    "Visitors often walk along the river to see the old mill.",
    "The town council meets on the first Tuesday of each month.",
]


def make_source(text: str, source: int = 1, full: bool = False) -> SourceText:
    """Passages of ``text`` as the extractor gives them (sentence spans of a
    "main" text, optionally repeated as the "full" text)."""
    sections = ["main", "full"] if full else ["main"]
    passages = [
        Passage(text=text[s:e], section=sec, start=s, end=e)
        for sec in sections
        for s, e in sentence_spans(text)
    ]
    return SourceText(source=source, passages=passages)


def page(*sentences: str) -> str:
    return " ".join(sentences)


@pytest.fixture
def checker() -> LexicalChecker:
    return LexicalChecker()


def test_exports_and_protocol() -> None:
    import citewatch.check as check

    for name in ("Verdict", "SourceText", "Evidence", "CheckResult", "Checker", "LexicalChecker", "get_checker"):
        assert name in check.__all__
    c = get_checker()
    assert isinstance(c, LexicalChecker)
    assert isinstance(c, Checker)
    assert c.name == "lexical"


def test_verbatim_sentence_is_supported_with_right_evidence(checker: LexicalChecker) -> None:
    claim = "The Harwood Bridge over the Tessel River was opened in 1931 by Governor Alma Reyes."
    text = page(FILLER[0], FILLER[1], claim, FILLER[2], FILLER[3])
    src = make_source(text, source=3)
    result = checker.check(claim, [src])
    assert isinstance(result, CheckResult)
    assert result.verdict is Verdict.supported
    assert result.score == pytest.approx(1.0)
    assert result.missing == []
    top = result.evidence[0]
    assert isinstance(top, Evidence)
    assert top.text == claim
    assert top.source == 3
    assert top.section == "main"
    assert text[top.start : top.end] == claim
    assert top.start == text.index(claim)
    assert top.score == pytest.approx(1.0)


def test_unrelated_page_is_not_supported(checker: LexicalChecker) -> None:
    claim = "The Harwood Bridge over the Tessel River was opened in 1931 by Governor Alma Reyes."
    src = make_source(page(*FILLER))
    result = checker.check(claim, [src])
    assert result.verdict is Verdict.not_supported
    assert result.score < checker.t_partial
    assert "Harwood" in result.missing and "1931" in result.missing


def test_half_supported_claim_is_not_supported_verdict(checker: LexicalChecker) -> None:
    claim = (
        "Marguerite Olsson composed the Northern Lights symphony, "
        "later recorded by the Bergen Philharmonic Orchestra during their Tokyo tour."
    )
    text = page(FILLER[0], "Marguerite Olsson composed the Northern Lights symphony.", FILLER[1])
    result = checker.check(claim, [make_source(text)])
    assert result.verdict in (Verdict.partially_supported, Verdict.not_supported)
    assert result.verdict is not Verdict.supported
    assert 0.2 < result.score < checker.t_supported
    assert "Bergen" in result.missing and "Tokyo" in result.missing
    assert "Olsson" not in result.missing


def test_wrong_year_is_not_supported(checker: LexicalChecker) -> None:
    claim = "The museum of maritime history in Kelford reopened in 1999 after a long restoration."
    good = "The museum of maritime history in Kelford reopened in 1999 after a long restoration."
    bad = "The museum of maritime history in Kelford reopened in 2005 after a long restoration."
    ok = checker.check(claim, [make_source(page(FILLER[0], good, FILLER[1]))])
    wrong = checker.check(claim, [make_source(page(FILLER[0], bad, FILLER[1]))])
    assert ok.verdict is Verdict.supported
    assert wrong.verdict is not Verdict.supported
    assert wrong.score < ok.score
    assert wrong.missing == ["1999"]


def test_numbers_are_normalised() -> None:
    assert tokenize("1,000 people") == tokenize("1000 people")
    assert tokenize("ten people")[0] == tokenize("10 people")[0]
    assert tokenize("the 21st century") == ["21st", "century"]
    assert tokenize("the first album") == tokenize("the 1st album")
    assert tokenize("41.3 %") == tokenize("41.30 percent")
    assert tokenize("Café churches") == tokenize("cafe church")
    assert tokenize("released") == tokenize("releases") == tokenize("release")


def test_claim_terms_mark_numbers_and_names() -> None:
    terms = {t.surface: t for t in claim_terms("In 2004 the band moved to Oslo, Norway. [3]")}
    assert terms["2004"].is_number
    assert terms["Oslo"].is_name and terms["Norway"].is_name
    assert not terms["band"].is_name
    assert "3" not in terms  # footnote marker removed


def test_support_split_across_two_sources(checker: LexicalChecker) -> None:
    claim = (
        "Ingrid Halvorsen founded the Skagerrak Rowing Club in 1962 "
        "and won a silver medal at the Helsinki Olympics."
    )
    one = make_source(page(FILLER[0], "Ingrid Halvorsen founded the Skagerrak Rowing Club in 1962.", FILLER[1]), source=1)
    two = make_source(page(FILLER[2], "Halvorsen won a silver medal at the Helsinki Olympics.", FILLER[3]), source=2)
    alone = checker.check(claim, [one])
    both = checker.check(claim, [one, two])
    assert alone.verdict is not Verdict.supported
    assert both.verdict is Verdict.supported
    assert both.score > alone.score
    assert {e.source for e in both.evidence} == {1, 2}


def test_main_full_duplicates_not_repeated(checker: LexicalChecker) -> None:
    claim = (
        "Ingrid Halvorsen founded the Skagerrak Rowing Club in 1962 "
        "and won a silver medal at the Helsinki Olympics."
    )
    text = page(
        "Ingrid Halvorsen founded the Skagerrak Rowing Club in 1962.",
        FILLER[0],
        FILLER[1],
        FILLER[2],
        "Halvorsen won a silver medal at the Helsinki Olympics.",
    )
    src = make_source(text, full=True)
    assert len(src.passages) == 10
    result = checker.check(claim, [src])
    texts = [e.text for e in result.evidence]
    assert len(texts) == len(set(texts)) >= 2
    # The same text given twice (two sources quoting it) is offered once.
    again = checker.check(claim, [src, make_source(text, source=2, full=True)])
    texts = [e.text for e in again.evidence]
    assert len(texts) == len(set(texts))


def test_empty_passages_not_supported(checker: LexicalChecker) -> None:
    result = checker.check("The bridge opened in 1931.", [SourceText(source=1, passages=[])])
    assert result.verdict is Verdict.not_supported
    assert result.score == 0.0
    assert result.evidence == []
    assert checker.check("The bridge opened in 1931.", []).score == 0.0


def test_claim_without_words_is_not_supported(checker: LexicalChecker) -> None:
    src = make_source(page(*FILLER))
    assert checker.check("", [src]).verdict is Verdict.not_supported
    assert checker.check("...", [src]).score == 0.0


def test_long_claim_and_many_passages(checker: LexicalChecker) -> None:
    sentences = [f"Record {i} lists the parish of Elmstead{i % 7} and its {i} bells." for i in range(2000)]
    src = make_source(" ".join(sentences))
    claim = " ".join(sentences[10:40])
    result = checker.check(claim, [src])
    assert result.verdict in Verdict
    assert 0.0 <= result.score <= 1.0
    assert len(result.evidence) <= 3


def test_thresholds_give_verdicts() -> None:
    c = LexicalChecker(t_supported=0.7, t_partial=0.3)
    assert c.verdict(0.7) is Verdict.supported
    assert c.verdict(0.5) is Verdict.partially_supported
    assert c.verdict(0.29) is Verdict.not_supported


def test_get_checker_options_and_errors() -> None:
    c = get_checker("lexical", t_supported=0.9, t_partial=0.1)
    assert isinstance(c, LexicalChecker) and c.t_supported == 0.9
    with pytest.raises(ConfigError):
        get_checker("nope")
    with pytest.raises(ConfigError):
        get_checker("lexical", no_such_option=1)
    with pytest.raises(ConfigError):
        LexicalChecker(t_supported=0.2, t_partial=0.5)
    with pytest.raises(ConfigError):
        LexicalChecker(t_supported=1.5)
