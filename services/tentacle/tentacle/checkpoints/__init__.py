"""Checkpoints: a risky step pauses its task until a person (or a learned preference) decides."""
