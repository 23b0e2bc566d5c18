"""Where the tests read the seed plan documents: the originals (``CCHC_SEEDS_DIR``, else
``../shared/seeds`` beside the clone), else the byte-identical copies the demo ships
(``cchc/plans/demo_seeds``), so a clone anywhere (``/tmp``, CI) runs every seed-reading test.

Plain Python (no Django): the domain's tests use it directly, the apps' tests through
``cchc.testing.seeds``."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
COPIES = PROJECT / "cchc" / "plans" / "demo_seeds"


def seeds_dir() -> Path:
    """The original seeds (``CCHC_SEEDS_DIR``, else ``../shared/seeds``), else the demo copies."""
    env = os.environ.get("CCHC_SEEDS_DIR")
    for candidate in [Path(env)] if env else [PROJECT.parent / "shared" / "seeds"]:
        if candidate.is_dir() and any(candidate.glob("000_*.txt")):
            return candidate
    return COPIES


def seed_path(prefix: str) -> Path:
    """The seed document whose name starts with ``prefix`` (``"000"`` … ``"004"``)."""
    return next(seeds_dir().glob(f"{prefix}_*.txt"))
