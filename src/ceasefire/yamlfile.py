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

MAX_YAML_BYTES = 5 * 1024 * 1024
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
    node: yaml.Node, path: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (
                yaml.safe_load(yaml.serialize(key_node))
                if not isinstance(key_node, yaml.ScalarNode)
                else key_node.value
            )
            key = str(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, path + (i,), lines) for i, item in enumerate(node.value)]
    constructor = yaml.SafeLoader("")
    return constructor.construct_object(node, deep=True)  # type: ignore[no-untyped-call]


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
        for event in yaml.parse(text, Loader=_LOADER):
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
    data = _walk(node, (), lines) if node is not None else None
    return YamlDocument(source=source, data=data, lines=lines)


def read_yaml(path: str | Path) -> YamlDocument:
    """Read and parse a YAML file; undecodable or binary files get a clear error."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(p)) from exc
    if b"\x00" in raw[:8192]:
        raise InputError("this is a binary file, not YAML", source=str(p))
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
    return InputError(
        f"invalid {what}: {first.get('msg')}",
        source=doc.source,
        line=doc.line_of(loc),
        field=field,
    )
