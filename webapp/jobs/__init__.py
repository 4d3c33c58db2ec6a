"""Scheduled jobs: what runs once a day from cron (`flask jobs run`), apart from the features it serves.

A leaf: it imports the features (reminders through notifications, the summaries' recount, the files' pruning) and
nothing imports it but the app factory.
"""
