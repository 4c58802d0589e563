"""Allegations: is an event observed, alleged by someone, or denied?

"X accused Y of violating the ceasefire" is an accusation (PLOVER ACCUSE) by X against Y, not a
violation seen to happen: its modality is ``alleged`` and its claimant X. "X accused Y of shelling
Z" codes the shelling, alleged, with claimant X. "X denied ..." is ``denied``. "X claimed",
"according to X" and "allegedly" also make an event alleged.
"""

from __future__ import annotations

import re
from typing import Any

from ceasefire.coding.model import Sentence, TriggerHit

_CLAIM = re.compile(
    r"\b(claimed|claims|alleged(ly)?|allegations?|purportedly|accus\w+|blam\w+)\b", re.IGNORECASE
)
_ACCORDING = re.compile(r"\baccording to (the )?(?P<who>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)")


def _token_at(doc: Any, char: int) -> Any:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return None


def claimant_span(sentence: Sentence, trigger: TriggerHit) -> tuple[int, int] | None:
    """Character span of who makes the claim: the subject of the claiming verb or its clause."""
    doc = sentence.parsed
    if doc is None:
        return None
    tok = _token_at(doc, trigger.start)
    for _ in range(6):
        if tok is None:
            return None
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            left = min(t.idx for t in subj.subtree)
            right = max(t.idx + len(t.text) for t in subj.subtree)
            return left, right
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def judge_modality(sentence: Sentence, trigger: TriggerHit | None) -> Sentence:
    """Stage ``ceasefire.allegations.v1``: modality and claimant of the sentence's event."""
    if trigger is None:
        return sentence
    claim = next((h for h in sentence.triggers if h.role in ("accuse", "deny")), None)
    if claim is not None and claim.start <= trigger.start:
        sentence.modality = "denied" if claim.role == "deny" else "alleged"
        sentence.modality_rule = f"modality.{claim.role}"
        span = claimant_span(sentence, claim)
        if span is not None:
            sentence.claimant = _claimant_name(sentence, span)
        return sentence
    m = _ACCORDING.search(sentence.text)
    if _CLAIM.search(sentence.text) and m is not None:
        sentence.modality = "alleged"
        sentence.modality_rule = "modality.according_to"
        sentence.claimant = _claimant_name(sentence, m.span("who"))
    return sentence


def _claimant_name(sentence: Sentence, span: tuple[int, int]) -> str:
    start, end = span
    for actor in sentence.actors:
        if actor.start < end and start < actor.end:
            actor.role = "claimant"
            return actor.name
    return sentence.text[start:end]
