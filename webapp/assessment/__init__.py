"""The counties' assessment (ranking of an administrator's areas) and the coordinators' work record."""
