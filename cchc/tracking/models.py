"""Models are added by the issue that builds this app."""
