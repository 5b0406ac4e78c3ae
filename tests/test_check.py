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
from citewatch.check.lexical import LexicalResult, claim_terms, key_terms, tokenize
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
    # Key terms first, a multi-word name as one unit.
    assert result.missing[:4] == ["Harwood Bridge", "Tessel River", "1931", "Governor Alma Reyes"]


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
    assert "Bergen Philharmonic Orchestra" in result.missing and "Tokyo" in result.missing
    assert not any("Olsson" in m for m in result.missing)


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


# -- rules that cap the verdict: key terms, conflicts, polarity ---------------
#
# Each fault below keeps almost all the claim's words, so word overlap alone
# scores it as supported: each test first checks that with the rule switched
# off (LexicalChecker(key_terms=False) etc.), so it fails if the rule goes.


def check_on_page(checker: LexicalChecker, claim: str, *sentences: str, elsewhere: tuple[str, ...] = ()) -> LexicalResult:
    """Check ``claim`` against a page of filler around ``sentences``, with
    ``elsewhere`` further down the page (not next to them)."""
    text = page(FILLER[0], FILLER[1], *sentences, FILLER[2], FILLER[3], *elsewhere, FILLER[4])
    result = checker.check(claim, [make_source(text)])
    assert isinstance(result, LexicalResult)
    return result


def test_verbatim_sentence_with_numbers_names_and_dates_is_supported(checker: LexicalChecker) -> None:
    claim = (
        "On Tuesday, March 3, 2015, Harlan Foods of Ohio sold 2,400 crates of apples "
        "for $1.2 million to the Wall Street Journal's owner, five weeks after the 1987 deal."
    )
    result = check_on_page(checker, claim, claim)
    assert result.verdict is Verdict.supported
    assert result.cap is None and result.notes == []
    assert result.missing == []
    kinds = {k.surface: k.kind for k in key_terms(claim)}
    assert kinds["Tuesday"] == kinds["March"] == "date"
    assert kinds["2,400"] == kinds["1.2"] == kinds["five"] == kinds["1987"] == "number"
    assert kinds["Harlan Foods of Ohio"] == "name"
    assert kinds["Wall Street Journal's"] == "name"


def test_verbatim_negated_sentence_is_supported(checker: LexicalChecker) -> None:
    claim = "The ferry did not sail to Kelford during the storm."
    result = check_on_page(checker, claim, claim)
    assert result.verdict is Verdict.supported
    assert result.cap is None


def test_negation_flip_in_claim(checker: LexicalChecker) -> None:
    claim = "The Aurora sedan will not be able to go 300 miles on a single charge."
    source = "The Aurora sedan will be able to go 300 miles on a single charge."
    off = check_on_page(LexicalChecker(polarity=False), claim, source)
    assert off.verdict is Verdict.supported  # word overlap alone
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.partially_supported
    assert result.cap is Verdict.partially_supported
    assert result.score == off.score  # the rules cap the verdict, not the score
    assert result.missing == ["not able"]
    assert result.evidence[0].text == source
    assert any(n.startswith("polarity") for n in result.notes)


def test_negation_flip_in_source(checker: LexicalChecker) -> None:
    claim = "A spokesperson for Harlan Foods agreed to comment on the recall."
    source = "A spokesperson for Harlan Foods declined to comment on the recall."
    result = check_on_page(checker, claim, source)
    assert result.verdict is not Verdict.supported
    assert any("declined" in n for n in result.notes)
    claim = "Harlan Foods struggled to sell its apples in 2015."
    source = "Harlan Foods never struggled to sell its apples in 2015."
    assert check_on_page(LexicalChecker(polarity=False), claim, source).verdict is Verdict.supported
    assert check_on_page(checker, claim, source).verdict is Verdict.partially_supported


def test_not_only_is_not_a_negation(checker: LexicalChecker) -> None:
    claim = "The festival drew visitors from Kelford and from Harwood."
    source = "The festival drew visitors not only from Kelford but also from Harwood."
    assert check_on_page(checker, claim, source).verdict is Verdict.supported


def test_swapped_name_found_elsewhere_on_page(checker: LexicalChecker) -> None:
    claim = "SoftBank will inject $6.5 billion into Uber."
    source = "SoftBank will inject $6.5 billion into Lyft, the ride-hailing company said."
    other = "Shares of Uber fell sharply on the news."
    off = check_on_page(LexicalChecker(key_terms=False), claim, source, elsewhere=(other,))
    assert off.verdict is Verdict.supported
    result = check_on_page(checker, claim, source, elsewhere=(other,))
    assert result.verdict is Verdict.partially_supported
    assert result.missing[0] == "Uber"
    assert result.evidence[0].text == source
    assert any("Lyft" in n for n in result.notes)


def test_name_in_no_source_caps_verdict(checker: LexicalChecker) -> None:
    claim = "The Kelford Rowing Club, founded by John Doe, won the regional cup in 1962."
    source = "The Kelford Rowing Club won the regional cup in 1962."
    off = check_on_page(LexicalChecker(key_terms=False), claim, source)
    assert off.verdict is Verdict.supported
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.partially_supported
    assert result.missing[0] == "John Doe"
    assert any("John Doe (in no cited source)" in n for n in result.notes)


def test_key_term_elsewhere_on_page_but_not_in_evidence(checker: LexicalChecker) -> None:
    claim = (
        "Three volunteers from the Kelford rowing club repaired the old wooden "
        "boathouse roof near the river mill last spring."
    )
    source = (
        "Volunteers from the Kelford rowing club repaired the old wooden "
        "boathouse roof near the river mill last spring."
    )
    other = "Three new boats arrived in the summer."
    off = check_on_page(LexicalChecker(key_terms=False), claim, source, elsewhere=(other,))
    assert off.verdict is Verdict.supported
    assert not any("Three" in e.text for e in off.evidence)  # the page has it, the evidence not
    result = check_on_page(checker, claim, source, elsewhere=(other,))
    assert result.verdict is Verdict.partially_supported
    assert result.missing[0] == "Three"
    assert any(n == "key terms not in the evidence: Three" for n in result.notes)


def test_changed_year_is_not_supported(checker: LexicalChecker) -> None:
    claim = "The museum of maritime history in Kelford was founded in 1987 by local fishermen."
    source = "The museum of maritime history in Kelford was founded in 1978 by local fishermen."
    off = check_on_page(LexicalChecker(conflicts=False, key_terms=False), claim, source)
    assert off.verdict is not Verdict.not_supported
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.not_supported
    assert result.missing[0] == "1987"
    assert result.evidence[0].text == source
    assert any("'1987'" in n and "'1978'" in n for n in result.notes)
    # The claim's year elsewhere on the page, even next to its words, does
    # not outweigh the sentence that says the claim with another year.
    other = "Local fishermen held their first fair in 1987."
    elsewhere = check_on_page(checker, claim, source, elsewhere=(other,))
    assert elsewhere.verdict is Verdict.not_supported
    assert elsewhere.evidence[0].text == source


def test_changed_amount_is_not_supported(checker: LexicalChecker) -> None:
    claim = "SoftBank will invest $6.5 billion in the ride-hailing company."
    source = "SoftBank will invest $9.5 billion in the ride-hailing company."
    assert check_on_page(LexicalChecker(conflicts=False), claim, source).verdict is not Verdict.not_supported
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.not_supported
    assert any("'$6.5 billion'" in n and "'$9.5 billion'" in n for n in result.notes)
    # The same amount written differently is no conflict.
    same = check_on_page(checker, claim, "SoftBank will invest $6,500 million in the ride-hailing company.")
    assert same.verdict is not Verdict.not_supported


def test_changed_count_word_is_not_supported(checker: LexicalChecker) -> None:
    claim = "Three people were injured when the bus crashed on the coastal road."
    source = "Two people were injured when the bus crashed on the coastal road."
    # "three" occurs elsewhere on the page, so only the conflict rule sees it.
    other = "Three lanes stayed closed for hours."
    off = check_on_page(LexicalChecker(conflicts=False), claim, source, elsewhere=(other,))
    assert off.verdict is Verdict.supported
    result = check_on_page(checker, claim, source, elsewhere=(other,))
    assert result.verdict is Verdict.not_supported
    assert result.missing[0] == "Three"
    assert result.evidence[0].text == source


def test_different_weekday_is_not_supported(checker: LexicalChecker) -> None:
    claim = "The town council approved the new budget on Friday after a long debate."
    source = "The town council approved the new budget on Monday after a long debate."
    other = "The market is held every Friday."
    off = check_on_page(LexicalChecker(conflicts=False), claim, source, elsewhere=(other,))
    assert off.verdict is Verdict.supported
    result = check_on_page(checker, claim, source, elsewhere=(other,))
    assert result.verdict is Verdict.not_supported
    assert result.missing[0] == "Friday"


def test_different_month_is_not_supported(checker: LexicalChecker) -> None:
    claim = "The Harwood Bridge reopened to traffic in May 2016 after repairs."
    source = "The Harwood Bridge reopened to traffic in June 2016 after repairs."
    assert check_on_page(checker, claim, source, elsewhere=("It was closed in May.",)).verdict is Verdict.not_supported
    assert check_on_page(checker, claim, claim).verdict is Verdict.supported


def test_number_in_no_source_caps_verdict(checker: LexicalChecker) -> None:
    claim = (
        "Harlan Foods sold 149 crates of early apples and pears at the "
        "Kelford harvest market near the old river mill."
    )
    source = (
        "Harlan Foods sold crates of early apples and pears at the "
        "Kelford harvest market near the old river mill."
    )
    assert check_on_page(LexicalChecker(key_terms=False), claim, source).verdict is Verdict.supported
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.partially_supported
    assert result.missing[0] == "149"


def test_key_term_spellings_that_match() -> None:
    c = LexicalChecker()
    # Ordinal day, news-style month, short end of a year range.
    assert check_on_page(c, "The fight took place on April 9, 2011 in Albuquerque.",
                         "The fight took place on April 9th, 2011 in Albuquerque.").verdict is Verdict.supported
    assert check_on_page(c, "The Harwood Bridge reopened on September 4, 2016.",
                         "The Harwood Bridge reopened on Sept. 4, 2016.").verdict is Verdict.supported
    assert tokenize("the 2018–19 season") == tokenize("the 2018-2019 season")
    # A name's adjective form counts as found.
    assert check_on_page(c, "Hetherington was killed in Misrata during the Libyan civil war.",
                         "Hetherington was killed in Misrata, Libya, during the civil war.").cap is None


def test_key_terms_names_as_units() -> None:
    keys = key_terms("According to the Wall Street Journal, Bank of America hired Rolls-Royce staff.")
    names = [k.surface for k in keys if k.kind == "name"]
    assert names == ["Wall Street Journal", "Bank of America", "Rolls-Royce"]
    # A capitalised first word is not a name unless it looks like one.
    assert [k.surface for k in key_terms("Construction began in 1931.")] == ["1931"]
    assert [k.surface for k in key_terms("NASA launched it.")] == ["NASA"]
    assert [k.surface for k in key_terms("Disney struggled.", known_name=lambda w: w == "Disney")] == ["Disney"]
    # "one" and "May" the verb are not key terms; "May" the month is.
    assert key_terms("One of them may win.") == []
    assert [k.surface for k in key_terms("It opened in May 2016.")] == ["May", "2016"]


# -- rules 4-7: quantifiers, opposites, speakers, one place; missing numbers ----
#
# As above, each fault is first checked with its rule switched off, so each
# test fails if the rule goes; true sentences with the same kinds of words
# must stay supported.


def test_irregular_verbs_read_as_the_verb(checker: LexicalChecker) -> None:
    assert tokenize("said told won lost fell grew") == tokenize("say tell win lose fall grow")
    # So a negated "say" meets the page's "said" (rule 3).
    claim = "Kevin Mayer did not say the new unit would focus on streaming."
    source = "Kevin Mayer said the new unit would focus on streaming."
    assert check_on_page(LexicalChecker(polarity=False), claim, source).verdict is Verdict.supported
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.partially_supported
    assert "not say" in result.missing
    assert result.evidence[0].text == source


def test_universal_claim_against_some(checker: LexicalChecker) -> None:
    for claim, source in (
        ("All consumers who sought help waited over two hours.",
         "Some consumers who sought help waited over two hours on hold, the report found."),
        ("Every subscriber was logged off.",
         "Some subscribers were logged off and could not sign back in for hours."),
        ("The airline always refunds cancelled tickets within a week.",
         "The airline often refunds cancelled tickets within a week."),
    ):
        assert check_on_page(LexicalChecker(quantifiers=False), claim, source).verdict is Verdict.supported
        result = check_on_page(checker, claim, source)
        assert result.verdict is Verdict.partially_supported, claim
        assert result.cap is Verdict.partially_supported
        assert result.evidence[0].text == source
        assert any(n.startswith("quantifier:") for n in result.notes)


def test_all_of_a_count_against_part_of_it(checker: LexicalChecker) -> None:
    claim = "All 270 Emirates aircraft are A380s."
    source = "Of its fleet, 123 of its 270 aircraft are A380s, according to the annual report."
    other = "Emirates is the largest operator of the Airbus A380."
    off = check_on_page(LexicalChecker(quantifiers=False), claim, source, other)
    assert off.verdict is Verdict.supported
    result = check_on_page(checker, claim, source, other)
    assert result.verdict is Verdict.not_supported  # 123 of 270 is exactly not all
    assert any("'All'" in n and "'123 of'" in n for n in result.notes)
    assert result.missing[0] == "All"


def test_true_sentences_with_quantifiers_stay_supported(checker: LexicalChecker) -> None:
    for claim, source in (
        # A weaker claim than the page: "some" is true where "all" is.
        ("Some residents were evacuated before the storm.", "All residents were evacuated before the storm."),
        ("Many fans left the stadium early.", "Most fans left the stadium early."),
        # Another quantifier in the passage, over other words.
        ("All 12 members of the council voted for the plan.",
         "All 12 members of the council voted for the plan, though some residents opposed it."),
        ("Every year, the festival attracts thousands of visitors.",
         "The festival attracts thousands of visitors every year."),
        ("Most of the 300 employees work from home.", "Most of the company's 300 employees work from home."),
        ("After all, the team won the cup at all three venues.",
         "After all, the team won the cup at all three venues."),
    ):
        result = check_on_page(checker, claim, source)
        assert result.verdict is Verdict.supported, claim
        assert not any(n.startswith("quantifier") for n in result.notes)


def test_opposite_word_in_the_claims_place(checker: LexicalChecker) -> None:
    for claim, source, said, found in (
        ("The Afghan government confirmed Taliban involvement in the attack.",
         "The Afghan government ruled out Taliban involvement in the attack.", "confirmed", "ruled out"),
        ("Shares of Harlan Foods rose sharply on Monday after the recall.",
         "Shares of Harlan Foods fell sharply on Monday after the recall.", "rose", "fell"),
        ("The Kelford rowing team won the regional final against Harwood.",
         "The Kelford rowing team lost the regional final against Harwood.", "won", "lost"),
        ("The council approved the plan for a new bridge over the Tessel.",
         "The council rejected the plan for a new bridge over the Tessel.", "approved", "rejected"),
    ):
        assert check_on_page(LexicalChecker(opposites=False), claim, source).verdict is Verdict.supported, claim
        result = check_on_page(checker, claim, source)
        assert result.verdict is Verdict.partially_supported, claim
        assert result.evidence[0].text == source
        assert f"opposite: the claim says {said!r} where the evidence says {found!r}" in result.notes
        assert said in result.missing


def test_true_sentences_with_opposite_words_stay_supported(checker: LexicalChecker) -> None:
    for claim, source in (
        ("Prices rose in May.", "Prices rose in May and fell in June."),
        ("The company denied the report.", "The company denied the report, which it said it could not confirm."),
        ("She was the first woman to win the award.",
         "She became the first woman to win the award, beating two men."),
        ("Unemployment fell to 4 percent.", "Unemployment fell to 4 percent, the lowest level since 2000."),
        ("The firm lost money in 2019 before it made a profit in 2020.",
         "The firm lost money in 2019 before it made a profit in 2020."),
    ):
        result = check_on_page(checker, claim, source)
        assert result.verdict is Verdict.supported, claim
        assert result.cap is None
    # A negated word against its opposite agrees: no opposite note.
    result = check_on_page(checker, "The ministry did not confirm the report on Monday.",
                           "The ministry denied the report on Monday.")
    assert not any(n.startswith("opposite") for n in result.notes)


IGER_PAGE = (
    "Disney CEO Bob Iger announced a major reorganization of the company on Wednesday.",
    "The new unit will be run by Kevin Mayer, who led the acquisition of Pixar and Marvel.",
    "Employees were told the changes would take months.",
    "\"Not everyone will succeed,\" said Mayer, who joined Disney in 1993.",
    "Analysts expect the streaming service to launch next year.",
)


def test_speaker_named_elsewhere_on_the_page(checker: LexicalChecker) -> None:
    claim = "Bob Iger said \"Not everyone will succeed\"."
    src = [make_source(page(*IGER_PAGE))]
    off = LexicalChecker(speakers=False).check(claim, src)
    assert off.verdict is Verdict.supported and off.missing == []  # the union finds "Iger" anywhere
    result = checker.check(claim, src)
    assert result.verdict is Verdict.partially_supported
    assert result.missing[0] == "Bob Iger"
    assert result.evidence[0].text == IGER_PAGE[3]
    assert "speaker: the claim attributes this to 'Bob Iger', the evidence to 'Mayer'" in result.notes
    # The right speaker, named in full two sentences earlier: supported.
    assert checker.check("Kevin Mayer said \"Not everyone will succeed\".", src).verdict is Verdict.supported


def test_speaker_other_than_the_one_quoted(checker: LexicalChecker) -> None:
    claim = "A Taliban spokesman said the cause of the crash is under investigation."
    text = page(
        "A helicopter crashed in eastern Afghanistan on Tuesday.",
        "A Taliban spokesman claimed that fighters had shot down the helicopter.",
        "The US military said the cause of the crash is under investigation.",
    )
    assert checker.__class__(speakers=False).check(claim, [make_source(text)]).verdict is Verdict.supported
    result = checker.check(claim, [make_source(text)])
    assert result.verdict is Verdict.partially_supported
    assert any("'US military'" in n for n in result.notes)
    ok = checker.check("According to the US military, the cause of the crash is under investigation.",
                       [make_source(text)])
    assert ok.verdict is Verdict.supported and ok.cap is None


def test_true_reported_speech_stays_supported(checker: LexicalChecker) -> None:
    for claim, sentences in (
        ("\"We will win,\" Smith said.", ("Smith said: \"We will win.\"",)),
        ("According to police, two people died in the crash.", ("Two people died in the crash, police said.",)),
        ("Smith told reporters the plan had failed.", ("The plan had failed, Smith told reporters on Monday.",)),
        # A pronoun next to the quote, the name in the sentence before.
        ("Smith said the plan failed.", ("Smith spoke on Monday.", "The plan failed, he said.")),
    ):
        result = check_on_page(checker, claim, *sentences)
        assert result.verdict is Verdict.supported, claim
        assert not any(n.startswith("speaker") for n in result.notes)


HITLER_PAGE = (
    "Adolf Hitler was the leader of Germany from 1933 to 1945.",
    "He was born on 20 April 1889 in Braunau am Inn, a town in Austria-Hungary.",
    "Hitler was born in Braunau am Inn in 1889, the fourth child of Alois and Klara Hitler.",
    "His family moved to Germany when he was three.",
)


def test_missing_year_is_looked_up_and_compared(checker: LexicalChecker) -> None:
    claim = "Hitler was born in Braunau in 1898."
    src = [make_source(page(*HITLER_PAGE))]
    off = LexicalChecker(conflicts=False).check(claim, src)
    assert off.verdict is Verdict.partially_supported
    assert HITLER_PAGE[2] not in [e.text for e in off.evidence]  # an equally good window came first
    result = checker.check(claim, src)
    assert result.verdict is Verdict.not_supported
    assert result.evidence[0].text == HITLER_PAGE[2]
    assert "conflict: the claim says '1898' where the evidence says '1889'" in result.notes
    assert result.missing[0] == "1898"
    assert checker.check("Hitler was born in Braunau in 1889.", src).verdict is Verdict.supported


def test_missing_number_shown_for_comparison(checker: LexicalChecker) -> None:
    # The passage gives another year, but not in the claim's place: shown
    # and compared in a note, not a conflict.
    claim = "The Kelford rowing club was founded by local farmers in 1990."
    source = "The Kelford rowing club, which won the cup in 1995, was founded by local farmers."
    result = check_on_page(checker, claim, source)
    assert result.verdict is Verdict.partially_supported
    assert source in [e.text for e in result.evidence]
    assert "compare: the claim says '1990'; the closest passage with a year says '1995'" in result.notes
    assert not any(n.startswith("conflict") for n in result.notes)


def test_scattered_support_is_noted(checker: LexicalChecker) -> None:
    claim = (
        "Ingrid Halvorsen founded the Skagerrak Rowing Club in 1962 "
        "and won a silver medal at the Helsinki Olympics."
    )
    first = "Ingrid Halvorsen founded the Skagerrak Rowing Club in 1962."
    second = "Halvorsen won a silver medal at the Helsinki Olympics."
    far = make_source(page(first, *FILLER, second))
    result = checker.check(claim, [far])
    assert result.verdict is Verdict.supported
    assert "scattered: the terms come from 2 separate places of the page" in result.notes
    capped = LexicalChecker(one_place=True).check(claim, [far])
    assert capped.verdict is Verdict.partially_supported
    # Next to each other, they are one place: no note.
    near = checker.check(claim, [make_source(page(FILLER[0], first, second, FILLER[1]))])
    assert near.verdict is Verdict.supported
    assert near.notes == []


def test_new_switches_are_validated() -> None:
    c = LexicalChecker(quantifiers=False, opposites=False, speakers=False, one_place=True)
    assert "quantifiers=False" in repr(c) and "one_place=True" in repr(c)
    for option in ("quantifiers", "opposites", "speakers", "one_place"):
        with pytest.raises(ConfigError):
            LexicalChecker(**{option: "yes"})


# -- robustness faults: each test below fails without its fix -------------------


def plain(text: str) -> list[SourceText]:
    """A plain-text page as the extractor gives it."""
    from citewatch.extract import extract

    return [SourceText(source=1, passages=extract(text.encode(), "text/plain").passages)]


def test_contradicted_is_set_only_for_a_conflict(checker: LexicalChecker) -> None:
    # A different year in the same place: contradicted.
    r = check_on_page(checker, "The Kelford rowing club was founded in 1987.", "The Kelford rowing club was founded in 1978.")
    assert r.verdict is Verdict.not_supported and r.contradicted is True
    # A missing look-up that lands in the same phrase: contradicted too.
    r = checker.check("Hitler was born in Braunau in 1898.", [make_source(page(*HITLER_PAGE))])
    assert r.verdict is Verdict.not_supported and r.contradicted is True
    # "All 270" against "123 of its 270": contradicted.
    r = check_on_page(checker, "All 270 Emirates aircraft are A380s.", "123 of its 270 Emirates aircraft are A380s.")
    assert r.verdict is Verdict.not_supported and r.contradicted is True
    # Supported, or not said, or a name changed: not contradicted.
    claim = "The Kelford rowing club was founded in 1987."
    assert check_on_page(checker, claim, claim).contradicted is False
    r = checker.check("The Kelford rowing club was founded in 1987.", [make_source(page(*FILLER))])
    assert r.verdict is Verdict.not_supported and r.contradicted is False
    r = check_on_page(checker, "SoftBank invested $7.7 billion into Uber.", "SoftBank invested $7.7 billion into Lyft.")
    assert r.verdict is Verdict.partially_supported and r.contradicted is False
    # The field is part of every CheckResult (default False).
    assert CheckResult(verdict=Verdict.supported, score=1.0).contradicted is False


def test_two_values_the_page_gives_in_two_sentences_are_no_conflict(checker: LexicalChecker) -> None:
    for claim, text in (
        ("The company had 4,000 employees in 2018 and 5,000 in 2020.",
         "In 2018 the company had 4,000 employees. In 2020 the company had 5,000 employees."),
        ("It rained in March and April.", "It rained in March. It rained in April."),
        ("Sales rose from 10 million in 2019 to 12 million in 2020.",
         "Sales rose to 10 million in 2019. Sales rose to 12 million in 2020."),
        ("The 16-inch MacBook Pro has a physical Esc key. It is unclear if the 13-inch MacBook Pro will follow.",
         "The 16-inch MacBook Pro has a physical Esc key. It is unclear if the 13-inch MacBook Pro will follow."),
    ):
        r = checker.check(claim, plain(text))
        assert r.verdict is Verdict.supported, (claim, r.notes)
        assert not r.contradicted
    # A value the page gives more often than the claim is still another
    # value where the claim puts its own ("6-6-1" / "6-5-1").
    r = check_on_page(checker, "Lagace was 6-5-1 in 14 games with Chicago.", "Lagace was 6-6-1 in 14 games with Chicago.")
    assert r.verdict is Verdict.not_supported and r.contradicted
    # A different second value is not supported (but no passage says the
    # rest of the claim with it: not a conflict).
    r = checker.check(
        "The company had 4,000 employees in 2018 and 5,000 in 2020.",
        plain("In 2018 the company had 4,000 employees. In 2020 the company had 6,000 employees."),
    )
    assert r.verdict is Verdict.partially_supported and not r.contradicted
    assert r.missing[0] == "5,000"


def test_a_word_affirmed_and_negated_in_one_sentence_is_not_negated(checker: LexicalChecker) -> None:
    claim = "VW says the car is a preview."
    r = checker.check(claim, plain("VW says the car is a preview, but it didn't say when it goes on sale."))
    assert r.verdict is Verdict.supported, r.notes
    # Negated every time: still a flip.
    r = checker.check(claim, plain("VW did not say the car is a preview."))
    assert r.verdict is Verdict.partially_supported


def test_a_verbatim_sentence_wins_over_an_earlier_negated_one(checker: LexicalChecker) -> None:
    text = "Critics said the film was not a success. The film was a success."
    assert checker.check("The film was a success.", plain(text)).verdict is Verdict.supported
    # Without the verbatim sentence, the negation stands.
    r = checker.check("The film was a success.", plain("Critics said the film was not a success."))
    assert r.verdict is Verdict.partially_supported


def test_amounts_in_different_currencies_are_not_a_conflict(checker: LexicalChecker) -> None:
    r = checker.check("The grant was worth $5 million.", plain("The grant was worth \u20ac4.6 million."))
    assert r.verdict is Verdict.partially_supported
    assert not r.contradicted
    assert not any(n.startswith("conflict") for n in r.notes)
    assert any(n.startswith("compare:") for n in r.notes)
    # The same currency, written differently: compared.
    for other in ("US$4.6 million", "4.6 million dollars"):
        r = checker.check("The grant was worth $5 million.", plain(f"The grant was worth {other}."))
        assert r.verdict is Verdict.not_supported and r.contradicted, other
    r = checker.check("The grant was worth C$5 million.", plain("The grant was worth $4.6 million."))
    assert r.verdict is Verdict.partially_supported


def test_a_decade_matches_a_year_inside_it(checker: LexicalChecker) -> None:
    for claim in ("The band was formed in the 1990s.", "The band was formed in the '90s.",
                  "The band was formed in the late 1990s."):
        r = checker.check(claim, plain("The band was formed in 1994."))
        assert r.verdict is Verdict.supported, (claim, r.notes)
    # Another decade is a conflict; a year outside is not supported.
    r = checker.check("The band was formed in the 1990s.", plain("The band was formed in the 1980s."))
    assert r.verdict is Verdict.not_supported and r.contradicted
    r = checker.check("The band was formed in the 1990s.", plain("The band was formed in 1984."))
    assert r.verdict is not Verdict.supported
    # A year is more than its decade says: not supported, not a conflict.
    r = checker.check("The band was formed in 1994.", plain("The band was formed in the 1990s."))
    assert r.verdict is Verdict.partially_supported and not r.contradicted
    assert tokenize("the '90s") == tokenize("the 1990s") == ["1990s"]


def test_equivalent_forms_of_numbers_match(checker: LexicalChecker) -> None:
    for claim, text in (
        ("The deal closed on September 30th.", "The deal closed on September 30."),
        ("The deal closed on September 30.", "The deal closed on September 30th."),
        ("The house sold for $6,000,000.", "The house sold for $6 million."),
        ("The house sold for $5 million.", "The house sold for $5,000,000."),
        ("The city has 8.4 million residents.", "The city has 8,400,000 residents."),
        ("The firm raised $6.5 billion.", "The firm raised $6.5bn."),
    ):
        r = checker.check(claim, plain(text))
        assert r.verdict is Verdict.supported, (claim, r.score, r.notes)
    # A different amount is still a conflict.
    r = checker.check("The house sold for $5 million.", plain("The house sold for $6,000,000."))
    assert r.verdict is Verdict.not_supported


def test_a_negated_claim_needs_a_negation_in_the_evidence_together(checker: LexicalChecker) -> None:
    claim = "The foundation was not founded in Ohio."
    text = "The Acme Foundation is a charity based in Ohio. It was founded in 1990."
    r = checker.check(claim, plain(text))
    assert r.verdict is Verdict.partially_supported
    assert "not founded" in r.missing
    r = checker.check(claim, plain("The Acme Foundation is a charity. It was not founded in Ohio."))
    assert r.verdict is Verdict.supported


def test_a_paragraph_quoted_verbatim_is_supported(checker: LexicalChecker) -> None:
    districts = ["north", "south", "east", "west", "central"]
    claim = " ".join(
        f"In {1990 + i} the council of Brenton approved plan number {i + 1} for the {w} district."
        for i, w in enumerate(districts)
    )
    assert checker.check(claim, plain(claim)).verdict is Verdict.supported
    text = page(*FILLER, claim, *FILLER)
    assert checker.check(claim, plain(text)).verdict is Verdict.supported
    # One year changed: a conflict.
    changed = claim.replace("In 1993", "In 1983")
    r = checker.check(changed, plain(text))
    assert r.verdict is Verdict.not_supported and r.contradicted


def test_mid_sentence_capitals_are_collected_once() -> None:
    from citewatch.check.lexical import _known_name_test

    class Passes(list):
        passes = 0

        def __iter__(self):
            Passes.passes += 1
            return super().__iter__()

    texts = Passes(["The mayor met Xy and Xy's aides.", "Jo said, Quill will come.", "Zed. Not a name."])
    known = _known_name_test(texts)
    for _ in range(50):
        assert known("Xy") and known("Xy's") and known("Quill")
        assert not known("Zed") and not known("Not") and not known("The")
    assert Passes.passes == 1


def test_long_claim_against_a_large_page() -> None:
    # A claim of 2,000 capitalised one-word sentences against a page of
    # 20,000 passages that names it mid-sentence (a functional check; the
    # time is measured by the benchmark, not here).
    checker = LexicalChecker()
    passages = [
        Passage(text=f"The mayor met Xy on day {i}." if i % 50 == 0 else f"Sentence {i} is about other things.",
                section="main", start=i * 40, end=i * 40 + 30)
        for i in range(20000)
    ]
    r = checker.check("Xy. " * 2000, [SourceText(source=1, passages=passages)])
    assert r.verdict is Verdict.supported


HARBOUR_PAGE = page(
    *FILLER[:2],
    "The council of Brenton approved the harbour plan in March after a long debate.",
    "The mayor signed the building order for the new harbour in April.",
    *FILLER[2:4],
    "Carla Mendes said the harbour would open in 2026.",
    "The port authority told reporters that the harbour would cost less than planned.",
    FILLER[4],
    "Most shops in the old town close on Sundays.",
)


def test_rules_look_at_the_sentence_of_a_claim_of_several(checker: LexicalChecker) -> None:
    src = [make_source(HARBOUR_PAGE)]
    plan = "The council of Brenton approved the harbour plan in March after a long debate."
    order = "The mayor signed the building order for the new harbour in April."
    said = "Carla Mendes said the harbour would open in 2026."
    told = "The port authority told reporters that the harbour would cost less than planned."
    # True claims of two sentences, two speakers among them.
    for claim in (f"{plan} {order}", f"{said} {told}"):
        r = checker.check(claim, src)
        assert r.verdict is Verdict.supported, (claim, r.notes)
    # One fact changed in one of the two sentences.
    for claim, rule in (
        (f"{plan} {order.replace('signed', 'did not sign')}", "polarity"),
        (f"{plan.replace('approved', 'rejected')} {order}", "opposite"),
        (f"{plan} All shops in the old town close on Sundays.", "quantifier"),
        (f"{said.replace('Carla Mendes', 'The port authority')} {told.replace('The port authority', 'Carla Mendes')}",
         "speaker"),
    ):
        r = checker.check(claim, src)
        assert r.verdict is Verdict.partially_supported, (claim, r.notes)
        assert any(n.startswith(rule) for n in r.notes), (claim, r.notes)
