"""The DuckDB warehouse: where the store is, its schema and migrations, reference tables, and the
queries pages need. Only this package opens connections or knows the store's location (LLW_DB)."""
