"""Playbooks: the YAML files reviewed by communications and privacy staff, checked and
loaded into immutable objects."""
