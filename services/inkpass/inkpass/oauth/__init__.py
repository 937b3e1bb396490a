"""Sign-in with Google (OpenID Connect: authorization code with PKCE, state and nonce)."""
