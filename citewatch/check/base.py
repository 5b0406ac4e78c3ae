"""The support-check interface: a claim and the passages of its sources in,
a verdict with a score and evidence out.

Checkers are pure: no network, no disk. Every backend (the lexical default
here; embedding, NLI or local-LLM backends later) implements
:class:`Checker`, so the pipeline and the evaluator never change when a
backend is added.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from citewatch.extract import Passage

__all__ = ["Verdict", "SourceText", "Evidence", "CheckResult", "Checker"]


class Verdict(str, Enum):
    """What a run concludes about one claim.

    ``supported``, ``partially_supported`` and ``not_supported`` follow the
    three labels of WiCE (Kamoi et al., EMNLP 2023). ``source_unavailable``:
    no cited source could be fetched live or from the archive, so nothing
    could be checked. ``uncited``: the claim cites no source.
    """

    supported = "supported"
    partially_supported = "partially_supported"
    not_supported = "not_supported"
    source_unavailable = "source_unavailable"
    uncited = "uncited"


class SourceText(BaseModel):
    """The extracted passages of one cited source.

    Attributes
    ----------
    source : int
        The footnote number.
    passages : list of Passage
        In reading order.
    """

    source: int
    passages: list[Passage]


class Evidence(BaseModel):
    """A passage offered as support for a claim.

    Attributes
    ----------
    source : int
        Footnote number of the source it comes from.
    text : str
        The passage.
    section : {"main", "full"}
        The text it stands in (see :class:`citewatch.extract.Passage`).
    start, end : int
        Character offsets in that text.
    score : float
        How much of the claim this passage alone covers, in [0, 1].
    """

    source: int
    text: str
    section: str = "main"
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float = Field(ge=0.0, le=1.0)


class CheckResult(BaseModel):
    """A checker's answer for one claim.

    Attributes
    ----------
    verdict : Verdict
        One of supported, partially_supported, not_supported.
    score : float
        Support score in [0, 1]; higher means better supported.
    evidence : list of Evidence
        Best passages first; at most a handful.
    missing : list of str
        Claim terms the evidence does not contain (helps a reviewer see
        which part is unsupported).
    notes : list of str
        Why the verdict is what it is, in words, when a rule decided it
        (e.g. a number in the claim that the page gives differently).
    contradicted : bool
        The evidence says something else (a different number or date), as
        opposed to not saying the claim: a source that could not be read
        cannot change that verdict.
    """

    verdict: Verdict
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    contradicted: bool = False


@runtime_checkable
class Checker(Protocol):
    """A support-check backend.

    Attributes
    ----------
    name : str
        Short name shown in reports, e.g. ``"lexical"``.
    """

    name: str

    def check(self, claim: str, sources: list[SourceText]) -> CheckResult:
        """Judge whether the passages of ``sources`` together support ``claim``.

        Parameters
        ----------
        claim : str
            The claim text.
        sources : list of SourceText
            The passages of every available cited source (at least one).

        Returns
        -------
        CheckResult
            With ``verdict`` one of supported, partially_supported,
            not_supported.
        """
        ...
