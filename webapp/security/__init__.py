"""Who may use each route, and the security headers every response carries."""
