"""The dashboard end to end in headless Chromium, as a monitor uses it: sign in, filter, pan the
map and see the table follow, open an incident, vote, see the status change, export. Every
request the pages make must stay on the loopback server (the dashboard works offline)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from .conftest import Site, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def offline(page: Page) -> Iterator[list[str]]:
    """The page, with every request off the loopback server refused and recorded."""
    outside: list[str] = []

    def check(route: Route) -> None:
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", check)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield outside
    assert errors == []
    assert outside == []


def shot(page: Page, name: str, tmp_path: Path) -> None:
    """A screenshot to look at (CEASEFIRE_SCREENSHOTS names a folder to keep them in)."""
    folder = Path(os.environ.get("CEASEFIRE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=name.startswith("incident"))


def sign_in(page: Page, token: str) -> None:
    page.fill("#token", token)
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#who")).to_be_visible()


def expect_table(page: Page, places: list[str]) -> None:
    expect(page.locator("#incidents tbody tr td:nth-child(2)")).to_have_text(places)


def set_view(page: Page, lat: float, lon: float, zoom: int) -> None:
    page.evaluate(f"ceasefireMap.setView([{lat}, {lon}], {zoom}, {{animate: false}})")


def test_public_view_shows_only_published_counts(
    page: Page, site: Site, offline: list[str], tmp_path: Path
) -> None:
    page.goto(site.base + "/")
    expect(page.locator("body")).to_have_attribute("data-view", "public")
    expect(page.locator("#zones-caption")).to_have_text(
        "Status from verified violations over the 7 days to 2017-01-14"
    )
    expect(page.locator("#zones li", has_text="Idleb")).to_have_text(
        "IdlebStrained · 1 verified violation in 7 days, 1 in all"
    )
    expect(page.locator("#zones li", has_text="Homs")).to_have_text(
        "HomsHolding · 0 verified violations in 7 days, 0 in all"
    )
    # The map's zones are shaded by those statuses (drawn on the canvas: read from the map).
    shades = page.evaluate(ZONE_FILLS)
    assert (shades["idleb"], shades["aleppo"], shades["homs"]) == (
        "#e67e22", "#e67e22", "#27ae60",
    )  # fmt: skip
    expect(page.locator("#table-count")).to_contain_text("Sign in to see incidents")
    expect(page.locator(".exports")).to_be_hidden()
    assert page.locator("#incidents tbody tr").count() == 0
    assert page.locator(".leaflet-marker-icon, .leaflet-interactive.incident").count() == 0
    shot(page, "public", tmp_path)


ZONE_FILLS = """() => {
  const out = {};
  ceasefireMap.eachLayer((l) => {
    const zone = l.feature && l.feature.properties.zone;
    if (zone) out[zone] = l.options.fillColor;
  });
  return out;
}"""


def test_markers_and_clusters_are_reached_with_the_keyboard(
    page: Page, site: Site, offline: list[str], tmp_path: Path
) -> None:
    page.goto(site.base + "/")
    sign_in(page, site.store.tokens["observer"])
    expect(page.locator("body")).to_have_attribute("data-points", "12")
    clusters = page.locator(".marker-cluster")
    expect(clusters.first).to_have_attribute("tabindex", "0")
    expect(clusters.first).to_have_attribute("role", "button")
    expect(clusters.first.locator(".sr-only")).to_contain_text("incidents here: Enter zooms in")
    set_view(page, 35.93, 36.63, 12)
    idleb = site.store.ids["Idleb"]
    marker = page.locator(f'.leaflet-marker-icon[title^="Incident {idleb}:"]')
    expect(marker).to_have_attribute("title", f"Incident {idleb}: Violation, verified")
    expect(marker).to_have_attribute("tabindex", "0")
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .popup a")
    expect(link).to_be_focused()
    expect(page.locator(".leaflet-popup")).to_contain_text("Violation · Verified")
    shot(page, "keyboard-popup", tmp_path)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site.base}/incident/{idleb}")


def test_a_stale_token_at_load_asks_to_sign_in_and_keeps_the_typed_vote(
    page: Page, site: Site, offline: list[str], tmp_path: Path
) -> None:
    homs = site.store.ids["Homs"]
    draft = {"choice": "not_verified", "rationale": "Only one source.", "evidence": "",
             "comment": "Ask the Russian team."}  # fmt: skip
    stale = "cf_0000dead_" + "x" * 43
    page.add_init_script(
        f"sessionStorage.setItem('ceasefire.token', {json.dumps(stale)});"
        f"sessionStorage.setItem('ceasefire.draft.{homs}', {json.dumps(json.dumps(draft))});"
    )
    page.goto(f"{site.base}/incident/{homs}")
    expect(page.locator("#sign-in-message")).to_contain_text("Your sign-in has ended")
    expect(page.locator("#token")).to_be_focused()
    shot(page, "incident-stale-token", tmp_path)
    sign_in(page, site.store.tokens["ru"])
    expect(page.locator("#vote-form")).to_be_visible()
    expect(page.locator("input[name=choice][value=not_verified]")).to_be_checked()
    expect(page.locator("#rationale")).to_have_value("Only one source.")
    expect(page.locator("#comment")).to_have_value("Ask the Russian team.")


def test_incident_page_shows_the_claims_of_the_incident_object(
    page: Page, site: Site, offline: list[str], tmp_path: Path
) -> None:
    ids = site.store.ids
    page.goto(f"{site.base}/incident/{ids['Hama']}")
    sign_in(page, site.store.tokens["observer"])
    claims = page.locator("#claims li")
    expect(claims).to_have_count(1)
    expect(claims.locator(".claim")).to_have_text(
        "Military Forces of Syria (2000-) alleges Opposition Rebels (Syria): Armed clash at Hama"
    )
    expect(claims).to_contain_text("2017-01-16 · source: SANA")
    shot(page, "incident-claims", tmp_path)


def test_monitor_session_from_sign_in_to_export(
    page: Page, site: Site, offline: list[str], tmp_path: Path
) -> None:
    tokens, ids = site.store.tokens, site.store.ids
    page.goto(site.base + "/")
    sign_in(page, tokens["ru"])
    body = page.locator("body")
    expect(body).to_have_attribute("data-view", "members")
    expect(body).to_have_attribute("data-points", "12")  # 11 observed, 1 allegation (Hama)
    expect(page.locator("#zones-caption")).to_have_text(
        "Holding status over the 7 days to 2017-01-27"
    )
    expect(page.locator("#zones li", has_text="Homs")).to_contain_text("Strained · 1 violation")
    expect(page.locator("#zones li", has_text="Idleb")).to_contain_text("Holding · 0 violations")
    shot(page, "dashboard", tmp_path)

    # Filter: the URL keeps it, the map and the table follow.
    page.select_option("#f-verdict", "violation")
    expect(body).to_have_attribute("data-points", "8")
    assert "verdict=violation" in page.url and "agreement=astana-2017" in page.url

    # Pan the map: the table lists the incidents in the visible area only.
    set_view(page, 35.13, 36.75, 10)
    expect(page.locator("#table-count")).to_have_text("1 incident in the visible area.")
    expect_table(page, ["Hama"])
    set_view(page, 36.3, 37.6, 9)
    expect(page.locator("#table-count")).to_have_text("1 incident in the visible area.")
    expect_table(page, ["Aleppo"])  # Al-Bab is no violation: filtered out
    box = page.locator("#map").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 350, y, steps=8)  # drag the map east, Aleppo leaves the view
    page.mouse.up()
    expect(page.locator("#table-count")).to_have_text("No incidents in the visible area.")
    expect_table(page, [])

    # Reload: the filter comes back from the URL.
    page.reload()
    expect(page.locator("#f-verdict")).to_have_value("violation")
    expect(body).to_have_attribute("data-points", "8")

    # Open an incident from the table.
    set_view(page, 35.13, 36.75, 10)
    expect_table(page, ["Hama"])
    page.click("#incidents tbody a")
    expect(page).to_have_url(f"{site.base}/incident/{ids['Hama']}")
    expect(page.locator("#review-status")).to_have_text("Status: Under review (round 1)")
    expect(page.locator("#verdicts")).to_contain_text("Violation under astana-2017")
    expect(page.locator("#verdicts .trace li").first).to_be_visible()

    # Vote as Russia's monitor: the review waits for Turkey.
    page.check("input[name=choice][value=verified]")
    page.fill("#rationale", "Confirmed by our observers on the ground.")
    page.click("#vote-form button[type=submit]")
    expect(page.locator("#vote-message")).to_have_text("Vote recorded. Status: Under review.")
    expect(page.locator("#votes")).to_contain_text("Russia voted verified")
    expect(page.locator("#vote-form")).to_be_hidden()  # Russia has voted this round

    # Turkey's monitor starts typing a vote; the token is revoked before it is sent.
    page.click("#sign-out")
    sign_in(page, tokens["tr"])
    page.check("input[name=choice][value=verified]")
    page.fill("#rationale", "Two independent sources and our own report.")
    page.fill("#evidence", "report TR-17-016")
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    revoked = httpx.post(f"{site.base}/users/tr/revoke", headers=admin, timeout=30)
    assert revoked.status_code == 200, revoked.text
    page.click("#vote-form button[type=submit]")
    expect(page.locator("#sign-in")).to_be_visible()
    expect(page.locator("#sign-in-message")).to_contain_text("Sign in again")
    expect(page.locator("#vote-message")).to_contain_text("Not sent")
    expect(page.locator("#rationale")).to_have_value("Two independent sources and our own report.")
    shot(page, "incident-signed-out", tmp_path)

    # A new token for Turkey: the typed vote is still there and goes through.
    made = httpx.post(
        f"{site.base}/users", headers=admin, timeout=30,
        json={"name": "tr2", "role": "monitor", "organisation": "Turkey"},
    )  # fmt: skip
    assert made.status_code in (200, 201), made.text
    sign_in(page, made.json()["token"])
    expect(page.locator("#rationale")).to_have_value("Two independent sources and our own report.")
    expect(page.locator("#evidence")).to_have_value("report TR-17-016")
    page.click("#vote-form button[type=submit]")
    expect(page.locator("#vote-message")).to_have_text("Vote recorded. Status: Verified.")
    expect(page.locator("#review-status")).to_have_text("Status: Verified (round 1)")
    expect(page.locator("#vote-form")).to_be_hidden()  # decided: no more votes this round
    shot(page, "incident-verified", tmp_path)

    # Back on the dashboard, the verified filter now includes Hama; export what is seen.
    page.goto(site.base + "/?agreement=astana-2017&status=verified")
    expect(body).to_have_attribute("data-points", "4")
    with page.expect_download() as download:
        page.click("#export-csv")
    path = download.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert [(r["incident_id"], r["location"], r["status"], r["verdict"]) for r in rows] == [
        (str(ids[p]), p, "verified", "violation") for p in ("Douma", "Aleppo", "Idleb", "Hama")
    ]
    assert download.value.suggested_filename == "incidents.csv"
    with page.expect_download() as geo:
        page.click("#export-geojson")
    assert geo.value.suggested_filename == "incidents.geojson"


def test_api_docs_work_offline(page: Page, site: Site, offline: list[str]) -> None:
    page.goto(site.base + "/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("ceasefire")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 30
