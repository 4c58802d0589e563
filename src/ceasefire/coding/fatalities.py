"""Fatalities: the number of people reported killed, by ACLED's rules.

ACLED records the most conservative figure reported: a range keeps its lower bound ("between
43 and 52 killed" -> 43, "8-10" -> 8), "at least 12" is 12, a statement that nobody died is 0,
and a text reporting no figure is 0. "Dozens" is 12 and "hundreds" 100, as in ACLED's codebook.
Vague amounts ("several", "a number of") give no figure. Counts of the wounded, and deaths one
cannot separate from injuries ("killed, injured or captured"), are not fatalities. A subset
("among the dead, 11 children") is not added to the total.
"""

from __future__ import annotations

import re

from ceasefire.coding.model import Sentence

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
    "dozens": 12, "hundreds": 100, "a couple of": 2, "a pair of": 2, "both": 2,
}  # fmt: skip
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five"
    r"|six|seven|eight|nine)|a dozen|a couple of|a pair of|"
    + "|".join(sorted((k for k in _UNITS if " " not in k and k not in ("a", "an")), key=len)[::-1])
    + r")"
)
_ONE_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})*|\d+|{_WORD_NUM})"


#: A figure: a number, a range (its lower bound counts) or a qualified number.
def _num(group: str = "n") -> str:
    return (
        rf"(?:(?:at least|more than|over|about|around|approximately|nearly|almost|some|up to|"
        rf"an estimated|a total of|total of)\s+)?(?:between\s+)?(?P<{group}>{_ONE_NUM})"
        rf"(?:\s*(?:-|–|to|and|or)\s*(?:{_ONE_NUM}))?"
    )


NUM = _num()
_DEATH = (
    r"(?:killed|dead|died|slain|perished|executed|murdered|fatalit(?:y|ies)|deaths|"
    r"lost (?:their|his|her) lives?|shot dead|beheaded|bodies|corpses|martyred|succumbed)"
)
_PERSON = (
    r"(?:man|woman|boy|girl|child|civilian|soldier|fighter|militant|member|person|policeman|"
    r"police ?officer|officer|individual|shepherd|farmer|resident|worker|teacher|journalist|"
    r"doctor|youth|young man|elderly man|elderly woman|commander|leader|trader|driver|student|"
    r"guard|rebel|insurgent|gunman|pregnant woman|infant|baby|teenager|villager|priest|imam|"
    r"activist|detainee|prisoner|suspect|local|employee|official|\w+ (?:man|woman|member))"
)
_ZERO = re.compile(
    r"\b(?:no|neither|nor|without|zero|none)\b[^.;]{0,40}?\b(?:fatalit(?:y|ies)|casualt(?:y|ies)"
    r"|deaths?|killed|dead|loss of life|were hurt|was hurt)\b|\bno (?:one|body) (?:was|were) "
    r"(?:killed|hurt|harmed|injured)\b|\bnobody (?:was|were) (?:killed|hurt|harmed|injured)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    rf"\b(?:total |unclear |unknown )?(?:fatalities|fatalites)[^.;]{{0,40}}?coded (?:to|as|at) "
    rf"(?P<n>\d+)|\bsplit (?:across|between) \d+ events \((?P<n4>\d+)\)"
    rf"|\b(?:death toll|toll|number of (?:dead|deaths|fatalities)) (?:\w+ ){{0,3}}?(?:rose|rises|"
    rf"climbed|reached|stands|stood|increased|is|was|of|to|at)\s+(?:to |at )?{_num('n2')}"
    rf"|\b(?:a )?total of {_num('n3')} (?:\w+ ){{0,3}}?(?:were |have been )?{_DEATH}",
    re.IGNORECASE,
)
_CONJOINED = re.compile(
    rf"\b(?P<a>{_ONE_NUM})(?: [\w'-]+){{1,4}}? and (?P<b>{_ONE_NUM})(?: [\w'-]+){{1,4}}? "
    rf"(?:(?:were|was|have been|had been|are) )?(?:reportedly )?(?:killed|dead|died|fatalities)\b",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    rf"\b{NUM}(?: [\w'-]+){{0,5}}? (?:(?:were|was|have been|had been|are|got|being) )?"
    rf"(?:(?:reportedly|also|all|later|allegedly) )?(?:\w+ly )?{_DEATH}\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"\b(?:killing|killed|kills|kill|leaving|left|claimed the lives of|death of|deaths of|"
    rf"executed|executing|shot dead|murdered|murdering|beheaded)\s+{NUM}\b",
    re.IGNORECASE,
)
_SINGLE = re.compile(
    rf"\b(?:killing|killed|kills|executed|executing|shot dead|murdered|murdering|shot and killed|"
    rf"assassinated|assassinating|"
    rf"beheaded|death of|body of)\s+(?:an?|one)\s+(?:[\w'-]+\s+){{0,2}}?{_PERSON}s?\b"
    rf"|\b(?:an?|one)\s+(?:[\w'-]+\s+){{0,2}}?{_PERSON}(?:'s body|\b[^.;]{{0,50}}?\b(?:was|is|"
    rf"got|has been) (?:\w+ ){{0,3}}?(?:killed|shot dead|executed|murdered|found dead|beheaded)|"
    rf"\b[^.;,]{{0,40}}?\bdied\b)"
    rf"|\bthe (?:[\w'-]+\s+){{0,2}}?(?:{_PERSON}|victim) (?:later |also )?died\b"
    rf"|\b(?:killing|killed|executed|murdered) the (?:[\w'-]+\s+){{0,2}}?{_PERSON}\b(?!s)",
    re.IGNORECASE,
)
_AMBIGUOUS = re.compile(
    r"\b(?:killed|dead)(?:,| or| and) (?:injured|wounded|captured|arrested)(?:,| or)"
    r"|\b(?:killed|dead) or (?:injured|wounded|captured)|\b(?:injured|wounded) or (?:killed|dead)"
    r"|\b(?:killing and (?:wounding|injuring))",
    re.IGNORECASE,
)
_SUBSET = re.compile(
    r"\b(?:among (?:the |those )?(?:dead|killed|victims|fatalities|them)|including|of whom"
    r"|of them)\b",
    re.IGNORECASE,
)

_SPLIT = re.compile(r"\bfatalities (?:are |were )?split (?:across|between) (\d+) events\b", re.I)


def to_number(text: str) -> int | None:
    """The integer a number or number word stands for ("12", "twelve", "twenty-one")."""
    t = text.lower().strip().replace(",", "")
    if t.isdigit():
        return int(t)
    if t in _UNITS:
        return _UNITS[t]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


def _figure(match: re.Match[str]) -> int | None:
    n = match.groupdict().get("n")
    if n is None:
        return None
    value = to_number(n)
    if value is not None and value > 100000:
        return None
    return value


def count_fatalities(text: str) -> tuple[int | None, str, bool]:
    """Fatalities reported in one sentence: (figure or None, rule, whether it is a total)."""
    m = _TOTAL.search(text)
    if m is not None:
        value = next((to_number(g) for g in m.groups() if g and to_number(g) is not None), None)
        if value is not None:
            return value, "fatalities.total", True
    clauses = [c for c in re.split(r"[;]|\. ", text) if c.strip()]
    best: int | None = None
    rule = ""
    for clause in clauses:
        if _SUBSET.search(clause) and best is not None:
            continue
        if _AMBIGUOUS.search(clause):
            continue
        c = _CONJOINED.search(clause)
        if c is not None:
            a, b = to_number(c.group("a")), to_number(c.group("b"))
            if a is not None and b is not None and (best is None or a + b > best):
                best, rule = a + b, "fatalities.sum"
            continue
        for regex, name in ((_BEFORE, "fatalities.count"), (_AFTER, "fatalities.killing_n")):
            for m in regex.finditer(clause):
                value = _figure(m)
                if value is not None and (best is None or value > best):
                    best, rule = value, name
        if best is None and _SINGLE.search(clause):
            best, rule = 1, "fatalities.single"
    if best is not None:
        split = _SPLIT.search(text)
        if split is not None and int(split.group(1)) > 1:
            return best // int(split.group(1)), "fatalities.split", True
        return best, rule, False
    if _ZERO.search(text):
        return 0, "fatalities.none_reported", False
    return None, "", False


def count_sentence(sentence: Sentence) -> Sentence:
    """Stage ``ceasefire.fatalities.v1``: the fatality figure a sentence reports, if any."""
    value, rule, total = count_fatalities(sentence.text)
    sentence.fatalities = value
    sentence.fatality_rule = rule
    sentence.fatality_total = total
    return sentence
