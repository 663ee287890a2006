"""The report as Markdown or as one standalone HTML file, from messages/report/*.j2.

User text (titles, notes, replies, reasons, statement texts) is escaped for where it
goes: HTML by jinja's autoescape; Markdown by escaping every expression by default, so
a template cannot forget to, and a title cannot turn into formatting, a link or HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from bot.config import PROJECT_ROOT
from bot.report.chart import chart
from bot.report.model import Report

DEFAULT_TEMPLATES = PROJECT_ROOT / "messages" / "report"
NONE = "—"  # an empty cell (not "-", which Markdown would read as a list or a rule)
STATUS_WORDS = {
    "met": "met",
    "late": "met late",
    "open": "open",
    "overdue": "OVERDUE",
    "not-required": "not required",
    "skipped": "skipped",
}
APPLIES_WORDS = {
    "always": "always",
    "affected-500-or-more": "500 or more affected",
    "affected-under-500": "fewer than 500 affected",
    "more-than-500-residents-of-a-state": "more than 500 residents of one state",
}


class MdSafe(str):
    """Markdown the report wrote itself; not escaped again."""


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~&]")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
_AUTOLINK = re.compile(r"(?i)(://|\bwww\.)")
_MD_ANY = re.compile(r"[\\`*_\[\]<>#|~&\n\r]|://|www\.|^\s*(?:[-+=]|\d+[.)])", re.IGNORECASE)


def md_escape(value: object) -> str:
    """Text shown as typed in Markdown: no emphasis, links, HTML, headings or table breaks.

    Every character Markdown (and GitHub's tables, strikethrough and bare-URL links) could
    read as syntax gets a backslash; line breaks become <br> so a value stays in its cell."""
    text = str(value)
    if not _MD_ANY.search(text):  # most values (times, ids, plain words) need nothing
        return text.strip()
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = _AUTOLINK.sub(lambda m: m.group().replace(":", "\\:").replace(".", "\\."), text)
    lines = [_MD_LINE_START.sub(r"\1\\\2", line) for line in text.splitlines() or [""]]
    return "<br>".join(line.strip() for line in lines)


def _md_finalize(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return md_escape(value)


def md_quote(value: object) -> MdSafe:
    """A multi-line text as a Markdown block quote, each line escaped."""
    lines = str(value or "").splitlines() or [""]
    return MdSafe("\n".join(f"> {md_escape(line)}".rstrip() for line in lines))


def md_code(value: object) -> MdSafe:
    """Inline code (hashes, ids, web addresses: shown, never followed)."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return MdSafe(f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}")


def duration(delta: dt.timedelta | None) -> str:
    if delta is None:
        return NONE
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"


class Times:
    """Times as the reader's organisation sees them (ORG_TIMEZONE)."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def when(self, ts: dt.datetime | None) -> str:
        return NONE if ts is None else ts.astimezone(self.tz).strftime("%Y-%m-%d %H:%M %Z")

    def date(self, ts: dt.datetime) -> str:
        return ts.astimezone(self.tz).strftime("%Y-%m-%d")

    def clock(self, ts: dt.datetime) -> str:
        return ts.astimezone(self.tz).strftime("%H:%M %Z")

    def when_s(self, ts: dt.datetime | None) -> str:
        return NONE if ts is None else ts.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S %Z")


def executive_summary(report: Report) -> str:
    """One paragraph for leadership, first thing in the report: what happened, how fast
    the first holding statement went out, the deadlines, and what is still to do."""
    s, t = report.summary, Times(report.tz)
    state = (
        f"closed {t.when(s.closed_at)} after {duration(s.duration)}"
        if s.closed
        else f"still open after {duration(s.duration)}, in {s.phase_title}"
    )
    drill = "A drill (an exercise, not a real event): " if s.drill else ""
    lines = [
        f"{drill}{s.title}: a {s.severity}-severity incident run with the playbook"
        f" “{s.playbook_title}”, opened {t.when(s.opened_at)} by {report.name(s.opened_by)}"
        f" and {state}."
    ]
    if report.first_holding is not None:
        lines.append(
            f"The first holding statement was approved {duration(report.first_holding.elapsed)}"
            " after the start."
        )
    else:
        lines.append("No holding statement was approved.")
    done = sum(1 for step in report.steps if step.status != "open")
    late, overrides = len(report.late_steps), len(report.overrides)
    lines.append(
        f"{done} of {len(report.steps)} steps were finished, {late} late;"
        f" {overrides} phase change{'s' if overrides != 1 else ''} overrode the playbook."
    )
    if report.has_deadlines:
        missed, owed = len(report.deadlines_missed), len(report.deadlines_open)
        lines.append(
            f"Notification deadlines: {missed} missed or overdue, {owed} still open."
            if missed or owed
            else "Every notification deadline that applies was met."
        )
    follow = len(report.open_required_steps)
    lines.append(
        f"Still to do: {follow} required step{'s' if follow != 1 else ''}."
        if follow
        else "Nothing required is left open."
    )
    return " ".join(lines)


def _http_url(value: object) -> str:
    text = str(value or "")
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE) else ""


# Slack's names of the reactions people use most, shown as the emoji a reader knows.
EMOJI = {
    "+1": "👍", "thumbsup": "👍", "-1": "👎", "thumbsdown": "👎", "eyes": "👀",
    "white_check_mark": "✅", "heavy_check_mark": "✔️", "ballot_box_with_check": "☑️",
    "x": "❌", "warning": "⚠️", "exclamation": "❗", "question": "❓", "raised_hands": "🙌",
    "pray": "🙏", "ok_hand": "👌", "heart": "❤️", "fire": "🔥", "rotating_light": "🚨",
    "hourglass_flowing_sand": "⏳", "memo": "📝", "phone": "☎️", "no_entry": "⛔",
}  # fmt: skip


def emoji(name: object) -> str:
    """A reaction as its emoji and Slack name, e.g. "👀 (:eyes:)"; unknown ones by name."""
    text = str(name or "")
    shown = EMOJI.get(text.split("::", 1)[0])  # a skin tone ("+1::skin-tone-2") keeps its base
    return f"{shown} (:{text}:)" if shown else f":{text}:"


def _filters(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(
        emoji=emoji,
        duration=duration,
        status_words=lambda s: STATUS_WORDS.get(str(s), str(s)),
        applies_words=lambda s: APPLIES_WORDS.get(str(s), str(s)),
        http_url=_http_url,
    )
    return env


@functools.lru_cache(maxsize=8)
def environment(kind: str, templates_dir: Path) -> jinja2.Environment:
    """Compiled once per process; `templates_dir` may override any built-in template."""
    loader = jinja2.FileSystemLoader([str(templates_dir), str(DEFAULT_TEMPLATES)])
    common = {"loader": loader, "undefined": jinja2.StrictUndefined, "trim_blocks": True,
              "lstrip_blocks": True, "keep_trailing_newline": False}  # fmt: skip
    if kind == "html":
        return _filters(jinja2.Environment(autoescape=True, **common))  # type: ignore[arg-type]
    env = jinja2.Environment(autoescape=False, finalize=_md_finalize, **common)  # type: ignore[arg-type]
    env.filters.update(quote=md_quote, code=md_code)
    return _filters(env)


def _render(kind: str, name: str, report: Report, messages_dir: Path | None) -> str:
    folder = (messages_dir / "report") if messages_dir else DEFAULT_TEMPLATES
    template = environment(kind, folder).get_template(name)
    extra = {"chart": chart(report)} if kind == "html" else {}
    text = template.render(
        report=report,
        s=report.summary,
        t=Times(report.tz),
        who=report.who,
        name=report.name,
        summary_text=executive_summary(report),
        **extra,
    )
    if kind == "md":  # user text never holds a raw newline here: only the template's own
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def render_markdown(report: Report, *, messages_dir: Path | None = None) -> str:
    return _render("md", "report.md.j2", report, messages_dir)


def render_html(report: Report, *, messages_dir: Path | None = None) -> str:
    return _render("html", "report.html.j2", report, messages_dir)


FORMATS: dict[str, Callable[..., str]] = {"md": render_markdown, "html": render_html}


def render(report: Report, fmt: str, *, messages_dir: Path | None = None) -> str:
    """The report in `fmt` (md or html)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (md or html)")
    return FORMATS[fmt](report, messages_dir=messages_dir)
