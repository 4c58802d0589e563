"""Verification: the review workflow (votes, comments, recusal); the log is ceasefire.audit."""
