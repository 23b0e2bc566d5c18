"""All writes of the budget app (kinh phí CCHC): audited, atomic, permission-checked in the gate."""
