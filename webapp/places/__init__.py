"""Places: the four-level hierarchy city → county/district → township/street → village/community."""
