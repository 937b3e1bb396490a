"""Import every ORM module so ``Base.metadata`` is complete (migrations, tests)."""

import importlib
from importlib.util import find_spec

from den.app import DOMAINS
from den.db import Base


def load_models() -> type:
    for domain in DOMAINS:
        if find_spec(f"{domain}.models") is not None:
            importlib.import_module(f"{domain}.models")
    return Base
