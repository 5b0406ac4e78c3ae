"""Tests of citewatch.claims.importers.profile (plain-text profile importer)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citewatch.claims.files import dump_claim_file, load_claim_file, save_claim_file
from citewatch.claims.importers import import_profile, parse_profile
from citewatch.claims.importers import profile as profile_mod
from citewatch.errors import ImportFormatError

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "cities-alliance-profile.txt"
GENERATED = REPO / "claims" / "cities-alliance.yaml"

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"seed profile not found at {SEED}")

SEED_CLAIMS = [
    ("The Cities Alliance is an international development organization operated by the United Nations "
     "Office for Project Services (UNOPS) that provides funding and assistance to cities in the developing "
     "world with the goal of upgrading informal settlements, also referred to by the organizations as "
     "\u201cslums.\u201d",
     []),
    ("The organization operates a collective fund that is contributed to by nonprofit development and "
     "humanities organizations, United Nations institutions, local governments, and the governments of "
     "developed nations.",
     []),
    ("The organization aims to alleviate urban poverty and is funded by the governments of the United "
     "States, the United Kingdom, Switzerland, and others.",
     [1, 2, 3]),
    ("Organizational members of the group include Slum Dwellers International (SDI), Habitat for Humanity, "
     "and the International Institute for Environment and Development.",
     [1, 2, 3]),
    ("The Cities Alliance is a global association of development organizations that pool funds to provide "
     "funding to city development in the developing world to upgrade slums to more permanent forms of "
     "housing.",
     [4]),
    ("The group uses the tagline \u201ccities without slums\u201d on its branding.",
     [4]),
    ("The organization was launched by the World Bank and the United Nations Center for Human Settlements "
     "(UN-Habitat) and initially funded by additional founding members including the development agencies "
     "and foreign ministries of countries including the United States, Japan, Germany, the United Kingdom, "
     "Canada, and others.",
     [4]),
    ("Four associations of local authorities including the International Union of Local Authorities "
     "(IULA), United Towns Organization (UTO), Metropolis, and World Association of Cities and Local "
     "Authorities Coordination (WACLAC).",
     [4]),
    ("From 1999 until 2013, the Cities Alliance was operated by the World Bank through a secretariat based "
     "at the World Bank\u2019s headquarters in Washington, D.C. until the World Bank ended its fiscal "
     "sponsorship of the organization.",
     [5, 6]),
    ("It was relocated to the United Nations Office of Project Services (UNOPS) in 2013 following a "
     "selection process driven by the group\u2019s partners.",
     [5, 6]),
    ("The UNOPS is a United Nations-affiliated organization that was originally part of the UN Development "
     "Programme and since 1995 has been the UN agency dedicated to implementing infrastructure and "
     "procurement projects for the UN system of organizations.",
     [5, 6]),
    ("The Cities Alliance has a variety of programs and funding efforts to direct funds from its portfolio "
     "and implement campaigns that assist in upgrading existing informal settlements in major developing "
     "cities as well as implementing infrastructure in secondary cities where a population boom has yet to "
     "be seen.",
     [7]),
    ("The organization has promoted a variety of campaigns regarding promoting left-of-center "
     "environmentalist policy and ideology, stating that \u201cOver the past 10 years, most cities have "
     "become more vulnerable to the impacts of climate change, which disproportionately affects "
     "communities living on unsafe land,\u201d and further stating that the \u201cglobal COVID-19 pandemic "
     "has compounded these longstanding challenges and inequalities and massively impacted the most "
     "marginalized citizens, through income loss, lack of access to basic services, food insecurity, and "
     "increased violence against women and girls.\u201d",
     [7]),
    ("The group also funds efforts to implement city-wide actions to fulfill international climate "
     "commitments including the 2030 Agenda, the Paris Climate Agreement, the Sendai Framework, and the "
     "New Urban Agenda.",
     [8]),
    ("The Cities Alliance has several members that fund and direct its efforts, including the governments "
     "of France, Germany, Ghana, South Africa, Sweden, Switzerland, Uganda, the United Kingdom, and the "
     "United States.",
     [9]),
    ("Intergovernmental organizations that fund the group include UNICEF, UN Habitat, UNCDF, and the "
     "World Bank.",
     [9]),
    ("NGOs that are members of the group include Slum Dwellers International (SDI), Habitat for Humanity, "
     "and the International Institute for Environment and Development.",
     [9]),
]

SEPT_30 = dt.date(2023, 9, 30)
UNOPS_ORIGINAL = "https://www.unops.org/english/News/Pages/UNOPS-to-support-urban-development-partnership.aspx"
# (number, title, publisher, url, accessed, archive_url)
SEED_SOURCES = [
    (1, "Overview", "Cities Alliance",
     "https://www.citiesalliance.org/who-we-are/about-cities-alliance/overview", SEPT_30, None),
    (2, "Overview", "Cities Alliance", "https://www.citiesalliance.org/", SEPT_30, None),
    (3, "Sustainable Cities", "Cities Alliance",
     "https://www.citiesalliance.org/resources/publications/global-knowledge/sustainable-cities", SEPT_30, None),
    (4, "Challenges for international development planning: Preliminary lessons from the case of the "
        "Cities Alliance", "Science Direct",
     "https://www.sciencedirect.com/science/article/abs/pii/S0264275105001241?via%3Dihub", SEPT_30, None),
    (5, "UNOPS to support urban development partnership", "UNOPS", UNOPS_ORIGINAL, SEPT_30,
     "https://web.archive.org/web/20160304025115/" + UNOPS_ORIGINAL),
    (6, "Our Story", "UNOPS", "https://www.unops.org/about/our-story", SEPT_30, None),
    (7, "Cities Alliance New Strategic Plan 2022-2025", "Cities Alliance",
     "https://www.citiesalliance.org/resources/publications/corporate-documents/"
     "cities-alliance-new-strategic-plan-2022-2025", None, None),
    (8, "Climate Change Resilience and Informality", "Cities Alliance",
     "https://www.citiesalliance.org/how-we-work/global-programmes/climate-change-resilience-and-informality/"
     "overview", SEPT_30, None),
    (9, "Overview", "Cities Alliance",
     "https://www.citiesalliance.org/who-we-are/about-cities-alliance/overview", SEPT_30, None),
]


# --- the seed profile ------------------------------------------------------


@needs_seed
def test_seed_claims_map_to_their_paragraph_footnotes() -> None:
    cf = import_profile(SEED)
    assert [(c.text, c.sources) for c in cf.claims] == SEED_CLAIMS


@needs_seed
def test_seed_profile_name_and_claim_ids() -> None:
    cf = import_profile(SEED)
    assert cf.profile.name == "Cities Alliance"
    assert cf.profile.url is None
    assert [c.id for c in cf.claims] == [f"cities-alliance-{i:03d}" for i in range(1, 18)]


@needs_seed
def test_seed_sources() -> None:
    cf = import_profile(SEED)
    got = [(s.number, s.title, s.publisher, s.url, s.accessed, s.archive_url) for s in cf.sources]
    assert got == SEED_SOURCES


@needs_seed
def test_seed_wayback_reference_splits_original_and_memento() -> None:
    s = import_profile(SEED).source(5)
    assert s.url == UNOPS_ORIGINAL
    assert s.archive_url == "https://web.archive.org/web/20160304025115/" + UNOPS_ORIGINAL
    assert s.accessed == SEPT_30  # "Accessed via wayback machine September 30, 2023."


@needs_seed
def test_seed_furniture_gives_no_claims() -> None:
    cf = import_profile(SEED)
    texts = " ".join(c.text for c in cf.claims)
    for furniture in ("Other Group", "International Development Organization", "Parent Organization",
                      "InfluenceWatch", "See an error", "Let us know"):
        assert furniture not in texts
    assert "See an error" not in cf.source(9).url


@needs_seed
def test_seed_round_trips_through_a_claim_file(tmp_path: Path) -> None:
    cf = import_profile(SEED)
    out = save_claim_file(cf, tmp_path / "cities-alliance.yaml")
    assert load_claim_file(out) == cf


@needs_seed
def test_generated_claim_file_is_up_to_date() -> None:
    assert GENERATED.is_file(), "claims/cities-alliance.yaml is missing"
    assert GENERATED.read_text("utf-8") == dump_claim_file(import_profile(SEED))
    assert load_claim_file(GENERATED) == import_profile(SEED)


# --- synthetic profiles ----------------------------------------------------

REF1 = "1. \u201cHome.\u201d Acme. Accessed September 30, 2023. https://acme.example/"
REF2 = "2. \u201cAbout.\u201d Acme. Accessed October 1, 2023. https://acme.example/about"


def _profile(*paragraphs: str, refs: tuple[str, ...] = (REF1, REF2), header: str = "Acme Group") -> str:
    return "\n\n".join((header, *paragraphs, "\n".join(refs))) + "\n"


def _claims(text: str, **kw: object) -> list[tuple[str, list[int]]]:
    return [(c.text, c.sources) for c in parse_profile(text, **kw).claims]


def test_abbreviations_do_not_split_sentences() -> None:
    text = _profile(
        "Acme was based in Washington, D.C. until 2013. It works with U.S. agencies and Acme Inc. on "
        "projects, e.g. road repairs. It funds Project No. 5 in Ghana. 1"
    )
    assert _claims(text) == [
        ("Acme was based in Washington, D.C. until 2013.", [1]),
        ("It works with U.S. agencies and Acme Inc. on projects, e.g. road repairs.", [1]),
        ("It funds Project No. 5 in Ghana.", [1]),
    ]


def test_paragraph_without_footnotes_gives_uncited_claims() -> None:
    text = _profile("Acme is a group. It has no footnotes here.", "Acme builds roads. 2")
    assert _claims(text) == [
        ("Acme is a group.", []),
        ("It has no footnotes here.", []),
        ("Acme builds roads.", [2]),
    ]


def test_footnotes_after_closing_quote_and_commas_inside_quotes() -> None:
    text = _profile("It said \u201cwe build, we fix, we grow.\u201d Then it said \u201cmore.\u201d 1 2")
    assert _claims(text) == [
        ("It said \u201cwe build, we fix, we grow.\u201d", [1, 2]),
        ("Then it said \u201cmore.\u201d", [1, 2]),
    ]


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = _profile("Acme builds roads in\nmany countries. It also\nbuilds bridges. 1")
    assert _claims(text) == [("Acme builds roads in many countries.", [1]), ("It also builds bridges.", [1])]


def test_furniture_gives_no_claims() -> None:
    text = "\n\n".join([
        "Other Group",
        "Acme Group",
        "Nonprofit Organization",
        "Parent Organization:",
        "Acme Holdings Inc.",
        "Headquarters: Washington, D.C.",
        "Contact ExampleWatch with suggested edits or tips for additional profiles.",
        "Acme Group builds roads. 1",
        "Funding",
        "See an error? Let us know!",
        REF1 + "\n" + REF2 + "\n\u00a0See an error? Let us know!",
    ])
    cf = parse_profile(text)
    assert [(c.text, c.sources) for c in cf.claims] == [("Acme Group builds roads.", [1])]
    assert cf.profile.name == "Acme Group"  # mentioned in the body, unlike "Other Group"
    assert [s.url for s in cf.sources] == ["https://acme.example/", "https://acme.example/about"]


def test_boilerplate_glued_to_last_reference_is_dropped() -> None:
    for glue in (" ", "", "\u00a0"):
        text = _profile("Acme builds roads. 2", refs=(REF1, REF2 + glue + "See an error? Let us know!"))
        cf = parse_profile(text)
        assert cf.source(2).url == "https://acme.example/about", repr(glue)
        assert cf.source(2).title == "About"


def test_profile_name_defaults_to_first_header_line_and_can_be_given() -> None:
    text = _profile("The group builds roads. 1", header="Widget Makers")
    assert parse_profile(text).profile.name == "Widget Makers"
    cf = parse_profile(text, name="Widget Makers of America")
    assert cf.profile.name == "Widget Makers of America"
    assert cf.claims[0].id == "widget-makers-of-america-001"


def test_claim_ids_are_stable_and_id_prefix_overrides_slug() -> None:
    text = _profile("Acme builds roads. Acme fixes roads. 1", "Acme plants trees. 2", header="Acme \u00c9cole")
    first = parse_profile(text)
    assert [c.id for c in first.claims] == ["acme-ecole-001", "acme-ecole-002", "acme-ecole-003"]
    assert parse_profile(text) == first
    assert [c.id for c in parse_profile(text, id_prefix="acme").claims] == ["acme-001", "acme-002", "acme-003"]
    with pytest.raises(ImportFormatError):
        parse_profile(text, id_prefix="bad prefix")


def test_footnote_without_reference_raises_with_line() -> None:
    text = "Acme Group\n\nAcme builds roads.\nIt fixes bridges. 1 3\n\n" + REF1 + "\n" + REF2 + "\n"
    with pytest.raises(ImportFormatError) as info:
        parse_profile(text, path="acme.txt")
    assert info.value.path == "acme.txt"
    assert info.value.line == 4
    assert "footnote 3" in str(info.value)
    assert str(info.value).startswith("acme.txt:4:")


def test_reference_without_url_raises_with_line() -> None:
    text = "Acme Group\n\nAcme builds roads. 1\n\n  1. \u201cHome.\u201d Acme. Accessed May 1, 2023.\n"
    with pytest.raises(ImportFormatError) as info:
        parse_profile(text, path="acme.txt")
    assert info.value.line == 5
    assert "reference 1 has no URL" in str(info.value)


def test_missing_reference_list_raises() -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_profile("Acme Group\n\nAcme builds roads. 1\n", path="acme.txt")
    assert info.value.path == "acme.txt"
    assert info.value.line == 3
    assert "reference list" in str(info.value)


def test_decreasing_reference_numbers_raise() -> None:
    text = _profile("Acme builds roads. 1", refs=(REF1, REF2, REF1.replace("1.", "2.", 1)))
    with pytest.raises(ImportFormatError) as info:
        parse_profile(text)
    assert info.value.line == 7
    assert "reference number 2 follows reference 2" in str(info.value)


def test_straight_quotes_author_date_and_indented_list() -> None:
    text = _profile(
        "Acme builds roads. 1 2",
        refs=(
            '    1. "Home." Acme Inc. Accessed Sept. 3, 2023. https://acme.example/',
            '    2. Doe, Jane. "Roads, Bridges and More." Road Journal. 2005. Accessed 4 March 2022. '
            "https://journal.example/roads.",
        ),
    )
    cf = parse_profile(text)
    assert [(s.number, s.title, s.publisher, s.url, s.accessed) for s in cf.sources] == [
        (1, "Home", "Acme Inc.", "https://acme.example/", dt.date(2023, 9, 3)),
        (2, "Roads, Bridges and More", "Road Journal", "https://journal.example/roads", dt.date(2022, 3, 4)),
    ]


def test_reference_without_access_date() -> None:
    text = _profile(
        "Acme builds roads. 1",
        refs=("1. \u201cStrategic Plan 2022-2025.\u201d Acme, 2022. https://acme.example/plan",),
    )
    s = parse_profile(text).source(1)
    assert (s.title, s.publisher, s.accessed) == ("Strategic Plan 2022-2025", "Acme", None)


def test_unreadable_access_date_raises() -> None:
    text = _profile("Acme builds roads. 1", refs=("1. \u201cHome.\u201d Acme. Accessed recently. https://a.example/",))
    with pytest.raises(ImportFormatError) as info:
        parse_profile(text)
    assert info.value.line == 5
    assert "access date" in str(info.value)


def test_wayback_memento_reference_and_wrapped_continuation_line() -> None:
    text = _profile(
        "Acme builds roads. 1",
        refs=(
            "1. \u201cNews.\u201d Acme. March 14, 2013. Accessed via wayback machine May 2, 2023.",
            "   https://web.archive.org/web/20160304025115/http://acme.example/news.aspx",
        ),
    )
    s = parse_profile(text).source(1)
    assert (s.title, s.publisher, s.accessed) == ("News", "Acme", dt.date(2023, 5, 2))
    assert s.url == "http://acme.example/news.aspx"
    assert s.archive_url == "https://web.archive.org/web/20160304025115/http://acme.example/news.aspx"


def test_import_profile_reads_files_and_reports_bad_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "acme.txt"
    good.write_text(_profile("Acme builds roads. 1"), encoding="utf-8")
    assert [c.text for c in import_profile(good).claims] == ["Acme builds roads."]

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Acme Group\n\nAcme \xff builds roads. 1\n")
    with pytest.raises(ImportFormatError) as info:
        import_profile(bad)
    assert info.value.path == str(bad)
    assert info.value.line == 3

    monkeypatch.setattr(profile_mod, "MAX_PROFILE_BYTES", 10)
    with pytest.raises(ImportFormatError, match="larger than 10 bytes"):
        import_profile(good)

    with pytest.raises(ImportFormatError, match="cannot read"):
        import_profile(tmp_path / "missing.txt")


REFS3 = ('\n\n1. "A." Pub. Accessed May 1, 2024. https://a.example/1\n'
         '2. "B." Pub. https://b.example/2 https://b.example/mirror\n3. "C." Pub. https://c.example/3\n')


@pytest.mark.parametrize("body,expected", [
    ("Acme was founded in 1990.[1][2] It has five staff members in Oslo.[3]",
     [("Acme was founded in 1990.", [1, 2]), ("It has five staff members in Oslo.", [3])]),
    ("Acme was founded in 1990.\u00b9 \u00b2 It is a small firm in Oslo.",
     [("Acme was founded in 1990.", [1, 2]), ("It is a small firm in Oslo.", [])]),
    ("Acme was founded in 1990. 1 It has five staff in Oslo. 2",
     [("Acme was founded in 1990.", [1]), ("It has five staff in Oslo.", [2])]),
    ("Acme was founded in 1990 in Oslo. It grew fast after that. 1\u20133",
     [("Acme was founded in 1990 in Oslo.", [1, 2, 3]), ("It grew fast after that.", [1, 2, 3])]),
    ("Acme scored 3 goals in a match. 2 players left the club in May. 3",
     [("Acme scored 3 goals in a match.", [3]), ("2 players left the club in May.", [3])]),
])
def test_footnote_forms_and_inline_footnotes(body, expected):
    cf = parse_profile("Acme\n\n" + body + REFS3)
    assert [(c.text, c.sources) for c in cf.claims] == expected


def test_first_plain_url_of_a_reference_wins():
    cf = parse_profile("Acme\n\nAcme makes anvils in Oslo. 2" + REFS3)
    assert cf.source(2).url == "https://b.example/2"


def test_no_statements_is_an_error():
    with pytest.raises(ImportFormatError):
        parse_profile("Acme\n\nHeader line" + REFS3)
