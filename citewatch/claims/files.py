"""Reading and writing claim files (YAML) with errors that name file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from citewatch._atomic import atomic_write_text
from citewatch.claims.models import ClaimFile
from citewatch.errors import ClaimFileError, Problem

__all__ = ["load_claim_file", "load_claim_files", "dump_claim_file", "save_claim_file", "MAX_CLAIM_FILE_BYTES"]

#: Claim files larger than this many bytes are refused (16 MiB).
MAX_CLAIM_FILE_BYTES = 16 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, so pydantic reports bad dates."""


# Drop the implicit timestamp resolver: "2023-13-45" must reach pydantic as a
# string and fail there with a message, not crash PyYAML's constructor.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map every path into a composed YAML node tree to its 1-based line."""
    if out is None:
        out = {}
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            _line_index(v, path + (key,), out)
            # A scalar is located at its value; a collection at its key.
            if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)):
                out[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, path + (i,), out)
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
        raw = path.read_bytes()
    except OSError as exc:
        raise ClaimFileError([Problem(name, None, None, "(file)", f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_CLAIM_FILE_BYTES:
        raise ClaimFileError([Problem(name, None, None, "(file)", f"larger than {MAX_CLAIM_FILE_BYTES} bytes")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimFileError([Problem(name, None, None, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        msg = getattr(exc, "problem", None) or str(exc)
        raise ClaimFileError([Problem(name, line, None, "(file)", f"YAML syntax error: {msg}")]) from None
    except RecursionError:
        raise ClaimFileError([Problem(name, None, None, "(file)", "YAML nested too deeply")]) from None
    if node is None or data is None:
        raise ClaimFileError([Problem(name, 1, None, "(file)", "empty claim file (needs profile:, sources:, claims:)")])
    lines = _line_index(node)
    if not isinstance(data, dict):
        raise ClaimFileError([Problem(name, 1, None, "(file)", "top level must be a mapping with profile:, sources:, claims:")])
    try:
        model = ClaimFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            if err["type"] == "date_from_datetime_parsing" or "date" in err["type"]:
                msg = f"{msg} (expected an ISO date such as 2023-09-30)"
            problems.append(Problem(name, _nearest_line(lines, loc), _claim_id(data, loc), _field_name(loc), msg))
        raise ClaimFileError(problems) from None
    problems = [
        Problem(name, _nearest_line(lines, loc), cid, _field_name(loc), msg)
        for loc, cid, msg in model.problems()
    ]
    if problems:
        raise ClaimFileError(problems)
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
    data = cf.model_dump(mode="json")

    class _Dumper(yaml.SafeDumper):
        pass

    def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
        flow = all(isinstance(v, int) for v in value)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)

    _Dumper.add_representer(list, _list)
    _Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v.isoformat()))
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
