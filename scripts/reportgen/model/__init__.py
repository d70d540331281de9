"""The data model: schemas, loading with positions, validation."""
