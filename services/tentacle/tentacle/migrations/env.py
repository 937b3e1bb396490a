"""Alembic environment for Tentacle (URL from the runner or TENTACLE_DATABASE_URL)."""

from fluxkit.migrations import run_environment
from tentacle.all_models import load_models
from tentacle.settings import TentacleSettings

run_environment(load_models().metadata, lambda: TentacleSettings().database_url)
