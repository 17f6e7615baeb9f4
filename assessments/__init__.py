"""The domain package: assessment model, scoring, planning, charts and exports (no UI)."""
