"""The bundled example: a county government's 2025 report, fully consistent.

Plain data (``demo.json``) by defined name. May import: nothing of gikxl.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def demo_values() -> dict[str, Any]:
    """Values by defined name of the bundled example (dates as ISO strings)."""
    return json.loads(resources.files(__package__).joinpath("demo.json").read_text("utf-8"))
