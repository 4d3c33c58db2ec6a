"""Test support code (software authenticator and friends)."""
