"""Den refuses to run outside development with a guessable link-signing secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from den.settings import DenSettings

KEYRING = "k1:" + "B" * 43


@pytest.mark.parametrize("secret", ["", "changeme", "short"])
def test_placeholder_signing_secret_is_refused_in_production(secret: str) -> None:
    with pytest.raises(ValidationError, match="secret_key"):
        DenSettings(environment="production", keyring=KEYRING, secret_key=secret)


def test_cdn_mode_needs_a_real_token_key() -> None:
    with pytest.raises(ValidationError, match="cdn_token_key"):
        DenSettings(
            environment="production",
            keyring=KEYRING,
            secret_key="a-long-and-random-signing-secret",
            cdn_base_url="https://cdn.example.test",
            cdn_token_key="dev",
        )


def test_development_works_without_secrets_and_stores_under_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLUXOS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DEN_STORAGE_DIR", raising=False)
    settings = DenSettings(environment="development")
    assert settings.storage_dir == tmp_path / "den"
    assert settings.signing_secret  # a fixed development secret, never used elsewhere
