"""Privacy (issue 14, PIPL): the notice, separate consents, and a person's copy of their data."""
