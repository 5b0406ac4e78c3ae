"""Claims: models, claim files and importers."""

from citewatch.claims.files import (
    dump_claim_file,
    load_claim_file,
    load_claim_files,
    save_claim_file,
)
from citewatch.claims.models import Claim, ClaimFile, Profile, Source

__all__ = [
    "Claim",
    "ClaimFile",
    "Profile",
    "Source",
    "dump_claim_file",
    "load_claim_file",
    "load_claim_files",
    "save_claim_file",
]
