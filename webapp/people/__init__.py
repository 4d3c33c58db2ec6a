"""People: a migrant's identity and household. A person may exist without an account (a child, or someone
registered with help)."""
