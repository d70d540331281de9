"""The MkDocs plugin `report` (entry point in pyproject.toml): the only place the engine meets MkDocs."""
