"""Choosing the bid version the analysis uses (``origineel``, ``aangescherpt``, ...; default newest).

Per municipality the versions are ordered oldest first. Choosing version ``v`` keeps, per
municipality, the versions up to and including the newest one named ``v`` (so that one counts
as the bid and the oldest as ``bod_origineel``); a municipality without a version named ``v``
keeps its newest version, and ``bod_versie`` in the result names the version that counted.
``origineel`` always means each municipality's oldest version, whatever its name.
"""

from __future__ import annotations

import pandas as pd

from ..errors import Probleem, ValidatieFout

__all__ = ["ORIGINEEL", "kies_bodversie"]

#: The name that always selects each municipality's oldest version.
ORIGINEEL = "origineel"


def kies_bodversie(biedingen: pd.DataFrame, versie: str | None) -> pd.DataFrame:
    """The rows of ``biedingen`` (gemeente, versie, datum, daeb; oldest first per municipality)
    that the analysis reads for ``versie`` (None: all, so the newest counts)."""
    if versie is None:
        return biedingen
    bekend = sorted(set(biedingen["versie"]) | {ORIGINEEL})
    if versie not in bekend:
        raise ValidatieFout(
            [Probleem("bod_versie", versie, "onbekende versie; bekend zijn " + ", ".join(bekend))]
        )
    houden = []
    for _, rijen in biedingen.groupby("gemeente", sort=False):
        if versie == ORIGINEEL:
            houden.append(rijen.index[0])
            continue
        posities = [i for i, v in enumerate(rijen["versie"]) if v == versie]
        tot = posities[-1] if posities else len(rijen) - 1
        houden.extend(rijen.index[: tot + 1])
    return biedingen.loc[sorted(houden)]
