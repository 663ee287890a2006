"""Where a statement goes, and how long it may be there.

A statement is drafted for one platform, and its length limit is that platform's
published limit for a post, caption or reply (checked 2026-12). A template's own
`max_length`, when it sets one, caps the text whatever the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.errors import InvalidInput

if TYPE_CHECKING:
    from bot.statements.templates import StatementTemplate


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    limit: int | None  # characters; None: no limit (a press statement, the website)
    what: str  # what the limit is of, for the form


PLATFORMS: dict[str, Platform] = {
    p.id: p
    for p in (
        Platform("x", "X", 280, "a post"),
        Platform("bluesky", "Bluesky", 300, "a post"),
        Platform("threads", "Threads", 500, "a post"),
        Platform("instagram", "Instagram", 2200, "a caption or comment"),
        Platform("linkedin", "LinkedIn", 3000, "a post"),
        Platform("tiktok", "TikTok", 4000, "a caption"),
        Platform("facebook", "Facebook", 63206, "a post"),
        Platform("website", "Website", None, "a page"),
        Platform("press", "Press", None, "a statement for reporters"),
        Platform("email", "Email or direct message", None, "a message"),
        Platform("staff", "Staff (email, intranet)", None, "a message to staff"),
    )
}

# Where a template's text goes when the drafter does not say.
DEFAULT_FOR = {"public-post": "x", "reply": "x", "press": "press", "internal": "staff"}


def platform(platform_id: str | None, template: StatementTemplate) -> Platform:
    """The platform a draft is for: the template's own `platform`, or its audience's usual
    one, when not given."""
    chosen = platform_id or template.platform or DEFAULT_FOR.get(template.audience, "website")
    found = PLATFORMS.get(chosen)
    if found is None:
        raise InvalidInput(
            f"Unknown platform {chosen[:40]!r}; choose one of "
            + ", ".join(p.name for p in PLATFORMS.values()),
            field="platform",
        )
    return found


def limit(template: StatementTemplate, where: Platform) -> int | None:
    """The most characters the text may have: the platform's limit, or the template's
    own cap when that is lower."""
    caps = [n for n in (where.limit, template.max_length) if n is not None]
    return min(caps) if caps else None


def describe(template: StatementTemplate, where: Platform) -> str:
    """The limit in words, e.g. "at most 280 characters for X"."""
    most = limit(template, where)
    if most is None:
        return f"no length limit for {where.name}"
    if where.limit is not None and most == where.limit:
        return f"at most {most:,} characters for {where.name}"
    return f"at most {most:,} characters (this template's own limit)"
