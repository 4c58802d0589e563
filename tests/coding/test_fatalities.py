from __future__ import annotations

import pytest

from ceasefire.coding.fatalities import count_fatalities, to_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling by regime forces killed 2 civilians in Douma.", 2),
        ("At least 12 dead after the blast.", 12),
        ("Between 43 and 52 people were killed.", 43),
        ("Militias killed 8-10 villagers.", 8),
        ("The car bomb killed twenty-one soldiers.", 21),
        ("Gunmen shot and killed a shepherd.", 1),
        ("The blast left 3 soldiers and 1 policeman dead.", 4),
        ("Dozens were killed in the raid.", 12),
        ("Neither injuries nor fatalities were reported.", 0),
        ("Three policemen were injured. No fatalities were reported.", 0),
        ("Five militants were killed, injured or captured.", None),
        ("Several people were wounded.", None),
        ("Total fatalities coded to 10.", 10),
        ("Fighters clashed for hours.", None),
    ],
)
def test_fatalities_take_the_most_conservative_figure(text: str, expected: int | None) -> None:
    assert count_fatalities(text)[0] == expected


@pytest.mark.parametrize(
    ("word", "value"),
    [("12", 12), ("twelve", 12), ("Twenty-one", 21), ("1,200", 1200), ("dozens", 12), ("x", None)],
)
def test_number_words(word: str, value: int | None) -> None:
    assert to_number(word) == value
