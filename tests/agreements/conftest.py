"""Fixtures for agreement tests: one small, valid agreement file written out line by line."""

from __future__ import annotations

import pytest

from ceasefire.agreements.loader import parse_agreement
from ceasefire.agreements.schema import Agreement

# Line numbers matter: the error tests in test_loader.py point at them.
BASE_YAML = """\
id: test-ceasefire
name: Test ceasefire
timezone: Asia/Damascus
effective_from: 2016-12-30T00:00:00
effective_until: 2017-06-30T00:00:00
parties:
  - actor: Military Forces of Syria (2000-)
    side: government
    includes: [Hezbollah, "NDF: National Defense Forces"]
  - actor: Opposition Rebels (Syria)
    side: opposition
    includes: [Jaish al Islam]
guarantors:
  - Russia
  - Turkey
  - name: Iran
    joined: 2017-01-24T00:00:00
observers: [United States, United Nations]
monitors: [Joint Monitoring Team]
scope:
  countries: [Syria]
excluded_actors: [Islamic State (Syria), "JFS: Jabhat Fateh al Sham"]
prohibited_acts:
  - Battles
  - event_type: Explosions/Remote violence
  - event_type: Violence against civilians
    sub_event_types: [Attack]
zones:
  - id: wadi-barada
    name: Wadi Barada
    polygon:
      coordinates: [[[36.0, 33.55], [36.25, 33.55], [36.25, 33.7], [36.0, 33.7], [36.0, 33.55]]]
  - id: damascus
    name: Damascus and Rural Damascus
    admin1: [Damascus, Rural Damascus]
  - id: al-tall
    name: Al-Tall district
    admin2: [Al-Tall]
verification:
  members: [Russia, Turkey, Iran]
  quorum: unanimous
"""


@pytest.fixture
def base_yaml() -> str:
    return BASE_YAML


@pytest.fixture
def agreement() -> Agreement:
    return parse_agreement(BASE_YAML, source="base.yaml")
