"""API keys: per-organization credentials with scopes, shown once, stored as a hash."""
