"""Tasks and their plans: the task row, plan versions and one row per step."""
