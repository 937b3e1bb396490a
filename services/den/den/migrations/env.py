"""Alembic environment for Den (URL from the runner or DEN_DATABASE_URL)."""

from den.all_models import load_models
from den.settings import DenSettings
from fluxkit.migrations import run_environment

run_environment(load_models().metadata, lambda: DenSettings().database_url)
