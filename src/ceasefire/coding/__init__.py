"""The text coder: English text about armed conflict in, ACLED-style events out.

``ceasefire.coding.extract.extract_documents`` and ``extract_files`` code documents and files;
``ceasefire.coding.evaluate.evaluate`` scores the coder against an ACLED-format gold file.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ceasefire")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

#: Recorded in every event this coder writes.
CODER = f"ceasefire-coder/{__version__}"

__all__ = ["CODER", "__version__"]
