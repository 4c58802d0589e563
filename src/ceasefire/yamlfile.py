"""Read analyst-edited YAML files safely, keeping line numbers for error messages.

Aliases and anchors are refused outright: they are what a "YAML bomb" is made of, and
none of our file formats needs them. Errors name the file and the 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ceasefire.errors import InputError
from ceasefire.sniff import not_text

MAX_YAML_BYTES = 5 * 1024 * 1024
#: Deepest nesting of lists and mappings read (agreement files nest about five deep).
MAX_YAML_DEPTH = 50
# libyaml's parser when PyYAML was built with it: the same events and marks, ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document and a map from key paths to the line they start on."""

    source: str
    data: Any
    lines: dict[tuple[str | int, ...], int]

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """Line of the deepest known prefix of ``path`` (pydantic error locations fit here)."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return None


def _walk(
    node: yaml.Node,
    path: tuple[str | int, ...],
    lines: dict[tuple[str | int, ...], int],
    source: str,
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    "a key must be a plain value, not a list or a mapping",
                    source=source,
                    line=key_node.start_mark.line + 1,
                )
            key = str(key_node.value)
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, path + (key,), lines, source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, path + (i,), lines, source) for i, item in enumerate(node.value)]
    return _scalar(node, source)


def _scalar(node: yaml.Node, source: str) -> Any:
    """The value of a scalar node, or an InputError naming its line: a date that is no date
    (2017-13-45), an integer too long to convert (over 4,300 digits), a tag we do not know."""
    if node.tag == _STR:
        return node.value  # most scalars: no constructor needed (start-up reads ~6,000 of them)
    line = node.start_mark.line + 1
    try:
        return _constructor().construct_object(node, deep=True)  # type: ignore[no-untyped-call]
    except yaml.constructor.ConstructorError as exc:
        raise InputError(
            f"unknown YAML tag {node.tag!r}",
            source=source,
            line=line,
            hint="Remove the tag (the text starting with '!'); agreement files use plain values.",
        ) from exc
    except (ValueError, OverflowError) as exc:
        value = str(node.value)
        if len(value) > 60:
            value = f"{value[:40]}... ({len(value):,} characters)"
        raise InputError(
            f"cannot read {value!r} as a {_kind(node.tag)}: {_reason(exc)}",
            source=source,
            line=line,
            hint="Dates are YYYY-MM-DD (or an ISO date and time); quote a value meant as text.",
        ) from exc


_STR = "tag:yaml.org,2002:str"


def _constructor() -> yaml.SafeLoader:
    """A fresh constructor: it remembers what it built, so one per value keeps them apart."""
    return yaml.SafeLoader("")


def _kind(tag: str) -> str:
    return {"tag:yaml.org,2002:int": "whole number", "tag:yaml.org,2002:float": "number"}.get(
        tag, "date" if tag == "tag:yaml.org,2002:timestamp" else "value"
    )


def _reason(exc: Exception) -> str:
    text = str(exc)
    return "too many digits" if "digits" in text else text


def _refuse_duplicate_keys(root: yaml.Node | None, source: str) -> None:
    """A key given twice in one mapping is an error (YAML says so; PyYAML keeps the last)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = key_node.start_mark.line + 1
                    if key_node.value in first:
                        raise InputError(
                            f"duplicate key '{key_node.value}' (first given on line "
                            f"{first[key_node.value]})",
                            source=source,
                            line=line,
                            field=key_node.value,
                            hint="Give each key once; remove or rename one of them.",
                        )
                    first[key_node.value] = line
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def parse_yaml(text: str, *, source: str) -> YamlDocument:
    """Parse ``text`` (named ``source`` in errors) into data plus line numbers."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise InputError(
            f"file is larger than {MAX_YAML_BYTES // (1024 * 1024)} MB",
            source=source,
            hint="Agreement and data files are small; check you passed the right file.",
        )
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise InputError(
                        f"lists and mappings are nested more than {MAX_YAML_DEPTH} deep",
                        source=source,
                        line=event.start_mark.line + 1 if event.start_mark is not None else None,
                        hint="Agreement files nest a few levels; check the file's indentation.",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputError(
                    "YAML anchors and aliases (&name / *name) are not allowed",
                    source=source,
                    line=event.start_mark.line + 1 if event.start_mark is not None else None,
                    hint="Write the value out in full; aliases can expand without bound.",
                )
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            f"not valid YAML: {exc.problem or exc.context}",
            source=source,
            line=mark.line + 1 if mark is not None else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", source=source) from exc
    _refuse_duplicate_keys(node, source)
    lines: dict[tuple[str | int, ...], int] = {}
    data = _walk(node, (), lines, source) if node is not None else None
    return YamlDocument(source=source, data=data, lines=lines)


def read_yaml(path: str | Path) -> YamlDocument:
    """Read and parse a YAML file; undecodable or binary files get a clear error."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(p)) from exc
    problem = not_text(raw[:65536], expected="YAML")
    if problem is not None:
        raise InputError(problem.message, source=str(p), line=problem.line, hint=problem.hint)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            source=str(p),
            line=line,
            hint="Save the file as UTF-8.",
        ) from exc
    return parse_yaml(text, source=str(p))


def validation_error(doc: YamlDocument, exc: Any, *, what: str) -> InputError:
    """Turn the first error of a pydantic ``ValidationError`` into a line-numbered InputError."""
    first = exc.errors()[0]
    loc = tuple(first.get("loc", ()))
    field = ".".join(str(p) for p in loc) or None
    # pydantic prefixes a validator's own message with "Value error, ": the message says it
    message = str(first.get("msg", "")).removeprefix("Value error, ")
    return InputError(
        f"invalid {what}: {message}",
        source=doc.source,
        line=doc.line_of(loc),
        field=field,
    )
