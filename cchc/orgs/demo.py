"""Demo data of the foundation: the shipped org trees (the first demo step)."""

from __future__ import annotations


def load_orgs(stdout=None) -> None:
    from cchc.orgs.importing import load_shipped_trees

    result = load_shipped_trees(actor=None)
    if stdout:
        stdout.write(
            f"  org units: {result.created} created, {result.updated} updated; {result.groups} groups"
        )
