"""Coordinators in the field: caseloads, door-to-door visits (online or offline, synced exactly once), conflicts,
and assisted registration."""
