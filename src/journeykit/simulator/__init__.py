"""Trailhead data simulator: writes the raw landing tables of the journey dbt project plus ground truth.

Use :func:`simulate` (or the ``journeykit simulate`` command).
"""

from .config import SimConfig
from .core import people_for_events, simulate

__all__ = ["SimConfig", "people_for_events", "simulate"]
