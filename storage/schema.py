"""Every table of the schema in one place: importing this registers the feature tables
(nudges, promises, …) beside the core ones, for Alembic, erasure and the tests."""

from __future__ import annotations

# Importing these registers their tables on Base.metadata.
import storage.amends.models
import storage.calendars.models
import storage.nudges.models
import storage.stages.models  # noqa: F401
from storage.models import Base

metadata = Base.metadata

__all__ = ["metadata"]
