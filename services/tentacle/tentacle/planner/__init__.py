"""The planner: goal → validated plan version; the replanner: failure → plan version n+1."""

from tentacle.planner.service import (
    PlanningFailed,
    ReplanLimitReached,
    available_agents,
    default_llm,
    plan_task,
    replan_task,
)
from tentacle.planner.validation import PlanCheck, PlannedStep, plan_schema, validate_plan

__all__ = [
    "PlanCheck",
    "PlannedStep",
    "PlanningFailed",
    "ReplanLimitReached",
    "available_agents",
    "default_llm",
    "plan_schema",
    "plan_task",
    "replan_task",
    "validate_plan",
]
