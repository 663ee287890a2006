"""Incidents: the use cases (service, breach), their plumbing (context, queries), the
state machine, who may do what (access), the hash-chained log, the read side (view,
deadlines) and the thread captured into the log (capture)."""
