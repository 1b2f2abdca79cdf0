"""Coding stage: a parsed sentence plus its actor mentions -> Events (CAMEO + PLOVER)."""
