"""Questions asked of the validated data: selections and derived quantities."""
