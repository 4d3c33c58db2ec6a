"""The synthetic city: `flask synthetic generate` fills the real communities of Zibo and Wenzhou with up to a
million invented migrants, for dashboards and load tests. Never in production (see generator.refusal).

- distributions.toml / distributions.py: the shares and weights (cities, housing, reasons, fates, names…)
- people.py: names, phones and valid unique ID numbers (check digit from python-stdnum); accounts and staff
- places.py: the communities, their sizes and arrivals over time; rentals' addresses
- decisions.py: the policy engine's decisions per report, computed once per kind of stay
- claims.py: tenancies and employments with the engine's answer deadlines; employers
- reports.py: one migrant's reports, events, visits and service requests
- permits.py: applications, permits and endorsements
- writer.py: ids given in Python, rows written with Core executemany; generator.py: the run; cli.py: the command
"""
