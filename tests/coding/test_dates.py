from __future__ import annotations

from datetime import date

import pytest

from ceasefire.coding.dates import resolve_date

REF = date(2017, 1, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Dec. 29, 2016", (date(2016, 12, 29), 1)),
        ("Dec. 29", (date(2016, 12, 29), 1)),  # past, not December 2017
        ("Jan. 27", (date(2017, 1, 27), 1)),  # two days ahead: a planned meeting
        ("Feb. 8", (date(2017, 2, 8), 1)),  # talks continue next month
        ("on Tuesday", (date(2017, 1, 24), 1)),
        # issue 9: a weekday is the last such day on or before the reference date
        ("on Wednesday", (date(2017, 1, 25), 1)),
        ("Wednesday night", (date(2017, 1, 25), 1)),
        ("last Wednesday", (date(2017, 1, 18), 1)),
        ("on Thursday", (date(2017, 1, 19), 1)),
        ("yesterday", (date(2017, 1, 24), 1)),
        ("last week", (date(2017, 1, 18), 2)),
        ("27 April 2020", (date(2020, 4, 27), 1)),
        ("On 3rd of January 2017", (date(2017, 1, 3), 1)),
        ("April 27, 2020", (date(2020, 4, 27), 1)),
        ("Sept. 4 2019", (date(2019, 9, 4), 1)),
        ("2016-12-30", (date(2016, 12, 30), 1)),
        ("31 February 2017", None),
        ("April 2020", (date(2020, 4, 1), 3)),
        ("three years", None),
        ("2016", None),
    ],
)
def test_dates_resolve_against_the_reference_date(
    span: str, expected: tuple[date, int] | None
) -> None:
    assert resolve_date(span, REF) == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("27 April 2020", (date(2020, 4, 27), 1)),
        ("April 2020", (date(2020, 4, 1), 3)),
        # issue 9: without a reference date these took today's date
        ("on Tuesday", None),
        ("yesterday", None),
        ("Dec. 29", None),
        ("last week", None),
    ],
)
def test_without_a_reference_date_only_dates_with_a_year_resolve(
    span: str, expected: tuple[date, int] | None
) -> None:
    assert resolve_date(span, None) == expected
