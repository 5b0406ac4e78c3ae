"""Support checking: a claim and the passages of its sources to a verdict.

:func:`get_checker` builds a backend by name; ``"lexical"``
(:class:`LexicalChecker`, word overlap, no dependencies) is the default.
"""

from __future__ import annotations

from typing import Any

from citewatch.check.base import CheckResult, Checker, Evidence, SourceText, Verdict
from citewatch.check.lexical import LexicalChecker
from citewatch.errors import ConfigError

__all__ = [
    "Verdict",
    "SourceText",
    "Evidence",
    "CheckResult",
    "Checker",
    "LexicalChecker",
    "get_checker",
    "CHECKERS",
]

#: Backends by name.
CHECKERS: dict[str, type] = {"lexical": LexicalChecker}


def get_checker(name: str = "lexical", **options: Any) -> Checker:
    """Build a support checker by name.

    Parameters
    ----------
    name : str
        A key of :data:`CHECKERS`; ``"lexical"`` by default.
    **options
        Keyword options of that backend (for ``"lexical"``, those of
        :class:`LexicalChecker`: ``t_supported``, ``t_partial``...).

    Returns
    -------
    Checker

    Raises
    ------
    ConfigError
        If ``name`` is not a known backend, or an option is unknown or out
        of range.
    """
    try:
        cls = CHECKERS[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(CHECKERS))
        raise ConfigError(f"unknown checker {name!r} (known: {known})") from None
    try:
        return cls(**options)
    except TypeError as exc:
        raise ConfigError(f"checker {name!r}: bad options {sorted(options)}: {exc}") from None
