"""End-to-end tests in headless Chromium against the real app (run by .ci/run: `uv run pytest tests_browser`)."""
