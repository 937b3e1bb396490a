"""Alembic environment for InkPass (URL from the runner or INKPASS_DATABASE_URL)."""

from fluxkit.migrations import run_environment
from inkpass.all_models import load_models
from inkpass.settings import InkPassSettings

run_environment(load_models().metadata, lambda: InkPassSettings().database_url)
