"""citewatch: keep every cited statement honest over time.

Stages, one module each: :mod:`citewatch.claims` (claim files, importers),
:mod:`citewatch.snapshots` (live fetch, Wayback Machine, WARC store),
:mod:`citewatch.extract` (bytes to passages), :mod:`citewatch.check`
(claim and passages to verdict), :mod:`citewatch.pipeline` (a run),
:mod:`citewatch.reports` (HTML, JSON), :mod:`citewatch.cli`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
