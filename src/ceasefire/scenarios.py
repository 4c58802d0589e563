"""The scenarios shipped with the package (agreement file, sample reports, articles)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ceasefire.errors import NotFoundError


def scenario_dir(name: str) -> Path:
    """The folder of scenario ``name`` (e.g. ``astana-2017``) inside the installed package."""
    root = Path(str(files("ceasefire") / "scenarios"))
    folder = root / name
    if not (folder / "agreement.yaml").is_file():
        known = sorted(p.name for p in root.iterdir() if (p / "agreement.yaml").is_file())
        raise NotFoundError(f"no scenario {name!r}", hint=f"Known scenarios: {', '.join(known)}.")
    return folder
