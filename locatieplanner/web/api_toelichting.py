"""Routes of the REST API for a municipality's explanation (*toelichting of
handelingsperspectief*), on the blueprint of :mod:`.api`.

``GET /gemeenten/<gemeente>/toelichting`` gives it with its version as ETag (``"0"`` when there
is none yet); ``PUT`` replaces it if it is still at the If-Match version (``"0"`` for the first
text): 428 without If-Match, 412 with the current one when stale. The municipality itself (its
own) and the administrator write; every account reads.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from ..domein.toelichting import Toelichting
from ..errors import Conflict
from . import schemas as s
from . import schemas_toelichting as st
from .api import _etag, _json, _niet_gewijzigd, _versie_conflict, bp
from .openapi import Antwoord, operatie
from .verzoek import Verzoek

__all__: list[str] = []


def _als_dict(gemeente: str, t: Toelichting | None) -> dict[str, Any]:
    if t is None:
        return {"gemeente": gemeente, "tekst": None, "versie": 0, "gewijzigd": None, "door": None}
    return {k: getattr(t, k) for k in st.Toelichting.model_fields}


def _antwoord(gemeente: str, t: Toelichting | None) -> Response:
    data = _als_dict(gemeente, t)
    return _etag(_json(data), data["versie"])


@operatie(
    bp,
    "GET /gemeenten/<gemeente>/toelichting",
    "De toelichting of het handelingsperspectief van een gemeente, met ETag (de versie)",
    {200: Antwoord(st.Toelichting, "Toelichting", ("ETag",)), 304: "Ongewijzigd"},
)
def toelichting_lezen(v: Verzoek, gemeente: str) -> Response:
    """The explanation (``tekst`` null and version 0 when there is none yet)."""
    t = v.store.toelichting(gemeente)
    return _niet_gewijzigd(t.versie if t else 0) or _antwoord(gemeente, t)  # type: ignore[arg-type]


@operatie(
    bp,
    "PUT /gemeenten/<gemeente>/toelichting",
    "Toelichting van een gemeente opslaan (alleen die gemeente of een beheerder; If-Match: "
    '"0" voor de eerste)',
    {200: Antwoord(st.Toelichting, "Opgeslagen", ("ETag",)), 412: s.Fout},
    body=st.ToelichtingInvoer,
    if_match=True,
)
def toelichting_opslaan(v: Verzoek, gemeente: str) -> Response:
    """Store the explanation if it is still at the If-Match version."""
    store = v.store
    store.toelichting(gemeente)  # 404 for an unknown municipality
    versie = v.if_match("de toelichting")
    body = v.body(f"toelichting van {gemeente}")
    try:
        t = store.bewaar_toelichting(gemeente, body.tekst, versie)
    except Conflict:
        huidig = store.toelichting(gemeente)
        fout = Conflict(
            f"De toelichting van {gemeente} is intussen gewijzigd door een ander (versie "
            f"{huidig.versie if huidig else 0}, uw wijziging is gebaseerd op versie {versie}); "
            "laad haar opnieuw en voer uw wijziging opnieuw in"
        )
        return _versie_conflict(fout, _als_dict(gemeente, huidig), huidig.versie if huidig else 0)  # type: ignore[arg-type]
    return _antwoord(gemeente, t)
