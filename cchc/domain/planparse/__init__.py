"""Plan importer core: reads an issued reform plan and returns the ``cchc.plan/1`` interchange."""
