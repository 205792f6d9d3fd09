"""The errors every layer raises: the CLI prints a :class:`PipelineError` as one ``error: …`` line (exit 1)."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of the errors the CLI reports as ``error: …`` (exit 1, no traceback)."""


class SchemaError(PipelineError, ValueError):
    """A record does not fit the table schema (unknown key, missing required value, bad type)."""



class PublishError(PipelineError):
    """Publishing was refused or failed; nothing was replaced."""
