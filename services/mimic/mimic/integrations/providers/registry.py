"""The integration providers by name."""

from __future__ import annotations

from mimic.integrations.providers.base import IntegrationProvider
from mimic.integrations.providers.custom import CustomProvider
from mimic.integrations.providers.discord import DiscordProvider
from mimic.integrations.providers.github import GitHubProvider
from mimic.integrations.providers.slack import SlackProvider
from mimic.integrations.providers.stripe import StripeProvider

PROVIDERS: dict[str, IntegrationProvider] = {
    provider.name: provider
    for provider in (
        DiscordProvider(),
        SlackProvider(),
        GitHubProvider(),
        StripeProvider(),
        CustomProvider(),
    )
}

ACTION_PROVIDERS: dict[str, str] = {
    action: provider.name for provider in PROVIDERS.values() for action in provider.actions
}


def provider(name: str) -> IntegrationProvider:
    return PROVIDERS[name]
