"""Every ORM module, imported so ``Base.metadata`` is complete (migrations, tests)."""

from tentacle.agents import models as agent_models
from tentacle.automations import models as automation_models
from tentacle.budgets import models as budget_models
from tentacle.chat import models as chat_models
from tentacle.checkpoints import models as checkpoint_models
from tentacle.db import Base
from tentacle.events import models as event_models
from tentacle.inbox import models as inbox_models
from tentacle.memory import models as memory_models
from tentacle.preferences import models as preference_models
from tentacle.tasks import models as task_models
from tentacle.triggers import models as trigger_models
from tentacle.workspace import models as workspace_models

MODEL_MODULES: tuple[object, ...] = (
    agent_models,
    task_models,
    event_models,
    checkpoint_models,
    preference_models,
    budget_models,
    workspace_models,
    memory_models,
    trigger_models,
    automation_models,
    inbox_models,
    chat_models,
)


def load_models() -> type[Base]:
    return Base
