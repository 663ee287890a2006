"""The post-incident report for leadership: what happened, who did what when, what was
said publicly and whether every deadline was met, from the database and the log."""

from bot.report.build import build_report
from bot.report.model import Report
from bot.report.render import FORMATS, render, render_html, render_markdown

__all__ = ["FORMATS", "Report", "build_report", "render", "render_html", "render_markdown"]
