"""The domain: entities and their rules (no web, database, CLI or map framework)."""
