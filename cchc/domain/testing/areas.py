"""The reform areas as the tests expect them, written out (not read from the parser's tables)."""

# Resolution 76/NQ-CP's six areas, in the order plans list them (GLOSSARY).
RESOLUTION_76_AREAS = [
    "institutions",
    "procedures",
    "organisation",
    "civil_service",
    "public_finance",
    "digital_government",
]
