"""YAML reading that remembers line numbers and refuses duplicate keys.

Playbooks are reviewed by people who do not read Python: an error must say the file,
the line and the field, and a key written twice must not silently win.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class LineMap(dict[Any, Any]):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]


@dataclass(frozen=True)
class YamlProblem:
    line: int | None
    reason: str


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[YamlProblem] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    # Keys written in this mapping; a key that came in through a merge (<<: *anchor)
    # may be overridden by one written here, which is not a duplicate.
    written = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
    loader.flatten_mapping(node)
    merged: set[Any] = set()
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.duplicates.append(YamlProblem(line, "a key must be a plain word"))
            continue
        if key in mapping and key in merged and id(key_node) in written:
            merged.discard(key)
        elif key in mapping:
            if key in merged:  # two merges giving the same key: the first one wins
                continue
            loader.duplicates.append(
                YamlProblem(
                    line, f"key {key!r} appears twice (first on line {mapping.key_lines[str(key)]})"
                )
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = line
        if id(key_node) not in written:
            merged.add(key)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2026-02-30) is a problem on its line, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as err:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({err})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse(text: str) -> tuple[Any, list[YamlProblem]]:
    """Parse YAML text; returns the data and problems (syntax errors carry their line)."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(filter(None, [err.context, err.problem])) or "invalid YAML"
        return None, [YamlProblem(line, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as err:
        return None, [YamlProblem(None, f"YAML syntax error: {err}")]
    finally:
        loader.dispose()
    return data, loader.duplicates
