"""Agreement periods of a day: fusion never joins days on two sides of a boundary."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.agreements.loader import load_agreement
from ceasefire.agreements.schema import Agreement
from ceasefire.events.periods import agreement_period, boundaries, day_periods
from ceasefire.scenarios import scenario_dir


@pytest.fixture(scope="module")
def astana() -> Agreement:
    return load_agreement(scenario_dir("astana-2017") / "agreement.yaml")


@pytest.fixture(scope="module")
def memorandum() -> Agreement:
    return load_agreement(scenario_dir("de-escalation-2017") / "agreement.yaml")


@pytest.mark.parametrize(
    ("one", "other", "same", "why"),
    [
        (date(2016, 12, 29), date(2016, 12, 30), False, "the truce starts at 00:00 on 30 Dec"),
        (date(2016, 12, 30), date(2016, 12, 31), True, "both days in force, Iran not yet in"),
        (date(2017, 1, 23), date(2017, 1, 24), False, "Iran joins the guarantors on 24 Jan"),
        (date(2017, 1, 24), date(2017, 1, 25), True, "both days after Iran joined"),
        (date(2017, 5, 5), date(2017, 5, 6), False, "the memorandum replaces the truce on 6 May"),
        (date(2017, 5, 6), date(2017, 5, 7), True, "both under the memorandum"),
        (date(2016, 12, 27), date(2016, 12, 28), True, "both before any agreement"),
    ],
)  # fmt: skip
def test_days_on_two_sides_of_a_boundary_have_different_periods(
    astana: Agreement, memorandum: Agreement, one: date, other: date, same: bool, why: str
) -> None:
    period = day_periods([memorandum, astana])
    assert (period(one) == period(other)) is same, why


def test_a_period_says_in_force_and_who_had_joined(astana: Agreement) -> None:
    assert agreement_period(astana, date(2017, 1, 10)) == (
        "astana-2017", True, (("Iran", False),),
    )  # fmt: skip
    assert agreement_period(astana, date(2017, 1, 24)) == ("astana-2017", True, (("Iran", True),))
    assert agreement_period(astana, date(2017, 5, 6)) == ("astana-2017", False, (("Iran", True),))


def test_boundaries_in_time_order(astana: Agreement) -> None:
    assert [(what, when.isoformat()) for what, when in boundaries(astana)] == [
        ("start", "2016-12-29T22:00:00+00:00"),
        ("Iran joins", "2017-01-23T22:00:00+00:00"),
        ("end", "2017-05-05T21:00:00+00:00"),
    ]
