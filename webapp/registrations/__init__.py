"""Residence registration (居住登记): reports, the policy decisions they produce, changes and their history."""
