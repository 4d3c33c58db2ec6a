"""Privacy (issue 14, PIPL): the notice and separate consents, a person's copy of their data, corrections and
deletion, what staff may see, and how long each record is kept (retention.toml)."""
