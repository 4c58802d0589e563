"""Texts not in English are told apart by script and by English function words."""

from __future__ import annotations

import pytest

from ceasefire.coding.language import not_english

ARABIC = "قصفت قوات النظام بلدة سراقب في ريف إدلب يوم الاثنين، ما أدى إلى مقتل مدنيين اثنين."
RUSSIAN = "Правительственные войска обстреляли город Саракиб в провинции Идлиб, убив двух жителей."
FRENCH = (
    "Les forces du régime ont bombardé la ville de Saraqeb dans la province d'Idleb lundi, "
    "tuant deux civils selon l'Observatoire syrien des droits de l'homme qui dispose d'un "
    "large réseau de sources sur le terrain en Syrie depuis le début du conflit."
)
ENGLISH = (
    "On 27 April 2020, regime forces shelled Kafr Nabl in Idleb countryside, killing two "
    "civilians. The Syrian Observatory for Human Rights said the shelling was the heaviest in "
    "weeks and that more than a dozen houses were destroyed."
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (ARABIC, "Arabic script"),
        (RUSSIAN, "Cyrillic script"),
        (FRENCH, "few English words (2% of 49 are English function words)"),
        (ENGLISH, None),
        # an English report quoting a name in Arabic is English
        (ENGLISH + " The town is called سراقب.", None),
        # too short to tell: coded as it is
        ("Regime forces shelled Douma.", None),
        ("Идлиб", None),
    ],
)
def test_not_english(text: str, reason: str | None) -> None:
    assert not_english(text) == reason
