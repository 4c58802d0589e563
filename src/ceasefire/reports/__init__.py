"""Situation reports and exports of what is stored."""
