"""Typed fields out of a playbook's YAML, with every problem named by file, line and
field: text, ids, flags, numbers, choices and lists, unknown keys with a suggestion."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from bot.playbooks.model import SLUG, Problem
from bot.playbooks.yamlfile import LineMap


class FieldReader:
    """Reads typed fields of one file's YAML, collecting a problem (line, field, reason)
    for each that is missing or malformed, so a reviewer sees every problem at once."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self.problems: list[Problem] = []

    def add(self, line: int | None, field: str, reason: str) -> None:
        self.problems.append(Problem(self.file, line, field, reason))

    def keys(self, m: LineMap, allowed: set[str], where: str) -> None:
        for key in m:
            if str(key) not in allowed:
                hint = closest(str(key), allowed)
                self.add(
                    m.key_lines.get(str(key)),
                    f"{where}{key}",
                    "unknown key" + (f" (did you mean {hint!r}?)" if hint else ""),
                )

    def text(self, m: LineMap, key: str, where: str, *, required: bool, limit: int = 0) -> str:
        value = m.get(key)
        line = m.key_lines.get(key, m.line)
        if value is None:
            if required:
                self.add(m.line, f"{where}{key}", "missing (required)")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add(line, f"{where}{key}", "must be text")
            return ""
        if limit and len(value) > limit:
            self.add(line, f"{where}{key}", f"too long ({len(value)} characters; at most {limit})")
        return value.strip()

    def slug(self, m: LineMap, key: str, where: str) -> str:
        value = m.get(key)
        if value is None:
            self.add(m.line, f"{where}{key}", "missing (required)")
            return ""
        if not isinstance(value, str) or not SLUG.match(value):
            self.add(
                m.key_lines.get(key, m.line),
                f"{where}{key}",
                f"{value!r} is not an id (lowercase letters, digits and hyphens, "
                "starting with a letter)",
            )
            return ""
        return value

    def flag(self, m: LineMap, key: str, where: str, default: bool) -> bool:
        value = m.get(key, default)
        if not isinstance(value, bool):
            self.add(m.key_lines.get(key), f"{where}{key}", "must be true or false")
            return default
        return value

    def positive(self, m: LineMap, key: str, where: str, limit: int) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.add(m.key_lines.get(key), f"{where}{key}", "must be a positive whole number")
            return None
        if value > limit:
            self.add(m.key_lines.get(key), f"{where}{key}", f"{value} is more than {limit}")
            return None
        return value

    def choice(self, m: LineMap, key: str, where: str, options: tuple[str, ...]) -> str:
        value = m.get(key, options[0])
        if value not in options:
            self.add(m.key_lines.get(key), f"{where}{key}", f"must be one of {', '.join(options)}")
            return options[0]
        return str(value)

    def id_list(self, m: LineMap, key: str, where: str) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        line = m.key_lines.get(key)
        if not isinstance(value, list):
            self.add(line, f"{where}{key}", "must be a list, e.g. [a, b]")
            return ()
        out: list[str] = []
        for item in value:
            if not isinstance(item, str) or not SLUG.match(item):
                self.add(line, f"{where}{key}", f"{item!r} is not an id")
            elif item in out:
                self.add(line, f"{where}{key}", f"{item!r} is listed twice")
            else:
                out.append(item)
        return tuple(out)

    def items(self, data: LineMap, key: str) -> list[tuple[str, LineMap]]:
        """The mappings in a top-level list, each with its field prefix."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(data.key_lines.get(key), key, "must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and key == "phases":
                item = LineMap(id=item, title=item.replace("-", " ").capitalize())
                item.key_lines = {}
                item.line = data.key_lines.get(key, 0)
            if not isinstance(item, LineMap):
                self.add(data.key_lines.get(key), f"{key}[{i}]", "must be a mapping (id: ..., ...)")
                continue
            ident = item.get("id")
            label = ident if isinstance(ident, str) and SLUG.match(ident) else f"[{i}]"
            out.append((f"{key}.{label}.", item))
        return out

    def unique(self, parts: list[tuple[str, LineMap, Any]], kind: str) -> None:
        seen: dict[str, int] = {}
        for where, m, obj in parts:
            if obj.id in seen:
                self.add(
                    m.line, f"{where}id", f"duplicate {kind} id {obj.id!r} (line {seen[obj.id]})"
                )
            else:
                seen[obj.id] = m.line


def closest(word: str, options: set[str]) -> str | None:
    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return found[0] if found else None
