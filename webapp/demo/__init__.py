"""Demo data and demo sign-in. Registered only when the configuration says DEMO (never in production)."""
