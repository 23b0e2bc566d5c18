"""Plain-Python domain logic: no Django imports allowed here (a test enforces it).

Document parsing, Vietnamese text handling, timeframe and reporting-period arithmetic,
index formulas. Everything here is testable without a database.
"""
