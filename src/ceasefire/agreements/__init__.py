"""Agreements: the file format, loading and validation, storage, and what each term covers."""

from ceasefire.agreements.loader import agreement_from_json, load_agreement, parse_agreement
from ceasefire.agreements.schema import Agreement

__all__ = ["Agreement", "agreement_from_json", "load_agreement", "parse_agreement"]
