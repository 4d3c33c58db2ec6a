"""Notifications: an in-app inbox, and reminders sent by a command meant for cron (safe to run twice)."""
