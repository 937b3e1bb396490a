"""Step lifecycle: the one state machine of a plan step."""
