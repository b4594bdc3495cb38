"""CBS municipality codes: ``GM`` + four digits, normalised from what suppliers write."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

__all__ = ["normaliseer_code"]

_CODE = re.compile(r"^(?:GM)?0*(\d{1,4})$")


def normaliseer_code(waarde: Any) -> str:
    """CBS municipality code ``GM`` + four digits from "GM0518", "gm518", "0518", "518" or 518.

    Raises :class:`ValueError` (with a Dutch message) for anything else.
    """
    if isinstance(waarde, bool) or waarde is None:
        raise ValueError("geen gemeentecode")
    if isinstance(waarde, float | np.floating):
        if not math.isfinite(waarde) or waarde != int(waarde):
            raise ValueError("geen gemeentecode")
        waarde = int(waarde)
    tekst = str(waarde).strip().upper().replace(" ", "")
    gevonden = _CODE.match(tekst)
    if not gevonden or int(gevonden.group(1)) == 0:
        raise ValueError("geen gemeentecode; verwacht GM gevolgd door vier cijfers, bijv. GM0518")
    return f"GM{int(gevonden.group(1)):04d}"
