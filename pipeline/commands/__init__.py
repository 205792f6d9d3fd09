"""The other commands of `python -m pipeline` (not DVC stages)."""
