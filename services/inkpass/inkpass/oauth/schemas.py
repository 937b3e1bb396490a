from __future__ import annotations

from pydantic import BaseModel


class AuthorizationStart(BaseModel):
    authorization_url: str
    state: str
    expires_in: int
