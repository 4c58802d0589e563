"""Writing the situation report: HTML from a Jinja2 template, PDF through WeasyPrint.

The HTML is one self-contained file (inline CSS and SVG, no script, no network), so it opens
offline and prints as it looks. The PDF is that HTML laid out by WeasyPrint, which needs
Pango at the operating-system level (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``, and
``libharfbuzz-subset0`` to subset fonts fast). Both are written through
:class:`ceasefire.atomic.OutputFile`: whole or not at all, never over the store.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TextIO, cast

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from sqlalchemy import Engine

from ceasefire.atomic import OutputFile, store_files
from ceasefire.db.engine import session_factory
from ceasefire.errors import CeasefireError, InputError
from ceasefire.reports.map_svg import render_map
from ceasefire.reports.situation import Situation, build_situation, check_period
from ceasefire.reports.svg import render_bars, verdict_key

log = logging.getLogger(__name__)
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("ceasefire.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(situation: Situation) -> str:
    """The report as one self-contained HTML page."""
    s = situation
    drawn = [(z, st.status) for st in s.zones if (z := s.agreement.zone(st.zone)) is not None]
    points = [
        (it.latitude, it.longitude, verdict_key(it.verdict, it.status, it.allegation), it.location)
        for it in sorted(s.items, key=lambda it: (not it.violation, it.id))
        if it.latitude is not None and it.longitude is not None and it.in_scope
    ]
    series = s.series
    sides = list(series.by_side.items()) or [("violations", [0] * len(series.days))]
    template = _environment().get_template("situation.html.j2")
    return template.render(
        s=s,
        map_svg=Markup(render_map(drawn, points)),
        mapped=bool(points),
        side_svg=Markup(render_bars(series.days, sides, title="Violations per day, by side")),
        deaths_svg=Markup(
            render_bars(
                series.days,
                [("fatalities", series.fatalities)],
                title="Fatalities in violations per day",
                colours=("#4d4d4d",),
            )
        ),
    )


def render_pdf(html: str) -> bytes:
    """``html`` laid out as a PDF by WeasyPrint."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise CeasefireError(
            f"PDF output needs WeasyPrint and the Pango library: {exc}",
            hint="Install the system libraries (Debian: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core), or write .html.",
        ) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return cast(bytes, HTML(string=html).write_pdf())


def report_format(path: str | Path) -> str:
    """``html`` or ``pdf`` from the output file's suffix, or a clear error."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            "the report is written as .html or .pdf",
            source=str(path),
            field="-o",
            hint="Name the output FILE.html or FILE.pdf.",
        )
    return fmt


def write_situation_report(
    engine: Engine,
    *,
    agreement_id: str,
    date_from: date,
    date_to: date,
    output: str | Path,
    zone: str | None = None,
    force: bool = False,
) -> Situation:
    """Build the situation report and write it to ``output`` (``.html`` or ``.pdf``).

    The destination is checked before any work; an existing file is replaced only with
    ``force``. Returns what was reported.

    Example:
        write_situation_report(engine, agreement_id="astana-2017",
                               date_from=date(2017, 1, 1), date_to=date(2017, 1, 31),
                               output="january.pdf")
    """
    fmt = report_format(output)
    check_period(date_from, date_to)
    out = OutputFile(output, protected=store_files(engine), replace=force, option="-o")
    with session_factory(engine)() as session:
        situation = build_situation(
            session, agreement_id=agreement_id, date_from=date_from, date_to=date_to, zone=zone
        )
    html = render_html(situation)
    try:
        fh = out.open()
        if fmt == "pdf":
            data = render_pdf(html)
            fh.flush()
            cast(TextIO, fh).buffer.write(data)
        else:
            fh.write(html)
        out.commit()
    except BaseException:
        out.discard()
        raise
    return situation
