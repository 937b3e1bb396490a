"""Budgets: limits per agent type, per task and per organisation-day, in money and tokens."""

from tentacle.budgets.guard import BudgetExceeded, BudgetGuard, Reservation
from tentacle.budgets.models import BudgetEntry, BudgetLimit, BudgetScope

__all__ = [
    "BudgetEntry",
    "BudgetExceeded",
    "BudgetGuard",
    "BudgetLimit",
    "BudgetScope",
    "Reservation",
]
