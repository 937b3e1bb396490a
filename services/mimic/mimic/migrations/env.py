"""Alembic environment for Mimic (URL from the runner or MIMIC_DATABASE_URL)."""

from fluxkit.migrations import run_environment
from mimic.all_models import load_models
from mimic.settings import MimicSettings

run_environment(load_models().metadata, lambda: MimicSettings().database_url)
