"""The situation report written as HTML and as PDF (checked with poppler's tools)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ceasefire.errors import InputError
from ceasefire.reports.render import write_situation_report

THRESHOLDS = "thresholds:\n  strained: {violations: 1}\n  broken: {violations: 3, fatalities: 10}\n"
WEEK = {"agreement_id": "test-truce", "date_from": date(2017, 1, 8), "date_to": date(2017, 1, 14)}
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed (.ci/run installs it)",
)


def _svg(html: str, label: str) -> str:
    found = re.search(rf'<svg [^>]*aria-label="{label}">.*?</svg>', html, re.S)
    assert found, label
    return found.group(0)


def test_html_report(truce_world: Callable[[str], Engine], tmp_path: Path) -> None:
    engine = truce_world(THRESHOLDS)
    out = tmp_path / "week.html"
    write_situation_report(engine, output=out, **WEEK)  # type: ignore[arg-type]
    html = out.read_text(encoding="utf-8")
    assert "<title>Situation report: Test truce, 2017-01-08 to 2017-01-14</title>" in html
    assert "cut-off <b>2017-01-14 22:00 UTC</b> (end of 2017-01-14, Asia/Damascus)" in html
    assert "broken: ≥ 3 violations or ≥ 10 deaths; strained: ≥ 1 violation (in 7 days)" in html
    assert '<span class="status broken">broken</span>' in html
    assert "No incidents are recorded" not in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    map_svg = _svg(html, "Map of incidents and zones")
    assert map_svg.count("<circle") == 7
    assert map_svg.count('fill="#8b0000"') == 1  # the verified violation (Jobar)
    assert map_svg.count('stroke="#762a83"') == 1  # the allegation (Atarib)
    bars = _svg(html, "Violations per day, by side")
    assert bars.count("<rect ") == 4 + 2  # four violations on four days, two legend keys
    assert "#32 · " not in html
    assert "“" not in html  # no source notes in this case
    assert "Russia verified; Turkey verified" in html
    assert "Verdict: <b>violation</b>, attributed to Military Forces of Syria (2000-)" in html
    assert re.search(r"unclear\): <b>1</b> incident: #\d+ Idleb \(2017-01-12\)\.", html)
    assert "not (yet) verified: <b>3</b> of 4." in html
    assert "Claims not verified by the verification body: <b>1</b> of 1." in html


def test_empty_period_says_so(truce_world: Callable[[str], Engine], tmp_path: Path) -> None:
    engine = truce_world("")
    out = tmp_path / "march.html"
    write_situation_report(
        engine, agreement_id="test-truce", date_from=date(2017, 3, 1), date_to=date(2017, 3, 7),
        output=out,
    )  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert "No incidents are recorded in this period." in html
    assert "No incident of this period has coordinates: the map shows the zones only." in html
    map_svg = _svg(html, "Map of incidents and zones")
    assert "<circle" not in map_svg
    assert map_svg.count('fill="#1a9850" fill-opacity="0.22"') == 3  # three zones, holding


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("r.txt", {}, "the report is written as .html or .pdf"),
        ("r.html", {"date_from": date(2017, 1, 20)}, "is after --to"),
        ("r.html", {"zone": "gaza"}, "has no zone 'gaza'"),
    ],
)
def test_bad_requests_write_nothing(
    truce_world: Callable[[str], Engine], tmp_path: Path, name: str, kwargs: dict[str, object],
    message: str,
) -> None:  # fmt: skip
    engine = truce_world("")
    with pytest.raises(Exception, match=message):
        write_situation_report(engine, output=tmp_path / name, **{**WEEK, **kwargs})  # type: ignore[arg-type]
    assert list(tmp_path.glob("r.*")) == [] and list(tmp_path.glob(".r.*")) == []


def test_existing_file_needs_force(truce_world: Callable[[str], Engine], tmp_path: Path) -> None:
    engine = truce_world("")
    out = tmp_path / "r.html"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="already exists"):
        write_situation_report(engine, output=out, **WEEK)  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "keep me"
    write_situation_report(engine, output=out, force=True, **WEEK)  # type: ignore[arg-type]
    assert "Situation report" in out.read_text(encoding="utf-8")


def _pixels(ppm: bytes, colour: tuple[int, int, int], tolerance: int = 30) -> int:
    """Pixels of a binary PPM (P6) within ``tolerance`` of ``colour``."""
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    assert header
    data = ppm[header.end() :]
    r0, g0, b0 = colour
    return sum(
        1
        for i in range(0, len(data) - 2, 3)
        if abs(data[i] - r0) <= tolerance
        and abs(data[i + 1] - g0) <= tolerance
        and abs(data[i + 2] - b0) <= tolerance
    )


def _map_page(pdf: Path) -> bytes:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))  # type: ignore[union-attr]  # fmt: skip
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        if "\nMap\n" in f"\n{text}":
            return subprocess.run(["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page),
                                   str(pdf)], capture_output=True, check=True).stdout  # fmt: skip
    raise AssertionError("no page has the map")


@needs_poppler
def test_pdf_report_text_and_map(truce_world: Callable[[str], Engine], tmp_path: Path) -> None:
    engine = truce_world(THRESHOLDS)
    full, idleb = tmp_path / "week.pdf", tmp_path / "idleb.pdf"
    write_situation_report(engine, output=full, **WEEK)  # type: ignore[arg-type]
    write_situation_report(engine, output=idleb, zone="idleb", **WEEK)  # type: ignore[arg-type]
    assert full.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(full), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    for expected in ("Situation report: Test truce", "2017-01-14 22:00 UTC", "Status per zone",
                     "broken", "Jobar", "What changed since the previous period", "Claims",
                     "What the data cannot show", "Fatalities in violations per day"):  # fmt: skip
        assert expected in text, expected
    assert re.search(r"3[67]°E", text)  # the map's graticule is drawn as part of the page
    # The map's dots: the violations (not verified) are orange-red; with only Idleb's
    # undetermined incident, the one such spot left is the legend's.
    red = (0xE3, 0x4A, 0x33)
    assert _pixels(_map_page(full), red) > 2 * _pixels(_map_page(idleb), red) > 0
