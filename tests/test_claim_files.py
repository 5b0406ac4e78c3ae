"""Claim files: validation errors name file, line, claim id and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citewatch.claims import ClaimFile, Claim, Profile, Source, dump_claim_file, load_claim_file, load_claim_files
from citewatch.cli import main
from citewatch.errors import ClaimFileError

GOOD = """\
profile: {name: Example, url: https://example.org/profile}
sources:
  - number: 1
    title: Overview
    publisher: Example Org
    url: https://example.org/a
    accessed: 2023-09-30
    archive_url: null
  - number: 2
    url: https://example.org/b
claims:
  - id: ex-001
    text: "Example Org was founded in 1999."
    sources: [1, 2]
  - id: ex-002
    text: "An uncited statement."
    sources: []
"""


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, "utf-8")
    return p


def problems(path: Path):
    with pytest.raises(ClaimFileError) as exc:
        load_claim_file(path)
    return exc.value.problems


def test_good_file_loads(tmp_path):
    cf = load_claim_file(write(tmp_path, GOOD))
    assert cf.profile.name == "Example"
    assert cf.source(1).accessed == dt.date(2023, 9, 30)
    assert [c.sources for c in cf.claims] == [[1, 2], []]


def test_round_trip(tmp_path):
    cf = load_claim_file(write(tmp_path, GOOD))
    again = load_claim_file(write(tmp_path, dump_claim_file(cf), "d.yaml"))
    assert again == cf


def test_unknown_source_number_names_line_claim_and_field(tmp_path):
    p = write(tmp_path, GOOD.replace("sources: [1, 2]", "sources: [1, 7]"))
    [pr] = problems(p)
    assert pr.path == str(p)
    assert pr.line == 14
    assert pr.claim_id == "ex-001"
    assert pr.field == "claims[0].sources[1]"
    assert "unknown source number 7" in pr.message


def test_duplicate_claim_id(tmp_path):
    p = write(tmp_path, GOOD.replace("id: ex-002", "id: ex-001"))
    [pr] = problems(p)
    assert (pr.line, pr.claim_id, pr.field) == (15, "ex-001", "claims[1].id")
    assert "duplicate claim id" in pr.message


def test_duplicate_id_across_files(tmp_path):
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD.replace("ex-002", "ex-003"), "b.yaml")
    with pytest.raises(ClaimFileError) as exc:
        load_claim_files([a, b])
    [pr] = exc.value.problems
    assert pr.path == str(b) and pr.claim_id == "ex-001" and "also used in" in pr.message


def test_bad_date(tmp_path):
    p = write(tmp_path, GOOD.replace("accessed: 2023-09-30", "accessed: 2023-13-45"))
    [pr] = problems(p)
    assert (pr.line, pr.field) == (7, "sources[0].accessed")
    assert "ISO date" in pr.message


def test_bad_url(tmp_path):
    p = write(tmp_path, GOOD.replace("url: https://example.org/b", "url: ftp://example.org/b"))
    [pr] = problems(p)
    assert (pr.line, pr.field) == (10, "sources[1].url")
    assert "http" in pr.message


def test_bad_archive_url(tmp_path):
    p = write(tmp_path, GOOD.replace("archive_url: null", "archive_url: https://example.org/copy"))
    [pr] = problems(p)
    assert pr.field == "sources[0].archive_url" and "Wayback" in pr.message


def test_several_problems_all_reported(tmp_path):
    text = GOOD.replace("sources: [1, 2]", "sources: [1, 9]").replace("accessed: 2023-09-30", "accessed: yesterday")
    text = text.replace('text: "An uncited statement."', "text: ''")
    fields = {pr.field for pr in problems(write(tmp_path, text))}
    # pydantic errors come first; cross-reference errors only once the shape is valid
    assert {"sources[0].accessed", "claims[1].text"} <= fields


def test_missing_field_and_unknown_field(tmp_path):
    p = write(tmp_path, GOOD.replace("    text: \"Example Org was founded in 1999.\"\n", "    txet: oops\n"))
    fields = {(pr.field, pr.claim_id) for pr in problems(p)}
    assert ("claims[0].text", "ex-001") in fields
    assert ("claims[0].txet", "ex-001") in fields


def test_yaml_syntax_error_has_line(tmp_path):
    p = write(tmp_path, GOOD.replace("sources: [1, 2]", "sources: [1, 2"))
    [pr] = problems(p)
    assert pr.line is not None and pr.line >= 13 and "YAML" in pr.message


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just a string\n"])
def test_wrong_top_level(tmp_path, text):
    [pr] = problems(write(tmp_path, text))
    assert pr.field == "(file)"


def test_not_utf8(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_bytes(b"profile: {name: \xff\xfe}\n")
    [pr] = problems(p)
    assert "UTF-8" in pr.message


def test_cli_reports_problems_without_traceback(tmp_path, capsys):
    (tmp_path / "claims").mkdir()
    write(tmp_path / "claims", GOOD.replace("sources: [1, 2]", "sources: [1, 7]"))
    code = main(["--workspace", str(tmp_path), "run", "--offline"])
    err = capsys.readouterr().err
    assert code == 2
    assert "c.yaml:14" in err and "ex-001" in err and "claims[0].sources[1]" in err
    assert "Traceback" not in err


def test_models_refuse_bad_values():
    with pytest.raises(ValueError):
        Source(number=0, url="https://example.org")
    with pytest.raises(ValueError):
        Claim(id="bad id with spaces", text="x")
    with pytest.raises(ValueError):
        Claim(id="ok", text="x", sources=[1, 1])
    cf = ClaimFile(profile=Profile(name="p"), sources=[], claims=[Claim(id="a", text="t", sources=[3])])
    assert cf.problems()[0][2].startswith("unknown source number 3")


def test_all_problems_in_one_pass_sorted_by_line(tmp_path):
    text = (GOOD.replace("    title: Overview\n", "    titel: Overview\n")
            .replace("sources: [1, 2]", "sources: [1, 7]")
            .replace("id: ex-002", "id: ex-001"))
    probs = problems(write(tmp_path, text))
    msgs = [p.message for p in probs]
    assert any("unknown field 'titel' (did you mean 'title'?)" in m for m in msgs)
    assert any("unknown source number 7" in m for m in msgs)
    assert any("duplicate claim id" in m for m in msgs)
    assert [p.line for p in probs] == sorted(p.line for p in probs)


def test_duplicate_yaml_key_is_an_error(tmp_path):
    text = GOOD.replace('    text: "An uncited statement."\n', '    text: "An uncited statement."\n    text: "Replaced."\n')
    [pr] = problems(write(tmp_path, text))
    assert pr.claim_id == "ex-002" and pr.field == "claims[1].text" and "duplicate key" in pr.message


def test_claim_without_sources_key_is_an_error(tmp_path):
    text = GOOD.replace("    sources: []\n", "")
    [pr] = problems(write(tmp_path, text))
    assert pr.claim_id == "ex-002" and "sources" in pr.message and "[]" in pr.message


def test_yaml_alias_bomb_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    [pr] = problems(write(tmp_path, bomb))
    assert "aliases" in pr.message


def test_friendly_type_messages(tmp_path):
    text = GOOD.replace("profile: {name: Example, url: https://example.org/profile}", "profile: Example").replace(
        "  - number: 2\n", "  - number: two\n")
    msgs = {p.field: p.message for p in problems(write(tmp_path, text))}
    assert "mapping" in msgs["profile"]
    assert msgs["sources[1].number"] == "should be a whole number"


@pytest.mark.parametrize("old,new,field,words", [
    ("url: https://example.org/b", "url: https://user:secret@example.org/b", "sources[1].url", "password"),
    ("  - number: 2\n", "  - number: true\n", "sources[1].number", "whole number"),
    ("accessed: 2023-09-30", "accessed: 86400", "sources[0].accessed", "ISO date"),
    ("sources: [1, 2]", "sources: [1, '2']", "claims[0].sources[1]", "whole number"),
])
def test_values_that_would_be_silently_coerced_are_refused(tmp_path, old, new, field, words):
    msgs = {p.field: p.message for p in problems(write(tmp_path, GOOD.replace(old, new)))}
    assert words in msgs[field]


def test_explicit_bad_tag_is_a_problem_not_a_crash(tmp_path):
    [pr] = problems(write(tmp_path, GOOD.replace("accessed: 2023-09-30", "accessed: !!timestamp 2023-13-45")))
    assert "cannot be read" in pr.message


def test_special_files_are_refused(tmp_path):
    import os
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    [pr] = problems(fifo)  # must not block
    assert "regular file" in pr.message
