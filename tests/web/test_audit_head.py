"""The dashboard prints the audit log's current head to members who may read the log."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, needs_chromium
from .test_dashboard import shot, sign_in

pytestmark = [pytest.mark.browser, needs_chromium]


def test_members_see_the_audit_head(page: Page, site: Site, tmp_path: Path) -> None:
    token = site.store.tokens["ru"]
    head = httpx.get(f"{site.base}/audit/checkpoint", timeout=30,
                     headers={"Authorization": f"Bearer {token}"}).json()  # fmt: skip
    page.goto(site.base + "/")
    expect(page.locator("#audit-head")).to_be_hidden()  # the public may not read the log
    sign_in(page, token)
    expect(page.locator("#audit-head")).to_have_text(
        f"Audit log head: {head['size']} entries, root {head['root']}, store {head['store'][:16]}"
    )
    shot(page, "audit-head", tmp_path)
