"""Assemble events from what the stages found in each sentence, by ACLED's rules.

One event per sentence with a trigger; a sentence that only continues the event before it
("As a result, 3 were killed.", "No fatalities were reported.") adds to that event instead of
making a new one. The trigger's type is refined by who was targeted (an attack on civilians is
Violence against civilians, on an armed group a battle), protests and riots get ACLED's generic
actors, and a violent event with no named perpetrator gets the country's unidentified armed group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ceasefire.coding import CODER
from ceasefire.coding.actors import assign_roles, pick_actors
from ceasefire.coding.allegations import judge_modality
from ceasefire.coding.claims import (
    apply_speaker,
    claimed_counts,
    clean_speaker,
    find_speaker,
    resolve_speaker,
)
from ceasefire.coding.modality import (
    governing_trigger,
    is_commentary,
    is_opinion_piece,
    is_threat,
    plan_rule,
)
from ceasefire.coding.model import (
    ActorMention,
    DocumentContext,
    PlaceMention,
    RegistryLike,
    Sentence,
    TriggerHit,
)
from ceasefire.coding.places import choose_location
from ceasefire.coding.regional_names import regional_name
from ceasefire.events.record import EventRecord
from ceasefire.events.taxonomy import DISORDER_TYPES, interaction_code
from ceasefire.places.names import normalise_place_name

ARMED_KINDS = frozenset(
    {"military", "police", "state force", "rebel group", "militia", "jihadist group",
     "unidentified", "external state"}
)  # fmt: skip
_ARMED_TARGET = re.compile(
    r"\b(attack(ed|ing|s)?( on)?|fired (\w+ ){0,6}?(at|on|upon)|opened fire (at|on)|target(ed|ing)|"
    r"raid(ed)?|ambush(ed)?|stormed|struck) (an? |the |two |several )?([\w'-]+ ){0,4}"
    r"(posts?|checkpoints?|bases?|positions?|patrols?|convoys?|barracks|outposts?|garrisons?|"
    r"military|army|soldiers|troops|forces|police station)\b",
    re.IGNORECASE,
)
_GROUPS = re.compile(
    r"\b(two|rival|several) (groups|factions|families|clans|communities|tribes|villages)\b|"
    r"\b(villagers|residents|locals|supporters|activists|workers|students|youths|mob|vendors|"
    r"fishermen|traders|shopkeepers|migrants|farmers|inhabitants|crowd|people|citizens)\b",
    re.IGNORECASE,
)
_ARMED_WORDS = re.compile(
    r"\b(militants?|gunm[ae]n|rebels?|insurgents?|fighters?|armed (men|group|individuals)|"
    r"jihadists?|militia\w*|gang members?|cartel)\b",
    re.IGNORECASE,
)
_GANG = re.compile(
    r"\b(gangs?|gang-related|cartels?|criminals?|drug[- ]traffick\w*|narco\w*)\b", re.I
)
_RIOTING = re.compile(
    r"\b(burn(ed|ing|t) (\w+ ){0,2}(tires|tyres|objects|documents|mattresses|barricades|"
    r"vehicles|cars|buses)|with burning|set(ting)? fire|on fire|(clashed|clashing|scuffled) with|"
    r"fired (gun)?shots|stones|rocks|bricks|molotov|petrol bombs?|vandali[sz]\w*|ransack\w*|"
    r"looted|stormed|rioters?|torched|"
    # ACLED: demonstrators who clash with the police or others, throw things, smash or burn
    r"clash(es)? with|clash(es|ed)? between|in clashes|scuffles?|turned violent|"
    r"violence (boil\w*|erupt\w*|broke out)|marred by violence|set ablaze|"
    r"(throw(ing|n)?|threw|hurl(ed|ing)?) (\w+ ){0,2}(bottles|objects|projectiles|firecrackers|"
    r"eggs|fireworks)|armed with (\w+ ){0,2}(sticks|clubs|branches|bars|knives|poles)|"
    r"pull(ed|ing)? down|smash(ed|ing)"
    r")\b",
    re.IGNORECASE,
)
_ARRESTING = re.compile(
    r"\b(arrest(ed|s|ing)?|detain(ed|ing|s)?|jailed|rounded up|taken into custody)\b",
    re.IGNORECASE,
)
_HARM = re.compile(
    r"\b(kill\w*|dead|died|deaths?|wound\w*|injur\w*|shot|casualt\w*|fired|bomb\w*|explo\w*|"
    r"beat\w*|tortur\w*|assault\w*)\b",
    re.IGNORECASE,
)
_PROTESTING = re.compile(r"\b(protest\w*|demonstrat\w*|rioters?|rally|rallies)\b", re.I)
_INTERVENTION = (
    "removed",
    "used force",
    "baton",
    "lathi",
    "water cannon",
    "rubber bullet",
    "dispers",
    "arrest",
    "detain",
    "tear gas",
    "teargas",
    "intervened",
    "broke up",
    "break up",
    "suppressed",
    "pepper",
    "chase",
    "drag",
    "smoke grenade",
    "non-lethal",
    "nonlethal",
    "forcefully",
)
# ACLED: force that kills or seriously injures demonstrators, or is extreme for the situation
_EXCESSIVE = (
    "live ammunition", "live fire", "live rounds", "killed", "shot dead", "opened fire",
    "excessive force", "violently suppress", "violently dispers", "brutally", "crackdown",
    "fatally",
)  # fmt: skip


@dataclass
class Draft:
    """An event being assembled from one or more sentences."""

    sentence: Sentence
    trigger: TriggerHit
    event_type: str
    sub_event_type: str
    actor1: ActorMention | None
    actor2: ActorMention | None
    place: PlaceMention | None
    admin1_hint: str
    day: date | None
    time_precision: int
    fatalities: int | None
    fatality_total: bool
    rules: list[str] = field(default_factory=list)
    end: int = 0
    assoc1: list[str] = field(default_factory=list)
    tags: str = ""
    reporter: str = ""


# Lethal force by the authorities at a protest (Excessive force), as against protesters' own
# violence (Violent demonstration); "fired shots" alone does not say who fired.
_FORCE_ON_PROTEST = re.compile(
    r"\b(police|security forces|security personnel|troops|soldiers|army|guards|officers|forces|"
    r"gendarmes?)\b[^.;]{0,60}?\b(opened fire|fired live|shot (dead|and killed)|killed|"
    r"live (ammunition|rounds|fire|bullets)|gunned down|beat\w* (\w+ ){0,3}(to death|severely))",
    re.IGNORECASE,
)
_PROTESTER_VIOLENCE = re.compile(
    r"\b(burn(ed|ing|t) (\w+ ){0,2}(tires|tyres|objects|documents|mattresses|barricades|"
    r"vehicles|cars|buses)|with burning|set(ting)? fire|stones|rocks|bricks|molotov|"
    r"petrol bombs?|vandali[sz]\w*|ransack\w*|looted|stormed|rioters?|torched|"
    r"(protesters|demonstrators|crowds?) (attacked|clashed|fought|hurled|threw|pelted))\b",
    re.IGNORECASE,
)
# A shelling or air strike that is part of a ground fight is a battle (ACLED: armed clash).
_GROUND_FIGHT = re.compile(r"clash|fight|fought|battle|skirmish|engaged", re.IGNORECASE)
# Disasters and accidents: an explosion, a crash or deaths nobody is said to have caused.
_ACCIDENT = re.compile(
    r"\b(gas (cylinders?|leaks?|tanks?|pipelines?|explosions?|stations?)|boilers?|short[- ]circuit|"
    r"fireworks?|accident(al|ally|s)?|earthquakes?|floods?|flooding|flash floods|landslides?|"
    r"mudslides?|cyclones?|hurricanes?|typhoons?|storms?|lightning|wildfires?|forest fires?|"
    r"(building|bridge|mine|roof|wall)s? collapsed?|collapse of|derail\w*|"
    r"(train|bus|road|plane|helicopter) (crash|collision|accident)|crashed|"
    r"chemical (plant|factory)|factory fire|stampede|heat ?wave|drought|avalanche|volcan\w+|"
    r"tsunami|cholera|epidemic|outbreak)\b",
    re.IGNORECASE,
)
_HOSTILE = re.compile(
    r"\b(attack\w*|bomb(s|ing|er|ers)?|gunm[ae]n|militants?|insurgents?|rebels?|terror\w*|"
    r"shell(ed|ing)|air ?strikes?|suicide|IEDs?|explosive device|ambush\w*|sabotage\w*|arson)\b",
    re.IGNORECASE,
)


_ACCIDENT_TRIGGERS = frozenset(
    {"trigger.explosion", "trigger.attack", "trigger.air_strike", "trigger.found_dead"}
)


def is_accident(d: Draft) -> bool:
    """A violent-looking event with nobody said to have caused it, in a text about a disaster
    or an accident: no ACLED event (CASE's MAN_MADE_DISASTER and NATURAL_DISASTER)."""
    text = d.sentence.text
    return (
        d.trigger.rule in _ACCIDENT_TRIGGERS
        and d.actor1 is None
        and _ACCIDENT.search(text) is not None
        and _HOSTILE.search(text) is None
    )


def _kind(m: ActorMention | None) -> str:
    return (m.kind or "").lower() if m is not None else ""


def _generic(registry: RegistryLike | None, kind: str, country: str, rule: str) -> Any:
    if registry is None or not country:
        return None
    actor = registry.generic(kind, country=country)
    if actor is None:
        return None
    return ActorMention(
        text="",
        start=-1,
        end=-1,
        name=str(actor.name),
        kind=str(getattr(actor, "kind", kind) or kind).replace("_", " "),
        country=str(getattr(actor, "country", "") or ""),
        inter=str(getattr(actor, "inter", "") or ""),
        rule=rule,
    )


def dominant_trigger(sentence: Sentence) -> TriggerHit | None:
    """The trigger that decides the sentence's event (see allegations for accusations)."""
    if not sentence.triggers:
        return None
    top = sentence.triggers[0]
    if top.role in ("accuse", "deny"):
        earlier = [h for h in sentence.triggers if h.violent and h.start < top.start]
        if earlier:  # "IS executed 3 men accused of spying": the act is told, not alleged
            return min(earlier, key=lambda h: (-h.priority, h.start))
        acts = [
            h
            for h in sentence.triggers
            if h.violent and h.start > top.start and h.rule != "trigger.ceasefire_violation"
        ]
        if acts:
            return acts[0]
    if not top.violent and top.plover and not top.role:
        # "refused to negotiate", "demanded talks": the PLOVER code follows the governing verb
        political = [h for h in sentence.triggers if not h.violent and h.plover and not h.role]
        governing = governing_trigger(sentence, political)
        if governing is not None and governing is not top:
            return governing
    return top


def _refine(d: Draft, registry: RegistryLike | None, country: str, text: str) -> None:
    low = text.lower()
    et = d.event_type
    if d.sub_event_type in ("Shelling/artillery/missile attack", "Air/drone strike") and any(
        h.rule == "trigger.armed_clash" and _GROUND_FIGHT.search(d.sentence.text[h.start : h.end])
        for h in d.sentence.triggers
    ):
        d.event_type, d.sub_event_type = "Battles", "Armed clash"
        d.rules.append("type.clash_with_remote_fire")
    if d.trigger.rule == "trigger.attack" and _ARRESTING.search(text) and not _HARM.search(text):
        # ACLED: raids in which forces detain people, and no one is hurt, are arrests
        d.event_type, d.sub_event_type = "Strategic developments", "Arrests"
        d.rules.append("type.raid_with_arrests")
    elif d.trigger.role == "attack":
        k2 = _kind(d.actor2)
        if k2 == "civilians":
            d.event_type, d.sub_event_type = "Violence against civilians", "Attack"
        elif k2 in ARMED_KINDS or (d.actor2 is not None and k2 not in ("protesters", "rioters")):
            d.event_type, d.sub_event_type = "Battles", "Armed clash"
        elif _ARMED_TARGET.search(text):
            d.event_type, d.sub_event_type = "Battles", "Armed clash"
            k2 = "armed_position"
        d.rules.append(f"type.attack_on_{k2 or 'unknown'}")
    if d.event_type in ("Battles", "Violence against civilians") and _PROTESTING.search(text):
        kinds = {_kind(d.actor1), _kind(d.actor2)}
        if "protesters" in kinds or "rioters" in kinds or d.actor1 is None:
            d.event_type, d.sub_event_type = "Riots", "Violent demonstration"
            d.actor1 = None
            d.rules.append("type.violent_demonstration")
    elif (
        d.event_type == "Battles"
        and d.trigger.rule == "trigger.armed_clash"
        and not ({_kind(d.actor1), _kind(d.actor2)} & (ARMED_KINDS - {"police", "military"}))
        and _GROUPS.search(text)
        and not _ARMED_WORDS.search(text)
    ):
        # unarmed people fighting each other or the police riot; they do not battle
        police = next((a for a in (d.actor1, d.actor2) if _kind(a) in ("police", "military")), None)
        d.event_type = "Riots"
        d.sub_event_type = "Violent demonstration" if police else "Mob violence"
        d.actor1, d.actor2 = None, police
        d.rules.append("type.unarmed_clash")
    et = d.event_type
    if d.sub_event_type == "Non-state actor overtakes territory" and _kind(d.actor1) in (
        "military",
        "state force",
        "police",
        "external state",
    ):
        d.sub_event_type = "Government regains territory"
        d.rules.append("type.state_regains")
    elif d.sub_event_type == "Government regains territory" and _kind(d.actor1) in (
        "rebel group",
        "jihadist group",
        "militia",
    ):
        d.sub_event_type = "Non-state actor overtakes territory"
        d.rules.append("type.non_state_regains")
    non_state = {"rebel group", "jihadist group", "militia"}
    named_first = d.actor1 is not None and 0 <= d.actor1.start < d.trigger.start
    if et == "Protests" and _kind(d.actor1) in non_state and named_first:
        # an armed group blocking a road is not a demonstration
        d.event_type, d.sub_event_type = "Strategic developments", "Other"
        d.rules.append("type.armed_actor_not_protest")
    elif (
        et == "Protests"
        and _RIOTING.search(text)
        and not (_FORCE_ON_PROTEST.search(text) and not _PROTESTER_VIOLENCE.search(text))
    ):
        # a demonstration that burns, stones or fights is a riot
        d.event_type, d.sub_event_type = "Riots", "Violent demonstration"
        target = d.actor2 if _kind(d.actor2) in ("police", "military") else None
        d.actor1 = _generic(registry, "rioters", country, "actor1.rioters") or d.actor1
        d.actor2 = target
        d.rules.append("type.violent_demonstration")
    elif et == "Protests":
        if any(w in low for w in _EXCESSIVE) or _FORCE_ON_PROTEST.search(text):
            d.sub_event_type = "Excessive force against protesters"
        elif any(w in low for w in _INTERVENTION):
            d.sub_event_type = "Protest with intervention"
        target = d.actor2 if _kind(d.actor2) in ("police", "military") else None
        d.actor1 = _generic(registry, "protesters", country, "actor1.protesters") or d.actor1
        if d.sub_event_type != "Peaceful protest" and target is None:
            target = _generic(registry, "police", country, "actor2.police_intervened")
        d.actor2 = target if d.sub_event_type != "Peaceful protest" else None
    elif et == "Riots":
        named = (
            d.actor1 if _kind(d.actor1) not in ("", "civilians", "protesters", "rioters") else None
        )
        d.actor1 = named or _generic(registry, "rioters", country, "actor1.rioters") or d.actor1
        if d.actor2 is not None and d.actor2.name == getattr(d.actor1, "name", None):
            d.actor2 = None
    if d.actor1 is None and (d.trigger.violent or d.event_type != "Strategic developments"):
        d.actor1 = _generic(registry, "unidentified", country, "actor1.unidentified_default")
    if _kind(d.actor1) == "unidentified" and registry is not None and _GANG.search(text):
        # ACLED names criminal violence by unknown perpetrators after a gang
        gang = registry.resolve(f"Unidentified Gang ({country})", country=country or None)
        if gang is not None and d.actor1 is not None:
            d.actor1 = ActorMention("", -1, -1, str(gang.name), "unidentified", country,
                                    d.actor1.inter, rule="actor1.unidentified_gang")  # fmt: skip
    same = d.actor2 is not None and d.actor1 is not None and d.actor2.name == d.actor1.name
    if same and d.event_type != "Battles":
        d.actor2 = None


def _draft(
    s: Sentence,
    registry: RegistryLike | None,
    country: str,
    last_day: Any,
    previous: Sentence | None = None,
    reference: date | None = None,
) -> Draft:
    trig = dominant_trigger(s)
    assert trig is not None
    assign_roles(s, trig)
    judge_modality(s, trig)
    plan = plan_rule(s, trig, reference) if s.modality == "observed" else None
    if plan is not None:
        s.modality, s.modality_rule = "planned", plan
    a1, a2, rules = pick_actors(s, trig)
    claim = next((h for h in s.triggers if h.role in ("accuse", "deny")), None)
    claimant = next((m for m in s.actors if m.role == "claimant"), None)
    if trig.role in ("accuse", "deny") and claimant is not None:
        a1, rules = claimant, [*rules, "actor1.claimant"]
        if a2 is not None and a2.name == claimant.name:
            a2 = None
    elif claim is not None and claim.start < trig.start and s.modality != "observed":
        # "X accused Y of shelling Z": Y is the alleged perpetrator; "Y denied shelling Z"
        accused = [m for m in s.actors if claim.end <= m.start < trig.start and m is not claimant]
        if accused:
            a1 = accused[0]
        elif claim.role == "deny" and claimant is not None:
            a1 = claimant
        after = [m for m in s.actors if m.start > trig.start and m is not a1]
        a2 = after[0] if after else None
        rules = [*rules, "actor1.accused"]
    speaker = find_speaker(s, trig) if claim is None else None
    if speaker is not None:
        resolve_speaker(s, speaker, registry)
        trig, a1, a2, rules = apply_speaker(s, trig, speaker, a1, a2, rules)
    place, admin_hint = choose_location(s.places)
    place_rule = ""
    # "X gathered in Y. During the protest, ...", but not "... in Geneva" refused as foreign
    if place is None and previous is not None and not s.foreign_places:
        place, admin_hint = choose_location(previous.places)
        place_rule = "place.previous_sentence"
    dated = s.dates  # ACLED notes and news leads give the event's date first
    if dated:
        day, prec, rule = dated[0][2], dated[0][3], "date.in_sentence"
    elif last_day is not None:
        day, prec, rule = last_day[0], last_day[1], "date.previous_sentence"
    else:
        day, prec, rule = None, 1, "date.reference"
    d = Draft(
        sentence=s,
        trigger=trig,
        event_type=trig.event_type,
        sub_event_type=trig.sub_event_type,
        actor1=a1,
        actor2=a2,
        place=place,
        admin1_hint=admin_hint,
        day=day,
        time_precision=prec,
        fatalities=s.fatalities,
        fatality_total=s.fatality_total,
        rules=[trig.rule, *rules, rule, place_rule, _governing_rule(s, trig)],
        end=s.start + len(s.text),
    )
    if a1 is not None:
        d.assoc1 = [
            m.name
            for m in s.actors
            if m.role in ("actor1", "")
            and m is not a1
            and m is not a2
            and m.name != a1.name
            and m.start < trig.start
            and m.kind not in ("civilians",)
        ]
    if s.modality_rule:
        d.rules.append(s.modality_rule)
    if plan is not None:
        _as_planned(d, reference)
    if speaker is not None and speaker.kind == "reporter":
        d.reporter = clean_speaker(speaker.text)
    return d


#: Event types whose acts are violence: planned or threatened, they are a statement instead.
VIOLENT_EVENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)


def _governing_rule(s: Sentence, trig: TriggerHit) -> str:
    chosen = trig is not s.triggers[0] and trig.plover and not trig.violent and not trig.role
    return "plover.governing_verb" if chosen else ""


def _as_planned(d: Draft, reference: date | None) -> None:
    """A planned or threatened act: no violence happened (a threat of it is Strategic
    developments, PLOVER THREATEN) and its date is when it is planned for, not when it was."""
    t = d.trigger
    if t.violent or t.event_type in VIOLENT_EVENT_TYPES:
        plover = "THREATEN" if is_threat(d.sentence, t) else ""
        d.trigger = replace(
            t, event_type="Strategic developments", sub_event_type="Other", plover=plover,
            violent=False, role="",
        )  # fmt: skip
        d.event_type, d.sub_event_type = "Strategic developments", "Other"
        d.fatalities = None
    ahead = d.day is not None and (reference is None or d.day >= reference)
    if d.day is not None and ahead and d.time_precision == 1:
        d.tags = f"planned_for={d.day.isoformat()}"
        d.rules.append("date.planned_for")
    d.day = None


def _continues(d: Draft, s: Sentence) -> bool:
    """True when sentence ``s`` only adds to the event of draft ``d``."""
    if s.index != d.sentence.index + 1 or not s.triggers:
        return False
    trig = dominant_trigger(s)
    if trig is None or s.dates or any(p.role == "location" for p in s.places):
        return False
    if d.sentence.modality == "planned":
        return False
    if trig.role == "context" or (trig.role == "attack" and d.trigger.violent):
        return True
    if d.event_type == "Protests" and (trig.sub_event_type == "Arrests" or trig.violent):
        return True  # "26 arrested", "they clashed with police" after a protest: the same event
    return trig.event_type == d.event_type and trig.plover == d.trigger.plover


def build_events(doc: DocumentContext, registry: RegistryLike | None) -> DocumentContext:
    """Stage ``ceasefire.events.v1``: turn the document's sentences into EventRecords."""
    drafts: list[Draft] = []
    last_day: tuple[date, int] | None = None
    if is_opinion_piece(doc.text, str(getattr(doc.record, "title", "") or "")):
        doc.events = []  # commentary and analysis: a judgement, no event
        return doc
    for s in doc.sentences:
        if s.relevant and is_commentary(s):
            continue  # the writer's judgement ("In my view, ..."): no event, adds to none
        if s.relevant and s.triggers and drafts and _continues(drafts[-1], s):
            d = drafts[-1]
            d.end = s.start + len(s.text)
            d.rules.append("merge.continuation")
            if s.fatalities is not None and (d.fatalities is None or s.fatality_total):
                d.fatalities, d.fatality_total = s.fatalities, s.fatality_total
            better, _ = choose_location(s.places)
            weak = d.place is None or d.place.role not in ("location", "near")
            if better is not None and weak and better.role in ("location", "near"):
                d.place = better
                d.rules.append("place.next_sentence")
            a1, a2, _ = pick_actors(s, dominant_trigger(s))
            if d.actor1 is None and a1 is not None and d.event_type not in ("Protests", "Riots"):
                d.actor1 = a1
                d.assoc1 = [m.name for m in s.actors if m.role in ("actor1", "") and m is not a1]
            if d.actor2 is None:
                d.actor2 = a2
            continue
        if s.relevant and s.triggers and dominant_trigger(s).role != "context":  # type: ignore[union-attr]
            previous = doc.sentences[s.index - 1] if s.index > 0 else None
            d = _draft(s, registry, doc.country, last_day, previous, doc.reference_date)
            if is_accident(d):
                continue
            drafts.extend(split_bulletin(d))
        elif (drafts and s.index == drafts[-1].sentence.index + 1) or (
            drafts and s.index <= drafts[-1].sentence.index + 2 and s.fatalities is not None
        ):
            d = drafts[-1]
            if s.fatalities is not None and (d.fatalities is None or s.fatality_total):
                d.fatalities, d.fatality_total = s.fatalities, s.fatality_total
                d.rules.append(s.fatality_rule + ".next_sentence")
                d.end = s.start + len(s.text)
        if s.index == 0 and s.dates and s.dates[0][0] < 40:
            last_day = (s.dates[0][2], s.dates[0][3])  # a lead date ("On 27 April 2020, ...")
    for d in drafts:
        place_country = str(getattr(d.place.place, "country", "") or "") if d.place else ""
        _refine(d, registry, place_country or doc.country, doc.text[d.sentence.start : d.end])
        _name_on_date(d, registry, d.day or doc.reference_date)
        _regional_names(d, place_country or doc.country, d.day or doc.reference_date)
    doc.events = [to_record(d, doc) for d in drafts]
    return doc


def _name_on_date(d: Draft, registry: RegistryLike | None, day: date | None) -> None:
    """A renamed group under the name it bore on the event's day: "HTS" in January 2017 is
    JFS (HTS was formed on 28 Jan 2017), "Nusra Front" in 2017 is JFS or HTS."""
    named_on = getattr(registry, "named_on", None)
    if registry is None or named_on is None or day is None:
        return
    for mention in (d.actor1, d.actor2):
        actor = registry.get(mention.name) if mention is not None else None
        if mention is None or actor is None:
            continue
        named = named_on(actor, day)
        if named.name != mention.name:
            mention.name = named.name
            mention.rule = f"{mention.rule}+actor.name_on_date"


def _regional_names(d: Draft, country: str, day: date | None) -> None:
    """ACLED's name for an actor fighting under an operation in the event's province
    ("Operation Peace Spring" for the SNA in Al-Hasakeh from 9 October 2019)."""
    admin1 = str(getattr(d.place.place, "admin1", "") or "") if d.place else ""
    admin1 = admin1 or d.admin1_hint
    for mention in (d.actor1, d.actor2):
        if mention is None or not admin1:
            continue
        named = regional_name(mention.name, country, admin1, day)
        if named is not None:
            mention.name = named
            mention.rule = f"{mention.rule}+actor.regional_name"


def split_bulletin(d: Draft) -> list[Draft]:
    """An allegation with counts: one draft per place of a bulletin ("8 in Idlib, 3 in
    Latakia"), each tagged ``claimed_count=N``; a single count ("twelve times") tags the one."""
    s = d.sentence
    if s.modality != "alleged":
        return [d]
    counts = claimed_counts(s)
    if len(counts) == 1 and counts[0][1] is None:
        d.tags = f"claimed_count={counts[0][0]}"
        d.rules.append("claims.count")
        return [d]
    out: list[Draft] = []
    for n, where in counts:
        mention = next((p for p in s.places if where and p.text.strip() == where.strip()), None)
        if mention is None:
            continue
        place = mention.place
        if normalise_place_name(str(getattr(place, "admin1", "") or "")) == normalise_place_name(
            str(getattr(place, "name", "") or "")
        ):
            # "8 in Idlib" in a bulletin counts the province, not its capital
            mention = replace(mention, role="admin", precision=3)
        out.append(
            replace(
                d,
                place=mention,
                tags=f"claimed_count={n}",
                rules=[*d.rules, "claims.count_per_place"],
            )
        )
    return out or [d]


def to_record(d: Draft, doc: DocumentContext) -> EventRecord:
    """The EventRecord of a finished draft."""
    s = d.sentence
    ref = doc.reference_date
    day = d.day or ref  # never today's date: None when the text and its reference give none
    violent = d.trigger.violent or d.event_type in ("Battles", "Explosions/Remote violence")
    fatal = d.fatalities or 0
    if not violent and d.sub_event_type != "Excessive force against protesters":
        fatal = 0
    place = d.place.place if d.place else None
    a1, a2 = d.actor1, d.actor2
    inter1 = a1.inter if a1 else ""
    inter2 = a2.inter if a2 else ""
    rules = [*d.rules]
    if d.place is not None:
        rules.append(d.place.rule)
    if d.fatalities is not None and s.fatality_rule:
        rules.append(s.fatality_rule)
    for m in (a1, a2):
        if m is not None and m.rule:
            rules.append(m.rule)
    confidence = 0.3 + 0.2 * (a1 is not None and a1.start >= 0) + 0.2 * (place is not None)
    confidence += 0.1 * (d.day is not None) + 0.2 * min(d.trigger.priority, 100) / 100
    return EventRecord(
        event_date=day,
        event_type=d.event_type,
        sub_event_type=d.sub_event_type,
        time_precision=d.time_precision,
        disorder_type=DISORDER_TYPES.get(d.event_type, ""),
        actor1=a1.name if a1 else "",
        assoc_actor_1="; ".join(dict.fromkeys(d.assoc1)),
        inter1=inter1,
        actor2=a2.name if a2 else "",
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        civilian_targeting="Civilian targeting" if _kind(a2) == "civilians" else "",
        country=str(getattr(place, "country", "") or doc.country or ""),
        admin1=str(getattr(place, "admin1", "") or d.admin1_hint or ""),
        admin2=str(getattr(place, "admin2", "") or ""),
        location=str(getattr(place, "name", "") or ""),
        latitude=float(place.latitude) if place is not None else None,
        longitude=float(place.longitude) if place is not None else None,
        geo_precision=d.place.precision if d.place else None,
        source="; ".join(
            x for x in (str(getattr(doc.record, "publisher", "") or ""), d.reporter) if x
        ),
        notes=doc.text[s.start : d.end],
        fatalities=fatal,
        tags=d.tags,
        plover_code=d.trigger.plover,
        modality=s.modality,
        claimant=s.claimant,
        confidence=round(min(confidence, 1.0), 2),
        coder=CODER,
        span_start=s.start,
        span_end=d.end,
        rules=list(dict.fromkeys(r for r in rules if r)),
    )
