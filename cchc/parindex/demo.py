"""Demo: Hải Phòng's 2022 PAR INDEX campaign (filled in below)."""


def load_demo_parindex(stdout=None) -> None:
    return None
