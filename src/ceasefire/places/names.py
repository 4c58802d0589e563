"""Place-name normalisation: one matching key for the many spellings of a place.

Arabic place names reach English text through several transliteration habits:
``Daraa``/``Deraa``/``Dar'a``, ``al-``/``el-``/``ar-``/``ash-`` articles, ``Idlib``/``Idleb``,
``Ain``/``Ein``/``Ayn``, ``Tal``/``Tell``, ``Qaboun``/``Qabun``. Short vowels are not written in
Arabic, so transliterations differ mostly in their vowels. Two keys are built:

* :func:`simplify_place_name` (the *light* key): lower case, no diacritics, apostrophes or
  punctuation, Arabic articles dropped. Two spellings with the same light key are the same
  name written the same way.
* :func:`normalise_place_name` (the *folded* key): the light key with common word variants
  unified (``tell`` → ``tal``, ``ein`` → ``ain``, ``dayr`` → ``deir``), the English and
  French romanisations of one Arabic letter made one (``q``/``g`` → ``k``, ``ch``/``tch`` →
  ``sh``, ``dj`` → ``j``, ``ou`` before a vowel → ``w``: *Ouadi*/*Wadi*, *Zaouia*/*Zawiya*),
  the final ``-eh``/``-ah`` of the ta marbuta dropped, doubled letters collapsed and every
  run of vowels replaced by ``a``. It is a matching key, not display text: ``Idlib`` and
  ``Idleb`` both become ``adlab``.
* :func:`consonant_skeleton`: the folded key without its vowels (``jdr`` for *Jadriya*);
  :func:`plausible_respelling` accepts a near miss between two keys only when their
  skeletons start alike and differ by at most one letter, so that a fuzzy score never
  turns *Jadriya* into *Dar'a*.

All are deterministic, pure functions of the input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARTICLES",
    "ascii_spelling",
    "consonant_skeleton",
    "name_variants",
    "normalise_place_name",
    "plausible_respelling",
    "simplify_place_name",
    "split_place_qualifier",
]

# Letters NFKD does not decompose into a base letter plus a combining mark.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "ł": "l",
        "Ł": "L",
        "ħ": "h",
        "Ħ": "H",
        "þ": "th",
        "ŧ": "t",
        "ŋ": "ng",
    }
)
# Apostrophes, ayn/hamza marks and quotes vanish: "Dar'a" is "Dara", "Ma'arrat" "Maarrat".
_QUOTES = re.compile("['’‘`´ʿʾʻʼʹ′\"“”]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "ar",
        "er",
        "ash",
        "esh",
        "as",
        "es",
        "ad",
        "ed",
        "az",
        "ez",
        "at",
        "et",
        "an",
        "en",
        "ath",
        "eth",
        "adh",
        "edh",
    ]
)

# Word variants unified in the folded key (checked after the light key is built).
_WORD_VARIANTS: dict[str, str] = {}
for _canonical, _variants in {
    "tal": "tal tall tel tell til",
    "ain": "ain ein ayn ayin",
    "kafr": "kafr kfar kafer kefr kfr kefer kafar kfer",
    "deir": "deir dayr dair der dier deyr dir",
    "jabal": "jabal jebel jbel djebel jabel jebal jibal djbel",
    "beit": "beit bayt bait beyt bet beth",
    "sheikh": "sheikh shaykh shaikh sheik cheikh shekh sheykh shaikh chaikh",
    "abu": "abu abou ebu",
    "umm": "umm um om oum",
    "khirbet": "khirbet khirbat kherbet khirba khirbit khurbet kherbit khirbeh",
    "wadi": "wadi ouadi oued wady",
    "bir": "bir beer",
    "saint": "saint st",
    "east": "east eastern",
    "west": "west western",
    "north": "north northern",
    "south": "south southern",
}.items():
    for _v in _variants.split():
        _WORD_VARIANTS[_v] = _canonical

_VOWELS = "aeiou"
_DOUBLES = re.compile(r"([a-z])\1+")
_VOWEL_RUNS = re.compile(r"[aeiou]+")
_IY_BEFORE_VOWEL = re.compile(r"(?<=[iu])[yw](?=[aeiou])")
_Y_AS_VOWEL = re.compile(r"(?<=[^aeiou])y|y(?![aeiou])")
_W_AS_VOWEL = re.compile(r"(?<=^[^aeiou])w|w(?![aeiou])")
# English and French spellings of one Arabic letter: tch/ch (French) and sh, dj and j, q and
# the g of Bedouin speech (Qaryatayn/Garyatain); gh (ghayn) is a letter of its own.
_CLUSTER_MAP = {
    "tch": "sh",
    "dj": "j",
    "ch": "sh",
    "ck": "k",
    "q": "k",
    "gh": "gh",
    "g": "k",
    "ph": "f",
}
_CLUSTERS = re.compile("|".join(sorted(_CLUSTER_MAP, key=len, reverse=True)))
# French "ou" before a vowel is the consonant w: Ouadi, Zaouia, Douair.
_OU_AS_W = re.compile(r"ou(?=[aeiy])")


def _ascii_lower(name: str) -> str:
    if not name.isascii():
        text = unicodedata.normalize("NFKD", name.translate(_LETTERS))
        name = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _QUOTES.sub("", name.lower())


def ascii_spelling(name: str) -> str:
    """``name`` without diacritics, with typographic apostrophes made plain ("Ḩalab" → "Halab")."""
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub("[’‘ʿʾʻʼ`´]", "'", text)


def _light_tokens(name: str) -> list[str]:
    tokens = _NON_ALNUM.sub(" ", _ascii_lower(name)).split()
    kept = [t for t in tokens if t not in ARTICLES]
    return kept or tokens


@lru_cache(maxsize=65536)
def simplify_place_name(name: str) -> str:
    """Light key: lower case, no diacritics/apostrophes/punctuation, articles dropped.

    >>> simplify_place_name("Ma'arrat An-Nu'man")
    'maarrat numan'
    """
    return " ".join(_light_tokens(name))


def _fold_token(token: str) -> str:
    token = _WORD_VARIANTS.get(token, token)
    # French writes a silent e after a final n: Meskine, Rastane.
    if len(token) > 4 and token[-3:] in ("ine", "ane", "one"):
        token = token[:-1]
    # A final h after a vowel is the Arabic ta marbuta: Hamah/Hama, Hasakeh/Hasaka.
    if len(token) > 3 and token[-1] == "h" and token[-2] in _VOWELS:
        return token[:-1]
    return token


@lru_cache(maxsize=262144)
def normalise_place_name(name: str) -> str:
    """Folded matching key shared by the usual spellings of one place name.

    >>> [normalise_place_name(n) for n in ("Daraa", "Deraa", "Dar'a")]
    ['dara', 'dara', 'dara']
    >>> normalise_place_name("Idleb") == normalise_place_name("Idlib")
    True
    """
    text = "".join([_key_token(_fold_token(t)) for t in _light_tokens(name)])
    # one vowel where a word ending in a vowel meets one starting with one (Abu Ubaydah);
    # doubled letters are not collapsed across words: Kafr Ruma is not Kafr Amma
    return _VOWEL_RUNS.sub("a", text)


def _key_token(token: str) -> str:
    token = _OU_AS_W.sub("w", token)
    token = _CLUSTERS.sub(lambda m: _CLUSTER_MAP[m.group()], token)
    token = _DOUBLES.sub(r"\1", token)
    token = _IY_BEFORE_VOWEL.sub("", token)
    # y and w are consonants between vowels (Mayadin, Hawija) and vowels elsewhere (Dayr,
    # Zawr); w after a first consonant is a u too (Kweires, Sweida), not later (Sahwa).
    token = _Y_AS_VOWEL.sub("i", token)
    token = _W_AS_VOWEL.sub("u", token)
    token = _VOWEL_RUNS.sub("a", token)
    return _DOUBLES.sub(r"\1", token)


def consonant_skeleton(key: str) -> str:
    """A folded key (:func:`normalise_place_name`) without its vowels: ``"jdr"`` for ``"jadra"``."""
    return key.replace("a", "")


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def plausible_respelling(key_a: str, key_b: str) -> bool:
    """True when two folded keys can be one name spelt two ways: same consonant skeleton, or
    skeletons of 3+ letters with the same first letter and one letter added, dropped or
    changed after it. *Jadriya* (``jdr``) is no respelling of *Dar'a* (``dr``)."""
    a, b = consonant_skeleton(key_a), consonant_skeleton(key_b)
    if a == b:
        return bool(a)
    if min(len(a), len(b)) < 3 or a[0] != b[0]:
        return False
    return _one_edit_apart(a[1:], b[1:])


# Words that say what kind of place a name is ("Aleppo town", "Idlib province").
_ADMIN_WORDS = (
    "governorate",
    "province",
    "countryside",
    "muhafazat",
    "mohafazat",
    "wilayat",
    "oblast",
    "state",
    "region",
    "department",
    "prefecture",
)
_PLACE_WORDS = (
    "town",
    "village",
    "villages",
    "city",
    "suburb",
    "suburbs",
    "district",
    "subdistrict",
    "sub-district",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "area",
    "locality",
    "municipality",
    "outskirts",
    "vicinity",
    "surroundings",
    "countryside",
    "environs",
    "center",
    "centre",
)
_PREFIXES = re.compile(
    r"^(?:the|rural|outskirts of|countryside of|vicinity of|near|around|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?)\s+",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"\s+(?P<word>" + "|".join(re.escape(w) for w in _ADMIN_WORDS + _PLACE_WORDS) + r")$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*\([^)]*\)\s*")


def split_place_qualifier(name: str) -> tuple[str, str | None]:
    """Split a trailing kind word off a name: ``("Aleppo", "governorate")``.

    The word is lower-cased; ``None`` when there is none or nothing would be left.
    """
    match = _SUFFIX.search(name.strip())
    if match is None or match.start() == 0:
        return name.strip(), None
    return name[: match.start()].strip(), match.group("word").lower()


def name_variants(name: str) -> list[str]:
    """Progressively simpler readings of ``name``, the name itself first.

    ``"Tadmur/Palmyra town"`` gives ``["Tadmur/Palmyra town", "Tadmur/Palmyra", "Tadmur",
    "Palmyra", ...]``; ``"Northern Aleppo countryside"`` gives ``"Aleppo countryside"`` and
    ``"Aleppo"`` among others. Used to retry a lookup that found nothing for the name as
    written.
    """
    out: list[str] = []
    queue = [name]
    while queue and len(out) < 16:
        text = " ".join(queue.pop(0).split()).strip(" ,.-")
        if not text or text in out:
            continue
        out.append(text)
        unbracketed = _PAREN.sub(" ", text).strip()
        if unbracketed != text:
            queue.append(unbracketed)
        parts = [p for p in re.split(r"\s*/\s*", text) if p.strip()]
        if len(parts) > 1:
            queue.extend(parts)
            continue
        queue.append(split_place_qualifier(text)[0])
        queue.append(_PREFIXES.sub("", text))
    return out
