"""Two-factor authentication: TOTP enrolment, login challenge, backup codes."""
