"""The command line: every command has help; errors are one clear line."""

from __future__ import annotations

import json

import pytest

from citewatch.cli import build_parser, main

COMMANDS = [["init"], ["import"], ["import", "profile"], ["validate"], ["run"], ["evaluate"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_every_command_has_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main(cmd + ["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: citewatch") and len(out) > 100


def test_commands_listed_match_parser():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted({c[0] for c in COMMANDS})


def test_usage_errors_exit_2(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--fail-on", "bogus"])
    assert exc.value.code == 2
    assert main(["--workspace", str(tmp_path / "missing"), "run"]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_init_import_validate(tmp_path, capsys):
    profile = tmp_path / "p.txt"
    profile.write_text(
        "Example Org\n\nExample Org was founded in 1999 in Oslo. It builds bridges. 1\n\n"
        '1. "About." Example Org. Accessed March 1, 2024. https://example.org/about\n', "utf-8")
    ws = tmp_path / "ws"
    assert main(["init", str(ws)]) == 0
    assert (ws / "claims").is_dir() and (ws / "citewatch.toml").is_file()
    assert main(["--workspace", str(ws), "import", "profile", str(profile)]) == 0
    written = list((ws / "claims").glob("*.yaml"))
    assert len(written) == 1
    assert main(["--workspace", str(ws), "import", "profile", str(profile)]) == 2  # no silent overwrite
    assert main(["--workspace", str(ws), "import", "profile", str(profile), "--force"]) == 0
    assert main(["--workspace", str(ws), "validate"]) == 0
    assert "2 claims" in capsys.readouterr().out
    assert main(["--workspace", str(ws), "import", "profile", str(tmp_path / "nope.txt")]) == 2


def test_evaluate_json(tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    rows = [
        {"claim": "The river is 300 km long.", "evidence": ["(meta data) TITLE: River", "The river is 300 km long."], "label": "supported"},
        {"claim": "The river froze in 1740.", "evidence": ["(meta data) TITLE: River", "Fish live in it."], "label": "not_supported"},
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    assert main(["evaluate", str(data), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert set(res) == {"n", "balanced_accuracy", "accuracy_3way", "confusion", "claims_per_second"}
    assert res["n"] == 2 and res["balanced_accuracy"] == 1.0
    assert res["confusion"]["supported"]["supported"] == 1


def test_evaluate_bad_input_names_line(tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    data.write_text('{"claim": "a", "evidence": [], "label": "supported"}\n{"claim": "b", "evidence": [], "label": "maybe"}\n')
    assert main(["evaluate", str(data)]) == 2
    err = capsys.readouterr().err
    assert "d.jsonl:2" in err and "label" in err


def test_terminal_escapes_in_claim_files_are_neutralised(tmp_path, capsys):
    ws = tmp_path / "ws"
    main(["init", str(ws)])
    (ws / "claims" / "x.yaml").write_text(
        'profile: {name: "evil\\e]0;PWNED\\a"}\nsources: []\nclaims:\n  - {id: "a", text: "x", sources: [3]}\n', "utf-8")
    assert main(["--workspace", str(ws), "validate"]) == 2
    err = capsys.readouterr().err
    assert "unknown source number 3" in err and "\x1b" not in err and "\x07" not in err


def test_unwritable_output_names_the_target(tmp_path, capsys):
    profile = tmp_path / "p.txt"
    profile.write_text('Acme\n\nAcme makes anvils. 1\n\n1. "About." Acme. https://acme.example/about\n', "utf-8")
    target = tmp_path / "file-not-dir" / "out.yaml"
    (tmp_path / "file-not-dir").write_text("")
    assert main(["import", "profile", str(profile), "--out", str(target)]) in (2, 3)
    err = capsys.readouterr().err
    assert "Traceback" not in err and ".tmp" not in err


@pytest.mark.parametrize("line", [
    '{"claim": "' + "x" * 20001 + '", "evidence": [], "label": "supported"}',
    '{"claim": "\\ud800", "evidence": ["a"], "label": "supported"}',
    "[" * 100000,
    '{"claim": 1' + "0" * 5000 + '}',
])
def test_evaluate_hostile_lines_name_the_line(tmp_path, capsys, line):
    data = tmp_path / "d.jsonl"
    data.write_text('{"claim": "ok", "evidence": ["ok"], "label": "supported"}\n' + line + "\n")
    assert main(["evaluate", str(data)]) == 2
    assert "d.jsonl:2" in capsys.readouterr().err


def test_generated_config_documents_every_setting(tmp_path):
    import re
    import tomllib

    from citewatch.settings import Settings, load_settings
    main(["init", str(tmp_path / "ws")])
    text = (tmp_path / "ws" / "citewatch.toml").read_text()
    assert tomllib.loads(text) == {"citewatch": {}}
    assert set(re.findall(r"^# (\w+) =", text, re.M)) == set(Settings.model_fields)
    # uncommenting every line gives the defaults back
    active = re.sub(r"^# (\w+ =)", r"\1", text, flags=re.M).replace("<version>", "0")
    (tmp_path / "ws" / "citewatch.toml").write_text(active)
    loaded = load_settings(tmp_path / "ws")
    assert loaded.model_dump(exclude={"user_agent"}) == Settings().model_dump(exclude={"user_agent"})


def test_readme_lists_every_setting():
    from pathlib import Path

    from citewatch.settings import Settings
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme[readme.index("## Settings"):]
    missing = [k for k in Settings.model_fields if f"`{k}" not in section]
    assert not missing, missing


def test_import_refuses_claim_ids_used_elsewhere(tmp_path, capsys):
    profile = tmp_path / "p.txt"
    profile.write_text('Acme\n\nAcme makes anvils. 1\n\n1. "About." Acme. https://acme.example/about\n', "utf-8")
    ws = tmp_path / "ws"
    main(["init", str(ws)])
    assert main(["-w", str(ws), "import", "profile", str(profile)]) == 0
    assert main(["-w", str(ws), "import", "profile", str(profile), "--out", str(ws / "claims" / "other.yaml")]) == 2
    assert "acme-001" in capsys.readouterr().err
    assert main(["-w", str(ws), "import", "profile", str(profile), "--out", str(ws / "claims" / "other.yaml"),
                 "--id-prefix", "acme-b"]) == 0
    assert main(["-w", str(ws), "validate"]) == 0


def test_settings_errors_are_plain_and_validate_checks_them(tmp_path, capsys):
    ws = tmp_path / "ws"
    main(["init", str(ws)])
    (ws / "claims" / "x.yaml").write_text("profile: {name: X}\nsources: []\nclaims: []\n")
    (ws / "citewatch.toml").write_text('[citewatch]\nretires = 3\nwayback = "yes"\n')
    assert main(["-w", str(ws), "validate"]) == 2
    err = capsys.readouterr().err
    assert "unknown setting 'retires' (did you mean 'retries'?)" in err
    assert "wayback: should be true or false" in err
    (ws / "citewatch.toml").write_text('[citewatch]\nfail_on = "not_supported, uncited"\n')
    from citewatch.settings import load_settings
    assert load_settings(ws).fail_on == ["not_supported", "uncited"]
    assert main(["-w", str(ws), "validate"]) == 0


def test_evaluate_refuses_special_files(capsys):
    assert main(["evaluate", "/dev/zero"]) == 2
    assert "not a regular file" in capsys.readouterr().err
