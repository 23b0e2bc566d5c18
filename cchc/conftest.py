"""The suite's fixtures live in the ``cchc.testing`` plugin; apps' ``tests/conftest.py`` add their own."""

pytest_plugins = ["cchc.testing.fixtures"]
