"""Reading and writing claim files (YAML) with errors that name file and line."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from citewatch._atomic import atomic_write_text
from citewatch.claims.models import Claim, ClaimFile, Profile, Source, cross_reference_problems
from citewatch.errors import ClaimFileError, Problem

__all__ = ["load_claim_file", "load_claim_files", "dump_claim_file", "save_claim_file", "MAX_CLAIM_FILE_BYTES"]

#: Claim files larger than this many bytes are refused (16 MiB).
MAX_CLAIM_FILE_BYTES = 16 * 1024 * 1024


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present: ~10x faster
    """Safe loader that keeps dates as strings, so pydantic reports bad dates."""


# Drop the implicit timestamp resolver: "2023-13-45" must reach pydantic as a
# string and fail there with a message, not crash PyYAML's constructor.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Aliased(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None,
                seen: set | None = None, dups: list | None = None) -> dict:
    """Map every path into a composed YAML node tree to its 1-based line.

    Raises :class:`_Aliased` when a node is reached twice (YAML anchors and
    aliases, which claim files do not need and which "billion laughs" files
    abuse). Duplicate mapping keys are appended to ``dups`` as
    ``(path, key, line)``.
    """
    if out is None:
        out, seen = {}, set()
    if id(node) in seen:
        raise _Aliased(node.start_mark.line + 1)
    seen.add(id(node))
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        keys: set = set()
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            if key in keys and dups is not None:
                dups.append((path, key, k.start_mark.line + 1))
            keys.add(key)
            _line_index(v, path + (key,), out, seen, dups)
            # A scalar is located at its value; a collection at its key.
            if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)):
                out[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, path + (i,), out, seen, dups)
    return out


def _nearest_line(lines: dict, loc: tuple) -> int | None:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _field_name(loc: Iterable) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


_FIELDS = {
    (): ["profile", "sources", "claims"],
    ("profile",): list(Profile.model_fields),
    ("sources",): list(Source.model_fields),
    ("claims",): list(Claim.model_fields),
}


def _message(err: dict, loc: tuple) -> str:
    """Turn a pydantic error into words a claim-file author understands."""
    kind, msg = err["type"], err["msg"]
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if kind == "extra_forbidden":
        field = str(loc[-1])
        parent = tuple(p for p in loc[:-1] if not isinstance(p, int))
        allowed = _FIELDS.get(parent, [])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else (f" (allowed: {', '.join(allowed)})" if allowed else "")
        return f"unknown field {field!r}{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "should be a mapping of fields (key: value), check the indentation"
    if kind == "list_type":
        return "should be a list, e.g. [1, 2] or one '- item' per line"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "should be a whole number"
    if kind in ("string_type",):
        return "should be text (put it in quotes)"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "not a valid date; write an ISO date such as 2023-09-30"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return msg.replace("String should have", "is too long: at most")
    if kind == "string_pattern_mismatch" and loc[-1] == "id":
        return "claim id may hold only letters, digits, '.', '_' and '-', starting with a letter or digit (at most 200)"
    if kind in ("greater_than_equal", "less_than_equal"):
        return msg.replace("Input should be", "should be")
    if kind == "bool_type":
        return "should be true or false"
    return msg


def _claim_id(data: Any, loc: tuple) -> str | None:
    if len(loc) >= 2 and loc[0] == "claims" and isinstance(loc[1], int):
        try:
            cid = data["claims"][loc[1]]["id"]
        except (KeyError, IndexError, TypeError):
            return None
        return cid if isinstance(cid, str) else None
    return None


def load_claim_file(path: str | Path) -> ClaimFile:
    """Read and validate one YAML claim file.

    Parameters
    ----------
    path : str or pathlib.Path
        The claim file.

    Returns
    -------
    ClaimFile
        The validated model.

    Raises
    ------
    ClaimFileError
        With one :class:`~citewatch.errors.Problem` per problem (YAML syntax,
        missing or bad field, bad date or URL, unknown source number,
        duplicate id), each naming the file, line, claim id and field.
    """
    path = Path(path)
    name = str(path)
    try:
        if not path.is_file():  # also refuses FIFOs and devices such as /dev/zero
            raise ClaimFileError([Problem(name, None, None, "(file)", "not a regular file")])
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CLAIM_FILE_BYTES + 1)
    except OSError as exc:
        raise ClaimFileError([Problem(name, None, None, "(file)", f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_CLAIM_FILE_BYTES:
        raise ClaimFileError([Problem(name, None, None, "(file)", f"larger than {MAX_CLAIM_FILE_BYTES} bytes")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimFileError([Problem(name, None, None, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        dups: list = []
        lines = _line_index(node, dups=dups) if node is not None else {}
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        msg = getattr(exc, "problem", None) or str(exc)
        raise ClaimFileError([Problem(name, line, None, "(file)",
                                      f"YAML syntax error: {msg} (check the indentation and quoting)")]) from None
    except _Aliased as exc:
        raise ClaimFileError([Problem(name, exc.line, None, "(file)",
                                      "YAML anchors and aliases (& and *) are not allowed in claim files")]) from None
    except RecursionError:
        raise ClaimFileError([Problem(name, None, None, "(file)", "YAML nested too deeply")]) from None
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        # An explicit tag whose value PyYAML cannot build (e.g. !!timestamp 2023-13-45).
        raise ClaimFileError([Problem(name, None, None, "(file)",
                                      f"a YAML value cannot be read ({exc}); remove explicit !!tags")]) from None
    finally:
        loader.dispose()
    if node is None or data is None:
        raise ClaimFileError([Problem(name, 1, None, "(file)", "empty claim file (needs profile:, sources:, claims:)")])
    if not isinstance(data, dict):
        raise ClaimFileError([Problem(name, 1, None, "(file)", "top level must be a mapping with profile:, sources:, claims:")])
    problems = [
        Problem(name, line, _claim_id(data, path + (key,)), _field_name(path + (key,)),
                f"duplicate key {key!r}: a second value would silently replace the first")
        for path, key, line in dups
    ]
    problems += [Problem(name, _nearest_line(lines, loc), cid, _field_name(loc), msg) for loc, cid, msg in cross_reference_problems(data)]
    model = None
    try:
        model = ClaimFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            problems.append(Problem(name, _nearest_line(lines, loc), _claim_id(data, loc), _field_name(loc), _message(err, loc)))
    if problems:
        problems.sort(key=lambda p: (p.line or 0))
        raise ClaimFileError(problems)
    assert model is not None
    return model


def load_claim_files(paths: Iterable[str | Path]) -> list[tuple[Path, ClaimFile]]:
    """Load several claim files, checking that claim ids are unique across them.

    Parameters
    ----------
    paths : iterable of path
        Claim files, in the order to report them.

    Returns
    -------
    list of (pathlib.Path, ClaimFile)

    Raises
    ------
    ClaimFileError
        With the problems of every file (all files are read before raising).
    """
    problems: list[Problem] = []
    loaded: list[tuple[Path, ClaimFile]] = []
    seen: dict[str, Path] = {}
    for p in paths:
        p = Path(p)
        try:
            cf = load_claim_file(p)
        except ClaimFileError as exc:
            problems.extend(exc.problems)
            continue
        lines = None
        for i, c in enumerate(cf.claims):
            if c.id in seen:
                if lines is None:
                    lines = _line_index(yaml.compose(p.read_text("utf-8"), Loader=_Loader))
                problems.append(Problem(str(p), _nearest_line(lines, ("claims", i, "id")), c.id, f"claims[{i}].id",
                                        f"claim id {c.id!r} is also used in {seen[c.id]}"))
            else:
                seen[c.id] = p
        loaded.append((p, cf))
    if problems:
        raise ClaimFileError(problems)
    return loaded


def dump_claim_file(cf: ClaimFile) -> str:
    """Render a :class:`ClaimFile` as YAML text in the documented layout.

    Returns
    -------
    str
        YAML with ``profile``, ``sources``, ``claims`` in that order; dates
        as ISO ``YYYY-MM-DD``; claim source lists in flow style.
    """
    data = cf.model_dump(mode="python")

    class _Dumper(yaml.SafeDumper):
        pass

    def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
        flow = all(isinstance(v, int) for v in value)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)

    _Dumper.add_representer(list, _list)
    # Dates as plain YYYY-MM-DD scalars (not quoted strings), as people write them.
    _Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def save_claim_file(cf: ClaimFile, path: str | Path) -> Path:
    """Write a claim file atomically (temporary file, then rename).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    atomic_write_text(path, dump_claim_file(cf))
    return path
