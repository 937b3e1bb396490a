"""Email providers by name: ``@register`` a class with a ``from_config`` constructor."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from mimic.providers.base import EmailProvider
from mimic.settings import MimicSettings


class ProviderFactory(Protocol):
    name: str

    @classmethod
    def from_config(
        cls,
        *,
        options: Mapping[str, Any],
        secrets: Mapping[str, str],
        sender: str,
        settings: MimicSettings,
    ) -> EmailProvider: ...


P = TypeVar("P", bound=type)

_PROVIDERS: dict[str, Any] = {}


def register(cls: P) -> P:
    _PROVIDERS[cls.name] = cls  # type: ignore[attr-defined]
    return cls


def provider_class(name: str) -> ProviderFactory:
    _load_builtin()
    try:
        return _PROVIDERS[name]  # type: ignore[no-any-return]
    except KeyError:
        raise LookupError(f"unknown email provider {name!r}") from None


def provider_names() -> list[str]:
    _load_builtin()
    return sorted(_PROVIDERS)


def _load_builtin() -> None:
    # Imported lazily so that the registry has no import cycle with the providers.
    from mimic.providers import postmark_provider, resend_provider, smtp_provider  # noqa: F401


def build(
    name: str,
    *,
    options: Mapping[str, Any],
    secrets: Mapping[str, str],
    sender: str,
    settings: MimicSettings,
) -> EmailProvider:
    factory: Callable[..., EmailProvider] = provider_class(name).from_config
    return factory(options=options, secrets=secrets, sender=sender, settings=settings)
