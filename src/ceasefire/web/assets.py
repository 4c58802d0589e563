"""Static files of the dashboard: our own (``web/static``) and the browser libraries npm
installed (``node_modules``, never committed), mounted under ``/static`` and ``/vendor``.

Only the folders the pages use are mounted, so nothing else under node_modules is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from ceasefire.settings import Settings

#: URL prefix under /vendor -> folder inside node_modules.
VENDOR: dict[str, str] = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "swagger-ui": "swagger-ui-dist",
}


@dataclass(frozen=True)
class WebSettings:
    """What the pages need from the settings."""

    tile_url: str
    tile_attribution: str
    node_modules: Path

    @classmethod
    def of(cls, settings: Settings) -> WebSettings:
        modules = Path(settings.web_assets) if settings.web_assets else default_node_modules()
        return cls(settings.tile_url, settings.tile_attribution, modules)

    def missing(self) -> list[str]:
        """The vendor folders not installed (``npm ci`` not run)."""
        return [f for f in VENDOR.values() if not (self.node_modules / f).is_dir()]


def default_node_modules() -> Path:
    """``node_modules`` at the root of the repository this package runs from."""
    return Path(__file__).resolve().parents[3] / "node_modules"


def page_path(name: str) -> Path:
    return Path(str(files("ceasefire").joinpath("web", "pages", name)))


def mount_assets(app: FastAPI, web: WebSettings) -> None:
    """Serve ``/static`` from the package and ``/vendor/<name>`` from node_modules (a folder
    that is missing answers 404 per file; the pages say to run ``npm ci``)."""
    static = Path(str(files("ceasefire").joinpath("web", "static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    for prefix, folder in VENDOR.items():
        path = web.node_modules / folder
        app.mount(f"/vendor/{prefix}", StaticFiles(directory=path, check_dir=False),
                  name=f"vendor-{prefix}")  # fmt: skip
