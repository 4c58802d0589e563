"""Who says so: statements by parties and guarantors are claims, reports by monitors are not.

"The Russian Defence Ministry said armed opposition groups violated the ceasefire twelve
times" reports no act anyone saw: a party (or guarantor) asserts something about another. The
event is an allegation (modality ``alleged``) with the speaker as claimant; "X said Y violated
the ceasefire" is the accusation itself (PLOVER ACCUSE by X against Y), "X said Y shelled Z"
the shelling, alleged, by Y. "... the Syrian Observatory said", "activists say", "according to
medics" name a *reporter* (a monitor, an NGO, the press, witnesses): the event stays observed
and the reporter is kept as its source. The speaker is never the actor of what they report.

A guarantor's bulletin, "registered 12 violations: 8 in Idlib, 3 in Latakia, 1 in Aleppo",
becomes one allegation per place with its count; the count is kept in the event's ``tags``
as ``claimed_count=N`` (ACLED's free-text tag column), "twelve times" likewise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ceasefire.coding.fatalities import to_number
from ceasefire.coding.model import ActorMention, Sentence, TriggerHit

#: Verbs that introduce what someone says (no lemmatizer runs, so every form is listed).
SPEECH = frozenset(
    """say says said saying tell tells told report reports reported announce announces
    announced state states stated claim claims claimed insist insists insisted add adds
    added note notes noted register registers registered record records recorded document
    documents documented confirm confirms confirmed declare declares declared allege
    alleges alleged accuse accuses accused""".split()  # noqa: SIM905
)
#: Speakers who report rather than take part: monitors, NGOs, the UN, the press, witnesses.
_REPORTER = re.compile(
    r"\b(observatory|sohr|snhr|monitor(s|ing)?|activists?|witness(es)?|residents?"
    r"|local (people|sources?)|medics?|doctors?|paramedics?|hospitals?|rescuers?|civil defen[cs]e"
    r"|white helmets|ngos?|charity"
    r"|rights? (group|groups|organi[sz]ation|network)|human rights|amnesty|watch|united nations"
    r"|un|ocha|unicef|who|red crescent|red cross|icrc|msf|reuters|afp|ap|associated press"
    r"|news agency|correspondents?|journalists?|reporters?|sources?|newspaper|tv|television"
    r"|media|anha|hawar|enab baladi|smart)\b",
    re.IGNORECASE,
)
#: Organs of a party, even where a reporter word follows ("state media", "SANA").
_PARTY = re.compile(
    r"\b(ministry|ministers?|military|army|armed forces|government|regime|command|commanders?"
    r"|authorities|police|spokes(man|woman|person)|officials?|presidency|president|general staff"
    r"|state[- ](run )?"
    r"(media|tv|television|news agency|news)|sana|tass|ria|sputnik|anadolu|irna|tasnim"
    r"|reconciliation|coalition|rebels?|opposition (factions?|groups?|fighters?|commanders?)"
    r"|faction|militants?|hts|sdf|ypg|pkk|isis|isil|is|hezbollah|jfs|nusra|tahrir|ahrar)\b",
    re.IGNORECASE,
)
_STATE_ORGAN = re.compile(
    r"\b(state[- ](run )?(media|tv|television|news agency|news)|sana|tass|ria|sputnik|irna)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"\baccording to (?P<who>(the |a |an )?[\w'’.-]+(?: [\w'’.-]+){0,6}?)(?=[,.;]|$| on | in )",
    re.IGNORECASE,
)
_PARTY_KINDS = frozenset(
    {
        "state force",
        "state_force",
        "government",
        "external state",
        "external_state",
        "rebel group",
        "rebel_group",
        "jihadist group",
        "jihadist_group",
        "militia",
        "police",
        "military",
    }
)
_NUMBER = (
    r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen"
    r"|[a-z]+ty(?:[- ][a-z]+)?)"
)
_TIMES = re.compile(rf"\b{_NUMBER} times\b", re.IGNORECASE)
_VIOLATIONS = re.compile(
    rf"\b{_NUMBER} (?:(?:cease-?fire|truce) )?"
    r"(?:violations|breaches|violations of the (?:cease-?fire|truce))\b",
    re.IGNORECASE,
)
_PER_PLACE = re.compile(
    rf"\b{_NUMBER} (?:(?:violations?|breaches|cases|times|incidents) )?in (?:the )?"
    r"(?P<place>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)"
)


@dataclass
class Speaker:
    """Who says what the sentence reports: character span, kind and name."""

    start: int
    end: int
    text: str
    kind: str  # "party", "reporter" or "unknown"
    actor: ActorMention | None = None
    clause: tuple[int, int] | None = None  # character span of what is said, when known

    def covers(self, m: ActorMention) -> bool:
        return self.start <= m.start < self.end


def _token_at(doc: Any, char: int) -> Any:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return None


def _span(tokens: Any) -> tuple[int, int]:
    toks = list(tokens)
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _classify(text: str, actor: ActorMention | None) -> str:
    """``party`` for a state's or an armed group's organs (its "sources" included: "Taliban
    sources"), ``reporter`` for monitors, NGOs, the press and witnesses, else ``unknown``."""
    if _STATE_ORGAN.search(text):
        return "party"
    if actor is not None and actor.kind.lower() in _PARTY_KINDS:
        return "party"
    if _REPORTER.search(text) and not re.search(
        r"\b(ministry|military|army|spokes\w+|officials?|government|authorities|police)\b",
        text,
        re.IGNORECASE,
    ):
        return "reporter"
    if _PARTY.search(text):
        return "party"
    return "unknown"


def find_speaker(sentence: Sentence, trigger: TriggerHit) -> Speaker | None:
    """The speaker of the clause holding ``trigger``: the subject of a verb of saying whose
    complement holds it ("X said [Y shelled Z]", "[Y shelled Z], X said"), or "according to X"."""
    doc = sentence.parsed
    found: Speaker | None = None
    if doc is not None:
        tok = _token_at(doc, trigger.start)
        if tok is not None:
            found = _speech_subject(sentence, doc, tok)
    if found is None:
        m = _ACCORDING.search(sentence.text)
        if m is not None:
            a, b = m.span("who")
            found = _speaker(sentence, a, b, None)
    return found


_PRONOUN = frozenset({"it", "they", "we", "he", "she", "i"})


def _speech_subject(sentence: Sentence, doc: Any, tok: Any) -> Speaker | None:
    ancestors = list(tok.ancestors)
    # "X registered 12 violations": the trigger is the telling itself
    candidates = [tok] if tok.lower_ in SPEECH else []
    candidates += [v for v in ancestors if v.lower_ in SPEECH]
    # "[Y shelled Z], X said": the parser may hang the verb of saying under the act
    candidates += [
        c for c in tok.children if c.lower_ in SPEECH and c.dep_ in ("parataxis", "ccomp", "advcl")
    ]
    for verb in candidates:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in _PRONOUN or (verb is not tok and tok in subj.subtree):
            continue
        a, b = _span(subj.subtree)
        if verb is tok:
            clause = (tok.idx, len(sentence.text))
        elif verb in ancestors:
            said = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj")), None)
            clause = _span(said.subtree) if said is not None else (verb.idx + len(verb.text), b)
        else:
            clause = _span(tok.subtree)
        return _speaker(sentence, a, b, clause)
    return None


def _speaker(sentence: Sentence, a: int, b: int, clause: tuple[int, int] | None) -> Speaker:
    text = sentence.text[a:b]
    actor = next((m for m in sentence.actors if m.start < b and a < m.end), None)
    return Speaker(a, b, text, _classify(text, actor), actor, clause)


_MILITARY_ORGAN = re.compile(
    r"\b(defen[cs]e|military|army|armed forces|air force|general staff|reconciliation|command)\b",
    re.IGNORECASE,
)


def resolve_speaker(sentence: Sentence, speaker: Speaker, registry: Any) -> None:
    """Name a party speaker that no actor mention covers by its state ("the Russian Defence
    Ministry" -> Russia's forces, "Syrian state media" -> Syria's government)."""
    if speaker.actor is not None or speaker.kind != "party" or registry is None:
        return
    doc = sentence.parsed
    if doc is None:
        return
    for ent in doc.ents:
        if ent.label_ not in ("NORP", "GPE") or not (speaker.start <= ent.start_char < speaker.end):
            continue
        forces = registry.resolve(f"{ent.text} forces") or registry.resolve(ent.text)
        country = str(getattr(forces, "country", "") or "")
        if not country:
            continue
        kind = "military" if _MILITARY_ORGAN.search(speaker.text) else "government"
        actor = registry.generic(kind, country=country) or forces
        mention = ActorMention(
            text=speaker.text,
            start=speaker.start,
            end=speaker.end,
            name=str(actor.name),
            kind=str(getattr(actor, "kind", kind) or kind).replace("_", " "),
            country=country,
            inter=str(getattr(actor, "inter", "") or ""),
            role="claimant",
            rule=f"actor.speaker_state.{kind}",
        )
        sentence.actors = sorted([*sentence.actors, mention], key=lambda m: m.start)
        speaker.actor = mention
        return


def claimed_counts(sentence: Sentence) -> list[tuple[int, str | None]]:
    """``(count, place text)`` per place of a bulletin ("8 in Idlib, 3 in Latakia"), else the
    one total ("12 violations", "twelve times") with no place; empty when no count is given."""
    text = sentence.text
    total = _VIOLATIONS.search(text) or _TIMES.search(text)
    per_place: list[tuple[int, str | None]] = []
    tail = text[total.end() :] if total is not None else ""
    offset = total.end() if total is not None else 0
    if total is not None and re.match(r"\s*[:(,-]", tail):
        for m in _PER_PLACE.finditer(text, offset):
            n = to_number(m.group(1))
            if n is not None:
                per_place.append((n, m.group("place")))
    if per_place:
        return per_place
    if total is not None:
        n = to_number(total.group(1))
        return [(n, None)] if n is not None else []
    return []


#: Triggers that are themselves a charge of violation ("violated the ceasefire").
ACCUSATIONS = frozenset({"trigger.ceasefire_violation", "trigger.violations_recorded"})


def clean_speaker(text: str) -> str:
    """The speaker as written, without a leading article."""
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _names_another_actor(sentence: Sentence, trigger: TriggerHit, speaker: Speaker) -> bool:
    """Does the reported clause give its act a subject other than the speaker ("terrorists
    fired rockets"), rather than none ("6 soldiers were killed") or a pronoun ("they")?"""
    doc = sentence.parsed
    tok = _token_at(doc, trigger.start) if doc is not None else None
    if tok is None:
        return False
    for verb in (tok, tok.head):
        for child in verb.children:
            named = child.dep_ in ("nsubj", "agent") and child.lower_ not in _PRONOUN
            if named and not speaker.start <= child.idx < speaker.end:
                return True
    return False


def apply_speaker(
    sentence: Sentence,
    trigger: TriggerHit,
    speaker: Speaker,
    actor1: ActorMention | None,
    actor2: ActorMention | None,
    rules: list[str],
) -> tuple[TriggerHit, ActorMention | None, ActorMention | None, list[str]]:
    """Roles and modality of an event someone reports (see the module docstring).

    Returns the trigger (an accusation becomes PLOVER ACCUSE), actor1, actor2 and the rules.
    """
    clause = speaker.clause or (speaker.end, len(sentence.text))
    said = [
        m
        for m in sentence.actors
        if clause[0] <= m.start < clause[1] and not speaker.covers(m) and m.kind != "civilians"
    ]
    claimant = speaker.actor
    accused = actor1 if actor1 is not None and not speaker.covers(actor1) else None
    if accused is None:
        accused = next((m for m in said if m.start < trigger.start and m is not actor2), None)
    if actor2 is not None and speaker.covers(actor2):
        actor2 = None
    own = (
        speaker.kind == "party"
        and claimant is not None
        and (accused is None or accused.name == claimant.name)
        and not _names_another_actor(sentence, trigger, speaker)
    )
    if actor1 is not None and speaker.covers(actor1) and not own:
        actor1 = accused  # the speaker is not the actor of what it reports
        rules = [*rules, "actor1.not_speaker"]
    if speaker.kind == "reporter":
        sentence.modality_rule = "modality.reported_by"
        return trigger, actor1, actor2, rules
    if speaker.kind != "party":
        return trigger, actor1, actor2, rules
    if trigger.rule in ACCUSATIONS:
        return _accusation(sentence, trigger, speaker, accused, rules)
    if own:
        # a party telling of its own act ("Taliban said 11 soldiers were killed")
        sentence.modality_rule = "modality.party_own_act"
        return trigger, claimant, actor2, [*rules, "actor1.speaker_own_act"]
    if accused is None or (claimant is not None and accused.name == claimant.name):
        # a party tells of an act by no one it names: its report, not an accusation
        sentence.modality_rule = "modality.party_report"
        return trigger, actor1, actor2, rules
    _allege(sentence, speaker)
    return trigger, accused, actor2, [*rules, "actor1.accused"]


def _allege(sentence: Sentence, speaker: Speaker) -> None:
    claimant = speaker.actor
    sentence.modality = "alleged"
    sentence.claimant = claimant.name if claimant is not None else clean_speaker(speaker.text)
    sentence.modality_rule = "modality.party_statement"
    if claimant is not None:
        claimant.role = "claimant"


def _accusation(
    sentence: Sentence,
    trigger: TriggerHit,
    speaker: Speaker,
    accused: ActorMention | None,
    rules: list[str],
) -> tuple[TriggerHit, ActorMention | None, ActorMention | None, list[str]]:
    """ "X said Y violated the ceasefire": the charge itself, PLOVER ACCUSE by X against Y."""
    _allege(sentence, speaker)
    claimant = speaker.actor
    if accused is not None and claimant is not None and accused.name == claimant.name:
        accused = None
    charge = TriggerHit(
        rule=trigger.rule,
        start=trigger.start,
        end=trigger.end,
        event_type="Strategic developments",
        sub_event_type="Other",
        plover="ACCUSE",
        priority=trigger.priority,
        violent=False,
        role="accuse",
    )
    return charge, claimant, accused, [*rules, "actor1.claimant", "actor2.accused"]
