"""Scheduled backups of the SQLite database: a daily copy, a fixed number kept."""
