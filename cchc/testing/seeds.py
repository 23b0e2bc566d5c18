"""The plan documents of the seeds: the originals (``../shared/seeds`` or ``CCHC_SEEDS_DIR``),
else the copies the demo ships (``cchc/plans/demo_seeds``)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
COPIES = PROJECT / "cchc" / "plans" / "demo_seeds"


def seeds_dir() -> Path:
    """The original seeds (``../shared/seeds``, or ``CCHC_SEEDS_DIR``), else the demo copies."""
    env = os.environ.get("CCHC_SEEDS_DIR")
    for candidate in [Path(env)] if env else [PROJECT.parent / "shared" / "seeds"]:
        if candidate.is_dir() and any(candidate.glob("000_*.txt")):
            return candidate
    return COPIES


def seed_path(prefix: str) -> Path:
    return next(seeds_dir().glob(f"{prefix}_*.txt"))
