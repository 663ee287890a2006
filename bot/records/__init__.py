"""Records that last: an incident exported as one archive an auditor can check, an online
copy of a SQLite database, and purging closed incidents past retention, never one on a
legal hold."""
