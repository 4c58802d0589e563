"""A small decided store for the dashboard tests: the Astana agreement, a dozen incidents in
several zones (assessed, some verified, two under review), a news text with coded spans,
and users of each role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.service import assess_incidents, list_incidents
from ceasefire.db.engine import transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.document_ingest import ingest_texts
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.text import parse_text
from ceasefire.verification.votes import vote
from ceasefire.verification.workflow import transition

AGREEMENT = "astana-2017"
GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
SHELLING = "Explosions/Remote violence"
IS = "Islamic State (Syria)"
TURKEY = "Military Forces of Turkey (2000-)"

#: (day in Jan 2017, place, admin1, lat, lon, actor1, actor2, type, fatalities)
ROWS = [
    (3, "Basima", "Rural Damascus", 33.59, 36.16, "Hezbollah", REBELS, "Battles", 0),
    (5, "Ain al-Fijah", "Rural Damascus", 33.61, 36.10, GOV, REBELS, SHELLING, 3),
    (9, "Douma", "Rural Damascus", 33.5715, 36.404, GOV, REBELS, SHELLING, 1),
    (12, "Aleppo", "Aleppo", 36.2021, 37.1343, REBELS, GOV, SHELLING, 2),
    (14, "Idleb", "Idleb", 35.93, 36.63, GOV, REBELS, SHELLING, 4),
    (16, "Hama", "Hama", 35.13, 36.75, GOV, REBELS, "Battles", 9),
    (18, "Dar'a", "Dar'a", 32.62, 36.10, REBELS, GOV, "Battles", 0),
    (20, "Al-Bab", "Aleppo", 36.37, 37.52, IS, GOV, "Battles", 5),
    (22, "Homs", "Homs", 34.73, 36.71, GOV, "Civilians (Syria)", SHELLING, 1),
    (25, "Raqqa", "Ar-Raqqa", 35.95, 39.01, TURKEY, IS, SHELLING, 0),
    (27, "Deir-ez-Zor", "Deir-ez-Zor", 35.33, 40.14, IS, GOV, "Battles", 6),
]  # fmt: skip

#: A claim about Hama's incident: the government accuses the rebels of the fighting there.
CLAIM = EventRecord(
    event_date=date(2017, 1, 16), event_type="Battles", sub_event_type="Armed clash",
    actor1=REBELS, actor2=GOV, country="Syria", admin1="Hama", location="Hama", latitude=35.13,
    longitude=36.75, source="SANA", notes="SANA: terrorists attacked army positions in Hama.",
    modality="alleged", claimant=GOV, plover_code="ACCUSE",
)  # fmt: skip

#: Votes by place: both of Russia's and Turkey's votes (Iran joins on 24 Jan).
DECIDED = {"Douma": "verified", "Aleppo": "verified", "Idleb": "verified", "Basima": "not_verified"}
#: Incidents left under review for the browser test to vote on.
UNDER_REVIEW = ("Hama", "Homs")

ARTICLE = (
    "Title: Shelling reported in Wadi Barada\nDate: 2017-01-06\nSource: Example Wire\n\n"
    "Government forces shelled Ain al-Fijah in Wadi Barada on Thursday, killing three "
    "civilians, activists said. The water spring that supplies Damascus was damaged."
)

USERS = {
    "admin": ("admin", "United Nations"),
    "ru": ("monitor", "Russia"),
    "tr": ("monitor", "Turkey"),
    "observer": ("observer", "European Union"),
}


@dataclass
class Seeded:
    url: str
    tokens: dict[str, str]
    ids: dict[str, int]  # place -> incident id


def seed_store(
    url: str, folder: Path, *, with_text: bool = True, with_claim: bool = True
) -> Seeded:
    init_store(url)
    engine = open_store(url)
    try:
        store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="test")
        events = [
            EventRecord(
                event_date=date(2017, 1, day), event_type=kind, actor1=a1, actor2=a2,
                country="Syria", admin1=admin1, location=place, latitude=lat, longitude=lon,
                fatalities=deaths, source="Example monitor", notes=f"{kind} at {place}.",
                sub_event_type="Shelling/artillery/missile attack" if kind == SHELLING
                else "Armed clash",
            )
            for day, place, admin1, lat, lon, a1, a2, kind, deaths in ROWS
            if not (with_text and place == "Ain al-Fijah")
        ]  # fmt: skip
        path = folder / "events.jsonl"
        if with_claim:
            events.append(CLAIM)
        path.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in events))
        ingest_file(engine, path, actor="test")
        if with_text:
            ingest_texts(engine, [parse_text(ARTICLE, source="Example Wire")], actor="test")
        tokens: dict[str, str] = {}
        ids: dict[str, int] = {}
        with transaction(engine) as session:
            fuse(session, actor="test")
            assess_incidents(session, agreement_id=AGREEMENT, actor="test")
            users = {}
            for name, (role, org) in USERS.items():
                users[name], tokens[name] = create_user(
                    session=session, name=name, role=role, organisation=org, actor="test"
                )
            for line in list_incidents(session, agreement_id=AGREEMENT):
                incident = line.incident
                if incident.allegation:
                    ids[f"{incident.location} (claim)"] = incident.id
                    continue
                ids[incident.location] = incident.id
                outcome = DECIDED.get(incident.location)
                wanted = outcome is not None or incident.location in UNDER_REVIEW
                if wanted and incident.status == "reported":
                    transition(session=session, incident_id=incident.id, to="under_review",
                               user=users["ru"], reason="seen", agreement_id=AGREEMENT)  # fmt: skip
                if outcome is not None:
                    for member in ("ru", "tr"):
                        vote(session=session, incident_id=incident.id, user=users[member],
                             choice=outcome, rationale="Seen by our monitors.")  # fmt: skip
    finally:
        engine.dispose()
    return Seeded(url=url, tokens=tokens, ids=ids)
