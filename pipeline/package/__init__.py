"""The data package: schema catalogue, value types, CSV and Arrow I/O, the checks the stages share,
raw inputs (manifest and texts), readers."""
