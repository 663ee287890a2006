"""Holding statements: templates, drafting with the privacy check, approval and
publication (service), and how each one stands (view)."""
