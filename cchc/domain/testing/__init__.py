"""Plain-Python test material of the domain (no Django): hostile workbooks, re-laid plan tables,
documents that are not plans. The domain's own tests and the apps' tests both use it; the
Django-side fixtures and factories live in ``cchc.testing``."""
