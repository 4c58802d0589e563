"""Load agreement files (YAML) into :class:`~ceasefire.agreements.schema.Agreement` records.

Every problem becomes one :class:`~ceasefire.errors.InputError` naming the file, the line and
the field, so an analyst can fix the file without reading code.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from ceasefire.agreements.checks import ReferenceProblem
from ceasefire.agreements.schema import Agreement
from ceasefire.errors import InputError
from ceasefire.yamlfile import YamlDocument, parse_yaml, read_yaml, validation_error

_WHAT = "agreement"


def load_agreement(path: str | FsPath) -> Agreement:
    """Read, validate and return the agreement in the YAML file at ``path``."""
    return _validate(read_yaml(path))


def parse_agreement(text: str, *, source: str) -> Agreement:
    """Validate an agreement given as YAML text; ``source`` names it in error messages."""
    return _validate(parse_yaml(text, source=source))


def read_agreement_document(path: str | FsPath) -> tuple[Agreement, YamlDocument]:
    """As :func:`load_agreement`, also returning the parsed document (for line numbers)."""
    doc = read_yaml(path)
    return _validate(doc), doc


def parse_agreement_document(text: str, *, source: str) -> tuple[Agreement, YamlDocument]:
    """As :func:`parse_agreement`, also returning the parsed document (for line numbers)."""
    doc = parse_yaml(text, source=source)
    return _validate(doc), doc


def problem_error(doc: YamlDocument, problem: ReferenceProblem) -> InputError:
    """A cross-reference problem as an error naming the file, the line and the field."""
    return InputError(
        f"invalid {_WHAT}: {problem}",
        source=doc.source,
        line=doc.line_of(problem.path),
        field=".".join(str(p) for p in problem.path),
    )


def agreement_from_json(text: str | bytes, *, source: str = "<json>") -> Agreement:
    """Rebuild an agreement from its canonical JSON (as stored), with a clear error if broken."""
    try:
        return Agreement.from_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or None
        raise InputError(
            f"invalid {_WHAT} JSON: {first.get('msg')}", source=source, field=field
        ) from None


def _validate(doc: YamlDocument) -> Agreement:
    if doc.data is None:
        raise InputError(
            "the agreement file is empty",
            source=doc.source,
            hint="See docs/agreements.md for the keys an agreement file needs.",
        )
    if not isinstance(doc.data, dict):
        raise InputError(
            f"an agreement file must be a mapping of keys (id:, name:, ...), "
            f"not a {type(doc.data).__name__}",
            source=doc.source,
            line=doc.line_of(()),
        )
    try:
        return Agreement.model_validate(doc.data)
    except ValidationError as exc:
        raise _error(doc, exc) from None


def _error(doc: YamlDocument, exc: ValidationError) -> InputError:
    first: dict[str, Any] = dict(exc.errors()[0])
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, ReferenceProblem):
        path = tuple(first.get("loc", ())) + cause.path
        return InputError(
            f"invalid {_WHAT}: {cause}",
            source=doc.source,
            line=doc.line_of(path),
            field=".".join(str(p) for p in path),
        )
    return validation_error(doc, exc, what=_WHAT)
