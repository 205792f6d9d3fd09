"""Measuring the extraction against gold answers (never feeds the published data)."""
