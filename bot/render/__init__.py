"""Presentation: terminal text now; Block Kit and reports beside it."""
