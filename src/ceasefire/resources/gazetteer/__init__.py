"""Gazetteer data shipped with ceasefire (see docs/gazetteer.md); no code."""
