"""Audit log: who looked at or changed whose record, when, and why. Append-only."""
