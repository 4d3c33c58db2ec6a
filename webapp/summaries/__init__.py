"""Summaries per community and per employer, kept up to date as data changes, so a city dashboard over a million
migrants reads a few thousand summary rows instead of counting a million reports.

- models.py: `community_stats` (one row per community: registered, verified, backlog and its age, coordinators,
  administrators, permits by state as of `as_of`), `community_month` (per community and month: arrivals,
  departures, changes and how many on time, permits issued, moves within a larger area), `county_month` (the same
  summed per county, for a city's dashboard: kept by adding each commit's differences), `employer_stats`.
- counting.py: the rows counted from the records (`refresh`, `refresh_all`).
- tracking.py: every commit that touches what they count recounts the touched rows in the same transaction.
- cli.py: `flask stats refresh`.

Permit states also change with the calendar (an endorsement window passes), so `flask jobs run` recounts every
community once a day (webapp/jobs/cli.py). Reading them (webapp/admin/indicators.py) never writes: a
dashboard can run on a read replica, and shows permit states as of the last recount.
"""
