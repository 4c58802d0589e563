"""ACLED's event taxonomy (2019+), the mapping from its older 2016 types, and derived columns."""

from __future__ import annotations

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

EVENT_TYPES: tuple[str, ...] = tuple(SUB_EVENT_TYPES)

#: ACLED's event types before 2019, mapped onto the nearest 2019+ type (sub-type when implied).
OLD_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": (
        "Battles",
        "Non-state actor overtakes territory",
    ),
    "remote violence": ("Explosions/Remote violence", ""),
    "violence against civilians": ("Violence against civilians", ""),
    "riots/protests": ("Protests", ""),
    "strategic development": ("Strategic developments", ""),
    "strategic developments": ("Strategic developments", ""),
    "non-violent transfer of territory": (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    "headquarters or base established": (
        "Strategic developments",
        "Headquarters or base established",
    ),
}

DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

#: ACLED's inter codes by actor kind (the registry's ``kind``; unknown kinds map to "").
INTER_CODES: dict[str, str] = {
    "state": "1",
    "military": "1",
    "police": "1",
    "state force": "1",
    "rebel": "2",
    "rebel group": "2",
    "political militia": "3",
    "militia": "3",
    "identity militia": "4",
    "ethnic militia": "4",
    "rioters": "5",
    "protesters": "6",
    "civilians": "7",
    "external": "8",
    "external state": "1",
    "international body": "8",
    "unidentified": "3",
}


def normalise_event_type(event_type: str, sub_event_type: str = "") -> tuple[str, str]:
    """Map an event type of either taxonomy to the 2019+ one (the sub-type kept when current)."""
    et = event_type.strip()
    if et in SUB_EVENT_TYPES:
        return et, sub_event_type.strip()
    old = OLD_EVENT_TYPES.get(et.lower())
    if old is not None:
        return old[0], sub_event_type.strip() or old[1]
    return et, sub_event_type.strip()


def interaction_code(inter1: str, inter2: str) -> str:
    """ACLED's interaction: the two inter codes, smaller first ("17"), or one alone ("10")."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{codes[0]}0"
    return "".join(codes)
