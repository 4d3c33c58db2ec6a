"""Privacy: what the person is told and asked, their data handed over, corrected or deleted, and how long each
record is kept (retention.toml)."""
