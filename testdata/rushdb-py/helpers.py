"""Helpers of the RushDB Python SDK tests."""

UNKNOWN_ID = "01890a5d-ac96-774b-bcce-b302099a8057"


def own(data):
    """A record's data (a Record or its dict) without its __ fields."""
    data = getattr(data, "data", data)
    return {k: v for k, v in data.items() if not k.startswith("__")}
