"""Actors: who is named in a sentence, and who did what to whom.

Named actors come from the registry's patterns (``ACTOR`` entities of the parse) and from
registry look-ups of other names the model finds; kinds of actor ("unknown gunmen", "a
civilian", "soldiers") from ``resources/coding/actor_kinds.yaml`` and the registry's generic
actor of the country. Roles come from the dependency parse, not word order: the subject of an
active verb, the agent of a passive ("by X") and a modifier of the act ("Turkish drone", "regime
shelling") are the perpetrator (actor1); the object, the subject of a passive and the object of
"on/against/targeting" are the target (actor2). "X-backed" and "backed by X" name a supporter,
who is neither. Where the parse says nothing, the first-named party acts, as in ACLED's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from ceasefire.coding.model import ActorMention, RegistryLike, Sentence, TriggerHit
from ceasefire.events.taxonomy import INTER_CODES
from ceasefire.yamlfile import parse_yaml

_SUBJECT = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECT = {"nsubjpass", "csubjpass"}
_OBJECT = {"dobj", "obj", "iobj", "attr", "oprd"}
_TARGET_PREPS = {"on", "against", "upon", "targeting", "at", "into", "toward", "towards"}
_MODIFIER = {"compound", "amod", "poss", "nmod"}
_BACKED = re.compile(
    r"^(?:[-–]\w+|\s+and\s+\w+)*[-–\s]?(backed|supported|affiliated|led|allied|aligned|"
    r"sponsored|brokered|guaranteed|mediated)\b(?!\s+by\b)",
    re.I,
)
_BACKED_BY = re.compile(
    r"\b(backed|supported|suppoerted|assisted|accompanied|aided|sponsored|brokered|led"
    r"|guaranteed|mediated) by\s+"
    r"(the\s+|a\s+|an\s+)?$",
    re.I,
)
_CONJOINED = re.compile(r"^\s*,?\s*(?:and|&)\s*(?:the\s+)?$", re.I)
_NER_LABELS = {"ORG", "NORP", "GPE"}
#: Nouns after which a nationality names that state's forces ("Turkish drone", "Russian jets").
_FORCE_NOUNS = frozenset(
    """forces force troops army military soldiers soldier jets jet warplanes warplane aircraft
    drone drones artillery police navy patrol patrols militia militias gunboats helicopters
    helicopter airstrikes airstrike strikes convoy convoys units""".split()  # noqa: SIM905
)
#: "the military forces of Armenia": the state's forces, named or not in the registry.
_FORCES_OF = re.compile(
    r"\b(military|armed|security|police|government) forces of (the )?([A-Z][\w-]+(?: [A-Z][\w-]+)?)"
)
#: Nouns for members of a group: "two members of LaQ" is LaQ.
_MEMBER_NOUNS = frozenset(
    [
        "members",
        "member",
        "fighters",
        "fighter",
        "soldiers",
        "soldier",
        "elements",
        "personnel",
        "militants",
        "officers",
    ]
)
#: "came under fire from X": the subject of "come under" is the target, "from X" the attacker.
_COME = frozenset({"come", "comes", "came", "coming"})
_FIRE_NOUNS = frozenset(
    {"fire", "gunfire", "attack", "attacks", "shelling", "shells", "bombardment", "bombing"}
    | {"strikes", "airstrikes"}
)
#: Triggers whose target is never guessed from word order (the act names no victim).
_NO_GUESSED_TARGET = {"trigger.ceasefire_violation", "trigger.shelling", "trigger.air_strike"}


@dataclass(frozen=True)
class ActorKinds:
    """Compiled patterns for kinds of actor, in file order (first match wins)."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def load_actor_kinds() -> ActorKinds:
    """The packaged ``actor_kinds.yaml``."""
    res = resources.files("ceasefire").joinpath("resources/coding/actor_kinds.yaml")
    doc = parse_yaml(res.read_text(encoding="utf-8"), source="actor_kinds.yaml")
    out: list[tuple[str, re.Pattern[str]]] = []
    for kind, pats in (doc.data or {}).get("kinds", {}).items():
        for pat in pats:
            out.append((kind, re.compile(rf"\b(?:{pat})\b", re.IGNORECASE)))
    return ActorKinds(tuple(out))


def _actor_fields(actor: Any) -> tuple[str, str, str, str]:
    name = str(getattr(actor, "name", "") or "")
    kind = str(getattr(actor, "kind", "") or "").replace("_", " ")
    country = str(getattr(actor, "country", "") or "")
    inter = getattr(actor, "inter", "")
    inter_s = str(inter) if inter not in (None, "") else INTER_CODES.get(kind.lower(), "")
    return name, kind, country, inter_s


def _mention(text: str, start: int, end: int, actor: Any, rule: str) -> ActorMention:
    name, kind, country, inter = _actor_fields(actor)
    return ActorMention(text, start, end, name, kind, country, inter, rule=rule)


def _overlaps(start: int, end: int, found: list[ActorMention]) -> bool:
    return any(start < m.end and m.start < end for m in found)


def _resolve_ent(
    ent: Any, registry: RegistryLike, country: str, countries: frozenset[str], violent: bool
) -> tuple[Any, str]:
    """A registry actor for a name the model found: a group, a demonym, or a state by name."""
    text = ent.text.removeprefix("the ").strip()
    actor = registry.resolve(text, country=country or None)
    if actor is not None:
        return actor, "actor.ner"
    if ent.label_ == "NORP":
        head = ent.root.head
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.text.lower() in _FORCE_NOUNS or ent.root.text.lower() in _FORCE_NOUNS:
            actor = registry.resolve(f"{text} forces", country=country or None)
            return actor, "actor.demonym"
        return None, ""
    if ent.label_ == "GPE" and text in countries:
        kind = "military" if violent else "government"
        return registry.generic(kind, country=text), f"actor.state.{kind}"
    return None, ""


def find_actor_mentions(
    sentence: Sentence,
    registry: RegistryLike | None,
    kinds: ActorKinds,
    country: str,
    countries: frozenset[str] = frozenset(),
) -> list[ActorMention]:
    """Every actor the sentence names, in text order, resolved where the registry can."""
    found: list[ActorMention] = []
    parsed = sentence.parsed
    # a state named as an actor: its government in diplomacy, its forces otherwise
    violent = bool(sentence.triggers) and not sentence.triggers[0].plover
    if registry is not None and parsed is not None:
        for ent in parsed.ents:
            if ent.label_ == "ACTOR":
                actor = registry.resolve(ent.text, country=country or None)
                if actor is None and ent.ent_id_ and ent.ent_id_ != "state":
                    actor = registry.get(ent.ent_id_)
                if actor is not None:
                    found.append(
                        _mention(ent.text, ent.start_char, ent.end_char, actor, "actor.pattern")
                    )
            elif ent.label_ in _NER_LABELS and not _overlaps(ent.start_char, ent.end_char, found):
                actor, rule = _resolve_ent(ent, registry, country, countries, violent)
                if actor is not None:
                    found.append(_mention(ent.text, ent.start_char, ent.end_char, actor, rule))
    if registry is not None:
        # "the military forces of Armenia" names the state's forces, whatever it contains
        for m in _FORCES_OF.finditer(sentence.text):
            kind = "police" if m.group(1).lower() == "police" else "military"
            actor = registry.resolve(m.group(0), country=country or None) or registry.generic(
                kind, country=m.group(3)
            )
            if actor is not None:
                found = [f for f in found if not (f.start < m.end() and m.start() < f.end)]
                found.append(_mention(m.group(0), m.start(), m.end(), actor, "actor.forces_of"))
    if registry is not None and country:
        for kind, regex in kinds.patterns:
            for m in regex.finditer(sentence.text):
                last = m.group(0).split()[-1]
                if _overlaps(m.start(), m.end(), found) or (last[:1].isupper() and m.start() > 0):
                    continue  # part of a name: "the Donbass People's Militia"
                actor = registry.generic(kind, country=country)
                if actor is not None:
                    found.append(
                        _mention(m.group(0), m.start(), m.end(), actor, f"actor.kind.{kind}")
                    )
    found.sort(key=lambda a: a.start)
    for mention in found:
        after = sentence.text[mention.end : mention.end + 14]
        before = sentence.text[max(0, mention.start - 40) : mention.start]
        if _BACKED.match(after) or _BACKED_BY.search(before):
            mention.role = "backer"
    for first, second in pairwise(found):
        # "a truce brokered by Russia and Turkey": both guarantors are context, not actors
        if first.role == "backer" and _CONJOINED.match(sentence.text[first.end : second.start]):
            second.role = "backer"
    return found


def _token_at(doc: Any, char: int) -> Any:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return None


def _dep_role(root: Any, trigger_tok: Any) -> str:
    """actor1 / actor2 / "" for the mention whose syntactic head is ``root``."""
    tok = root
    for _ in range(4):  # "two HTS fighters": the modifier takes the role of the noun it modifies
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if (
            tok.dep_ in _MODIFIER
            and (trigger_tok is None or tok.head.i != trigger_tok.i)
            and tok.head.i != tok.i
        ):
            tok = tok.head
        elif (
            tok.dep_ == "pobj"
            and tok.head.text.lower() == "of"
            and tok.head.head.text.lower() in _MEMBER_NOUNS
        ):
            tok = tok.head.head  # "two members of LaQ" plays the part of "members"
        else:
            break
    dep = tok.dep_
    head = tok.head
    if dep in (_SUBJECT | _PASSIVE_SUBJECT) and not _governs(head, trigger_tok):
        return ""  # the subject of another clause ("whilst a QSD member was clearing it")
    if dep in _SUBJECT and _comes_under(head):
        return "actor2"  # "a regime checkpoint came under fire": the checkpoint is hit
    if dep in _SUBJECT:
        return "actor1"
    if dep in _PASSIVE_SUBJECT:
        return "actor2"
    if dep == "pobj":
        prep = head.text.lower()
        if head.dep_ == "agent" or prep == "by":
            return "actor1"
        if prep == "from" and (_comes_under(head.head) or head.head.text.lower() in _FIRE_NOUNS):
            return "actor1"  # "came under fire from gunmen", "shelling from HTS positions"
        if prep == "between":
            return "actor1" if tok.i == root.i else "actor2"
        if prep in _TARGET_PREPS or prep == "with":
            return "actor2"
        if prep == "to" and head.head.text.lower().startswith("surrender"):
            return "actor2"  # "surrendered to Afghan forces"
        return ""
    if dep in _OBJECT:
        return "actor2"
    if dep in _MODIFIER and trigger_tok is not None and head.i == trigger_tok.i:
        return "actor1"
    return ""


def _comes_under(verb: Any) -> bool:
    """True for "come(s) under" (fire, attack, shelling): its subject is what was hit."""
    return verb.text.lower() in _COME and any(
        c.dep_ == "prep" and c.text.lower() == "under" for c in verb.children
    )


def _governs(verb: Any, trigger_tok: Any) -> bool:
    """True when ``trigger_tok`` is ``verb`` or in its clause (or there is no trigger token)."""
    if trigger_tok is None:
        return True
    tok = trigger_tok
    for _ in range(12):
        if tok.i == verb.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def assign_roles(sentence: Sentence, trigger: TriggerHit | None) -> None:
    """Set ``role`` on the sentence's actor mentions for the event of ``trigger``."""
    parsed = sentence.parsed
    trigger_tok = _token_at(parsed, trigger.start) if parsed is not None and trigger else None
    for m in sentence.actors:
        if m.role == "backer" or parsed is None:
            continue
        span = parsed.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        m.role = _dep_role(span.root, trigger_tok)
        if m.role and m.rule and not m.rule.endswith(".dep"):
            m.rule = f"{m.rule}+role.{m.role}.dep"


def pick_actors(
    sentence: Sentence, trigger: TriggerHit | None
) -> tuple[ActorMention | None, ActorMention | None, list[str]]:
    """The perpetrator and the target of the sentence's event, with the rules that chose them."""
    cands = [m for m in sentence.actors if m.role not in ("backer", "claimant")]
    if trigger is not None and trigger.violent and trigger.event_type != "Riots":
        for m in cands:  # civilians suffer violence in ACLED's coding; they do not commit it
            if m.kind == "civilians" and m.role in ("actor1", ""):
                m.role = "actor2"
    rules: list[str] = []
    actor1 = next((m for m in cands if m.role == "actor1"), None)
    if actor1 is None and cands:
        before = [m for m in cands if trigger is None or m.start < trigger.start]
        actor1 = next((m for m in before if m.role != "actor2"), None)
        if actor1 is None and trigger is not None:
            # after a violent act, a named party is its target rather than its author
            pool = before if trigger.violent else cands
            actor1 = next((m for m in pool if m.role != "actor2" and m.kind != "civilians"), None)
        if actor1 is not None:
            rules.append("actor1.first_named")
    elif actor1 is not None:
        rules.append("actor1.dependency")
    rest = [m for m in cands if actor1 is None or (m is not actor1 and m.name != actor1.name)]
    actor2 = next((m for m in rest if m.role == "actor2"), None)
    if actor2 is not None:
        rules.append("actor2.dependency")
    elif (
        rest and trigger is not None and trigger.violent and trigger.rule not in _NO_GUESSED_TARGET
    ):
        after = [m for m in rest if m.start > trigger.start or m.kind == "civilians"]
        actor2 = next((m for m in after if m.role != "actor1"), None)
        if actor2 is not None:
            rules.append("actor2.next_named")
    return actor1, actor2, rules
