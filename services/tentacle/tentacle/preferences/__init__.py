"""Preferences: decisions learned per person and pattern, auto-approving consistent checkpoints."""
