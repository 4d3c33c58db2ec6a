"""Residence permits: applications, the permit and its lifecycle, the signed digital card."""
