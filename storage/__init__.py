"""Persistence: SQLAlchemy models, engine and unit of work, queries, migrations."""
