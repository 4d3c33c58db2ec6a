"""Claims: the tenancy or the job a person named on their residence report, answered by the landlord or the employer.

The one home of what both parties do about a person: the answer page (views.py), its forms, and the writes
(service.py), which tell the report through its lifecycle. Rentals and employers know their own records only."""
