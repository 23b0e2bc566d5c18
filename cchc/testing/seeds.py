"""The plan documents of the seeds for the apps' tests: see ``cchc.domain.testing.seeds``
(the originals in ``CCHC_SEEDS_DIR`` or ``../shared/seeds``, else the demo's copies)."""

from cchc.domain.testing.seeds import COPIES, seed_path, seeds_dir

__all__ = ["COPIES", "seed_path", "seeds_dir"]
