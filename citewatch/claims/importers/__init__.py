"""Importers: turn published, sourced documents into claim files."""

from citewatch.claims.importers.profile import import_profile, parse_profile

__all__ = ["import_profile", "parse_profile"]
