"""The lowest layer: errors, file and JSON writing, running per-document work; imports nothing of
pipeline."""
