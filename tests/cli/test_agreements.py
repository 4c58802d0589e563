"""``agreement load`` refuses a bad agreement file with one line naming the file, the line and
the field, and stores nothing: no agreement, no audit entry, no incident touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.scenarios import scenario_dir

runner = CliRunner()
ASTANA = scenario_dir("astana-2017") / "agreement.yaml"
MEMORANDUM = (scenario_dir("de-escalation-2017") / "agreement.yaml").read_text(encoding="utf-8")
GHOUTA_LAST = "[36.52, 33.49], [36.42, 33.47], [36.34, 33.50]]\n    - coordinates:  # 4."


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        pytest.param(
            "effective_from: 2017-05-06T00:00:00\n",
            "effective_from: 2017-05-06T00:00:00\neffective_until: 2017-05-01T00:00:00\n",
            "bad.yaml:34, field 'effective_until'",
            "effective_until (2017-04-30T21:00:00+00:00) must be after effective_from "
            "(2017-05-05T21:00:00+00:00)",
            id="end-before-start",
        ),
        pytest.param(
            "effective_from: 2017-05-06T00:00:00", "effective_from: 2017-04-01T00:00:00",
            "bad.yaml:33, field 'effective_from'",
            "'de-escalation-2017' starts (2017-03-31T21:00:00+00:00) before its predecessor "
            "'astana-2017' (stored) ends (2017-05-05T21:00:00+00:00)",
            id="successor-starts-before-predecessor-ends",
        ),
        pytest.param(
            "Iran: [Liwa Fatemiyoun, Liwa Zainebiyoun]", "Iraq: [Liwa Fatemiyoun]",
            "bad.yaml:137, field 'verification.recusal.affiliates.Iraq'",
            "recusal affiliates names 'Iraq', which is not a member of the verification body "
            "(members: Russia, Turkey, Iran)",
            id="recusal-names-an-unknown-member",
        ),
        pytest.param(
            GHOUTA_LAST, GHOUTA_LAST.replace("[36.34, 33.50]]", "[36.34, 33.51]]"),
            "bad.yaml:81, field 'scope.polygons.2.coordinates'",
            "outer ring is not closed: the first point [36.34, 33.5] and the last point "
            "[36.34, 33.51] must be the same",
            id="polygon-not-closed",
        ),
        pytest.param(
            "[[36.34, 33.50], [36.34, 33.56], [36.37, 33.60]",
            "[[36.34, 33.50], [36.52, 33.58], [36.37, 33.60]",
            "bad.yaml:81, field 'scope.polygons.2.coordinates'",
            "outer ring crosses itself: the edge from point 0 to 1 meets the edge from point 3 "
            "to 4; order the points around the outline without crossing",
            id="polygon-self-intersects",
        ),
    ],
)  # fmt: skip
def test_a_bad_agreement_file_is_refused_naming_file_line_and_field(
    db_url: str, tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    assert old in MEMORANDUM
    bad = tmp_path / "bad.yaml"
    bad.write_text(MEMORANDUM.replace(old, new, 1), encoding="utf-8")
    ok("init", "--db", db_url)
    ok("agreement", "load", str(ASTANA), "--db", db_url)
    before = ok("audit", "verify", "--db", db_url), ok("agreement", "list", "--db", db_url)
    result = runner.invoke(app, ["agreement", "load", str(bad), "--db", db_url])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line == f"Error: {tmp_path}/{where}: invalid agreement: {message}"
    assert (
        ok("audit", "verify", "--db", db_url),
        ok("agreement", "list", "--db", db_url),
    ) == before
