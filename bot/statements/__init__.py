"""Holding statements: templates, drafting and publication (service), the privacy check
applied to a template (screening), approvals (review), lookups (queries), and how each
one stands (view)."""
