"""Documents people give us (a photo, proofs of residence and employment): checked, re-encoded, kept once and reused."""
