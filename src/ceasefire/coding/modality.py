"""Plans and commentary: events a text does not tell as having happened.

A meeting that *will* take place, a strike a group *threatened* to carry out, an attack *if* the
shelling continues: none of them happened, so none is coded as observed or dated as if it had.
They keep their PLOVER code (a threat of violence becomes Strategic developments with PLOVER
THREATEN) and take modality ``planned``; the date they are planned for goes into ``tags``
(``planned_for=YYYY-MM-DD``), never into ``event_date``. Commentary (an op-ed's or an analyst's
judgement: "In my view, the bombardment shows the truce has failed") codes no event at all.

Among non-violent political triggers the PLOVER code follows the governing verb: "refused to
negotiate with Iran" is REJECT (the verb is *refused*), "demanded talks" DEMAND.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ceasefire.coding.model import Sentence, TriggerHit

# Words just before a trigger that put its act in the future, a plan, a threat or a condition:
# "will meet", "plans to attack", "threatened to shell", "would travel", "is set to sign".
_BEFORE = re.compile(
    r"\b(will|would|shall|'ll|won'?t|wouldn'?t|(is|are|was|were) (to|due to|set to|expected to|"
    r"scheduled to|slated to|going to|poised to|about to)|(?-i:may)|might|could|"
    r"(plan|intend|aim|prepare|threaten|vow|pledge|promise|seek|hope|propose|want|decide|"
    r"offer|agree)(s|d|ed|ing)? to|ready to|planned|planning|upcoming|forthcoming|proposed|"
    r"future|next|prospective|anticipated|new round of)"
    r"((\s+|\s*-\s*)(not|also|soon|then|likely|probably|again|jointly|formally|officially|"
    r"be|have|\w+ly|\w+ed|round of|the|a|an|\w+ and|launch|carry out|conduct|hold|stage|"
    r"begin|start|resume|mount|open|sign|attend|join|step up|make|take|travel to|go to))*\s*$",
    re.IGNORECASE,
)
# Words just after a noun trigger that put it in the future: "talks will be held", "a meeting
# is scheduled for", "negotiations are to resume".
_AFTER = re.compile(
    r"^(\s+\w+){0,4}?\s+(will|would|shall|(is|are) (to|due|set|scheduled|slated|planned|"
    r"expected))\b",
    re.IGNORECASE,
)
# A condition around the act: "if the shelling continues", "unless rebels withdraw".
_CONDITION = re.compile(r"\b(if|unless|should (they|it|he|she))\b[^,;]*$", re.IGNORECASE)
_THREAT = re.compile(r"\b(threat\w*|warn\w*|vow\w*|ultimatum)\b", re.IGNORECASE)
# A time ahead: "next month", "in the coming days", "tomorrow", "later this week".
_AHEAD = re.compile(
    r"\b(next (week|month|year|round|session)|tomorrow|in the coming (days|weeks|months)|"
    r"later this (week|month|year)|in (a|two|three|several) (days|weeks)'? time)\b",
    re.IGNORECASE,
)
# Commentary: the writer's own judgement, or a piece headed as opinion or analysis.
_OPINION = re.compile(
    r"\b((?i:in my (view|opinion)|in our (view|opinion)|it seems to me|to my mind)|"
    r"I (think|believe|would argue|argue|fear)|(?i:we) (must|should|need to))\b",
)
_HEADED = re.compile(
    r"^\s*(opinion|analysis|commentary|comment|op-?ed|editorial|viewpoint|perspective)\s*[:|\-–—]",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(but|while|after|as|when|and)\b|\.\s")


def _clause_before(text: str, start: int) -> str:
    """The part of ``text`` before ``start`` back to the last clause break (at most 80 chars)."""
    window = text[max(0, start - 80) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def plan_rule(sentence: Sentence, trigger: TriggerHit, reference: date | None) -> str | None:
    """The rule by which the trigger's act is planned, threatened, conditional or future
    (``modality.threat``, ``modality.conditional``, ``modality.future``,
    ``modality.future_date``), else None."""
    if trigger.plover == "THREATEN":
        return "modality.threat"  # "threatened to ...", "warned": the act is not done
    text = sentence.text
    before = _clause_before(text, trigger.start)
    if _CONDITION.search(before):
        return "modality.conditional"
    if _BEFORE.search(before):
        return "modality.future"
    if not trigger.violent and _AFTER.match(text[trigger.end : trigger.end + 60]):
        return "modality.future"
    if not trigger.violent and _AHEAD.search(text[trigger.start :]):
        return "modality.future"
    day = sentence.dates[0][2] if sentence.dates else None
    if reference is not None and isinstance(day, date) and day > reference:
        return "modality.future_date"
    return None


def is_threat(sentence: Sentence, trigger: TriggerHit) -> bool:
    """True when the planned act is a threat ("threatened to attack", "warned it would")."""
    return bool(_THREAT.search(_clause_before(sentence.text, trigger.start)))


def is_commentary(sentence: Sentence) -> bool:
    """True for the writer's own judgement ("In my view, ...", "we must ...")."""
    return bool(_OPINION.search(sentence.text))


def is_opinion_piece(text: str, title: str = "") -> bool:
    """True for a piece headed as opinion, analysis or commentary ("Opinion: ...")."""
    return bool(_HEADED.match(title) or _HEADED.match(text[:200]))


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def governing_trigger(sentence: Sentence, hits: list[TriggerHit]) -> TriggerHit | None:
    """Among non-violent PLOVER triggers, the one on the verb nearest the root of the parse
    ("refused to negotiate": *refused* governs *negotiate*), else None when the parse does not
    decide (no parse, or a tie)."""
    doc = sentence.parsed
    if doc is None or len(hits) < 2:
        return None
    ranked: list[tuple[int, int, TriggerHit]] = []
    for hit in hits:
        token = next((t for t in doc if t.idx <= hit.start < t.idx + len(t.text)), None)
        if token is None:
            return None
        ranked.append((_depth(token), hit.start, hit))
    ranked.sort(key=lambda r: (r[0], r[1]))
    if ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][2]
