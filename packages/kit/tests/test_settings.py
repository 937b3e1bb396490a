import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from fluxkit.settings import ServiceSettings


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="ignore")


def test_placeholder_secret_refused_outside_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLUXOS_KEYRING", raising=False)
    with pytest.raises(ValidationError, match="placeholder"):
        DemoSettings(environment="production", keyring="changeme")
    with pytest.raises(ValidationError, match="placeholder"):
        DemoSettings(environment="production")
    assert DemoSettings(environment="development").environment == "development"
    assert DemoSettings(environment="production", keyring="k:" + "A" * 43).is_production


def test_prefixed_names_win_over_platform_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://platform/db")
    monkeypatch.setenv("REDIS_URL", "redis://platform:6379/0")
    monkeypatch.setenv("DEMO_REDIS_URL", "redis://service:6379/3")
    settings = DemoSettings()
    assert settings.database_url == "postgresql+asyncpg://platform/db"
    assert settings.redis_url == "redis://service:6379/3"


def test_secrets_are_not_printed() -> None:
    settings = DemoSettings(keyring="k1:" + "B" * 43)
    assert "BBBB" not in repr(settings)
