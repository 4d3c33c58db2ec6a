"""One-time links: staff enrolment, and account recovery after an in-person identity check."""
