"""Statement templates: jinja2 bodies under messages/statements/ with a YAML front matter."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta

from bot.errors import InvalidInput
from bot.playbooks.yamlfile import LineMap, parse
from bot.statements.platforms import PLATFORMS

AUDIENCES = ("public-post", "press", "reply", "internal")
ORG_VARIABLES = ("org_name", "org_phone", "org_email", "org_website")
_FRONT_KEYS = {"title", "audience", "platform", "max_length", "variables"}
_VARIABLE_KEYS = {"help", "required", "example"}


class TemplateError(ValueError):
    """A template file is unusable; `problems` are (line, field, reason)."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str, str]]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0]
        super().__init__(f"{path}: {first[1]}: {first[2]}")


@dataclass(frozen=True)
class Variable:
    name: str
    help: str
    required: bool
    example: str


@dataclass(frozen=True)
class StatementTemplate:
    path: Path
    title: str
    audience: str
    max_length: int | None  # the author's own cap; the platform's limit applies too
    platform: str | None  # where it usually goes (platforms.PLATFORMS); the drafter may change it
    variables: tuple[Variable, ...]
    body: str
    body_line: int  # line of the body's first line in the file


def statement_path(messages_dir: Path, playbook_id: str, statement_id: str) -> Path:
    return messages_dir / "statements" / playbook_id / f"{statement_id}.j2"


def load_template(path: Path) -> StatementTemplate:
    """Read and check one template file; raises TemplateError listing every problem."""
    text = path.read_text(encoding="utf-8")
    problems: list[tuple[int | None, str, str]] = []
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise TemplateError(path, [(1, "front matter", "must start with a line '---'")])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise TemplateError(path, [(1, "front matter", "no closing '---' line")]) from None
    data, yaml_problems = parse("\n".join(lines[1:end]))
    for p in yaml_problems:
        problems.append(((p.line or 0) + 1, "front matter", p.reason))
    if not isinstance(data, LineMap):
        problems.append((2, "front matter", "must be a mapping (title:, audience:, ...)"))
        raise TemplateError(path, problems)

    def line_of(key: str) -> int:
        return data.key_lines.get(key, 0) + 1

    for key in sorted(set(map(str, data)) - _FRONT_KEYS):
        problems.append(
            (line_of(key), key, f"unknown key (allowed: {', '.join(sorted(_FRONT_KEYS))})")
        )
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append((line_of("title"), "title", "required text"))
    audience = data.get("audience")
    if audience not in AUDIENCES:
        problems.append((line_of("audience"), "audience", f"must be one of {', '.join(AUDIENCES)}"))
    platform = data.get("platform")
    if platform is not None and platform not in PLATFORMS:
        problems.append((line_of("platform"), "platform", f"must be one of {', '.join(PLATFORMS)}"))
    max_length = data.get("max_length")
    if max_length is not None and (
        not isinstance(max_length, int) or isinstance(max_length, bool) or max_length <= 0
    ):
        problems.append(
            (line_of("max_length"), "max_length", "must be a positive whole number (or left out)")
        )
    variables: list[Variable] = []
    raw_vars = data.get("variables") or {}
    if not isinstance(raw_vars, dict):
        problems.append(
            (line_of("variables"), "variables", "must be a mapping of name: {help: ...}")
        )
        raw_vars = {}
    for name, spec in raw_vars.items():
        field = f"variables.{name}"
        if not isinstance(name, str) or not name.isidentifier():
            problems.append((line_of("variables"), field, "name must be a word like platform_name"))
            continue
        if name in ORG_VARIABLES:
            problems.append((line_of("variables"), field, "org_* values are always provided"))
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("help"), str):
            problems.append((line_of("variables"), field, "needs help: text for whoever fills it"))
            continue
        for key in sorted(set(map(str, spec)) - _VARIABLE_KEYS):
            problems.append((line_of("variables"), f"{field}.{key}", "unknown key"))
        variables.append(
            Variable(
                name=name,
                help=spec["help"],
                required=bool(spec.get("required", True)),
                example=str(spec.get("example", "")),
            )
        )
    body = "\n".join(lines[end + 1 :]).strip("\n")
    if not body.strip():
        problems.append((end + 2, "body", "the template has no text"))
    else:
        try:
            jinja2.Environment().parse(body)
        except jinja2.TemplateSyntaxError as err:
            problems.append(
                (end + 1 + (err.lineno or 1), "body", f"template syntax: {err.message}")
            )
    if problems:
        raise TemplateError(path, problems)
    return StatementTemplate(
        path=path,
        title=str(title),
        audience=str(audience),
        max_length=max_length if isinstance(max_length, int) else None,
        platform=str(platform) if platform is not None else None,
        variables=tuple(variables),
        body=body,
        body_line=end + 2,
    )


_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # statements are plain text: escaping here would publish "&amp;"
    keep_trailing_newline=False,
)


@functools.lru_cache(maxsize=256)
def _compiled(body: str) -> jinja2.Template:
    return _ENV.from_string(body)


@functools.lru_cache(maxsize=256)
def _org_used(body: str) -> tuple[str, ...]:
    used = jinja2.meta.find_undeclared_variables(_ENV.parse(body))
    return tuple(name for name in ORG_VARIABLES if name in used)


def org_used(template: StatementTemplate) -> tuple[str, ...]:
    """The ORG_* values the template's text uses."""
    return _org_used(template.body)


def render(template: StatementTemplate, values: Mapping[str, str], org: Mapping[str, str]) -> str:
    """The statement's text; raises InvalidInput naming any missing or unknown variable.

    Optional variables left empty render as empty; every org_* value is always given."""
    known = {v.name for v in template.variables}
    unknown = sorted(set(values) - known)
    if unknown:
        raise InvalidInput(f"{template.title} has no variable {', '.join(unknown)}")
    filled = {name: " ".join(str(value or "").split()) for name, value in values.items()}
    missing = [v.name for v in template.variables if v.required and not filled.get(v.name)]
    if missing:
        raise InvalidInput(
            f"{template.title} needs {', '.join(missing)}: "
            + "; ".join(v.help for v in template.variables if v.name in missing)
        )
    unset = [name for name in org_used(template) if not org.get(name)]
    if unset:
        names = ", ".join(name.upper() for name in unset)
        raise InvalidInput(
            f"{template.title} uses {names}, which is not set: set it in the environment or .env"
        )
    context = {v.name: filled.get(v.name, "") for v in template.variables}
    context.update({name: org.get(name, "") for name in ORG_VARIABLES})
    try:
        text = _compiled(template.body).render(context)
    except jinja2.UndefinedError as err:
        raise InvalidInput(f"{template.path.name}: {err.message}") from None
    return "\n".join(line.rstrip() for line in text.strip().splitlines())
