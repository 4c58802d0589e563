"""Verification: the audit log (hash chain) and, later, the review workflow."""
