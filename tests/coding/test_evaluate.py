from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ceasefire.coding.evaluate import evaluate, fold_admin, haversine_km, same_admin1, score_row
from ceasefire.coding.pipeline import Coder

COLUMNS = ["id", "event_date", "country", "admin1", "location", "latitude", "longitude",
           "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "notes"]  # fmt: skip


def write_gold(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(
        tmp_path / "gold.csv",
        [
            ["g1", "2020-03-03", "Syria", "Idlib", "Kafr Nabl", "35.61", "36.56",
             "Explosions/Remote violence", "Shelling/artillery/missile attack",
             "Military Forces of Syria (2000-)", "Civilians (Syria)", "2",
             "On 3 March 2020, regime forces shelled Kafr Nabl, killing two civilians."],
            # the old 2016 taxonomy, without sub-event type
            ["g2", "2020-03-04", "Syria", "Aleppo", "Afrin", "36.51", "36.87",
             "Battle-No change of territory", "", "Military Forces of Turkey (2016-)",
             "HTS: Hayat Tahrir al Sham", "0",
             "On 4 March 2020, Turkish forces clashed with HTS in Afrin."],
            ["g3", "2020-03-05", "Syria", "Aleppo", "Afrin", "36.51", "36.87", "Protests",
             "Peaceful protest", "Protesters (Syria)", "", "0", "Nothing to see here."],
        ],
    )  # fmt: skip


def test_per_field_accuracy_and_confusion(coder: Coder, gold: Path) -> None:
    report = evaluate(gold, id_column="id", coder=coder)
    assert report.rows == 3
    assert report.rows_with_event == 2
    acc = {name: (s.correct, s.total) for name, s in report.fields.items()}
    assert acc == {
        "event_type": (2, 3),
        "sub_event_type": (2, 3),  # the old type implies its sub-type
        "actor1": (2, 3),
        "actor2": (3, 3),  # no event and no target: right
        "location_25km": (2, 3),
        "admin1": (2, 3),
        "fatalities": (2, 3),
        "event_date": (2, 3),
    }
    assert report.confusion == {
        "Battles": {"Battles": 1},
        "Explosions/Remote violence": {"Explosions/Remote violence": 1},
        "Protests": {"(no event)": 1},
    }
    assert {m.row_id for m in report.mismatches} == {"g3"}
    data = report.to_json()
    assert data["fields"]["event_type"] == {"accuracy": 0.6667, "correct": 2, "total": 3}


def test_limit_scores_only_the_first_rows(coder: Coder, gold: Path) -> None:
    assert evaluate(gold, limit=1, coder=coder).rows == 1


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [("Idleb", "Idlib", True), ("Ar-Raqqa", "Raqqa", True), ("Deir-ez-Zor", "Deir ez Zor", True),
     ("Rural Damascus", "Damascus", True), ("Aleppo", "Idleb", False), ("Aleppo", "", False)],
)  # fmt: skip
def test_admin1_spellings(gold: str, predicted: str, same: bool) -> None:
    assert same_admin1(gold, predicted) is same


def test_fold_admin_drops_articles_and_generic_words() -> None:
    assert fold_admin("Al-Hasakeh Governorate") == fold_admin("hasakeh")
    assert same_admin1("Al-Hasakeh Governorate", "Hasakah")


def test_haversine() -> None:
    assert haversine_km((33.51, 36.29), (33.57, 36.40)) == pytest.approx(12.2, abs=0.3)


def test_a_row_without_an_event_scores_empty_actor2_as_right() -> None:
    scores = score_row({"actor2": "", "event_type": "Protests"}, None)
    assert scores["actor2"] == (True, "", "")
    assert scores["event_type"] == (False, "Protests", "")


def test_a_country_column_tells_the_coder_the_country(coder: Coder, tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "g.csv",
        [["g1", "2020-03-03", "Syria", "", "", "", "", "Violence against civilians", "Attack",
          "Unidentified Armed Group (Syria)", "Civilians (Syria)", "1",
          "On 3 March 2020, gunmen shot dead a shepherd."]],
    )  # fmt: skip
    assert evaluate(gold, coder=coder).fields["actor1"].correct == 0  # no country: no name
    report = evaluate(gold, country_column="country", coder=coder)
    assert (report.fields["actor1"].correct, report.fields["actor2"].correct) == (1, 1)
