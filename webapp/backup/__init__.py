"""Backups: `flask backup create` (SQLite's online backup API, or pg_dump on PostgreSQL, with the row counts of
the same snapshot beside it) and `flask backup restore` into an empty database, which compares its counts with the
backup's. The drill of issue 13, point 10: tests/backup/test_backup.py."""
