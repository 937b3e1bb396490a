"""Every ORM module, imported so ``Base.metadata`` is complete (migrations, tests)."""

from mimic.db import Base
from mimic.integrations import models as integrations_models
from mimic.notifications import models as notifications_models
from mimic.provider_events import models as provider_events_models
from mimic.providers import models as providers_models
from mimic.suppressions import models as suppressions_models
from mimic.templates import models as templates_models

MODEL_MODULES = (
    integrations_models,
    notifications_models,
    provider_events_models,
    providers_models,
    suppressions_models,
    templates_models,
)


def load_models() -> type[Base]:
    return Base
