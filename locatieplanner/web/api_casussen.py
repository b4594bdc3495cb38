"""Routes of the REST API for cases (*casussen*) and contributions (*bijdragen*) of working
agreement 5b, on the blueprint of :mod:`.api`.

``GET/POST /casussen``, ``GET/PATCH/DELETE /casussen/<id>`` (with ETag and If-Match, the case
with its contributions, the involved corporations and the parties that have not answered yet),
``GET /casussen/<id>/geschiedenis``, ``POST /casussen/<id>/bijdragen`` and
``GET/PATCH/DELETE /bijdragen/<id>``. A case's own area travels as GeoJSON in EPSG:4326.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response

from ..crs import WGS84
from ..domein.casus import Bijdrage, Casus, Oplossingsrichting, Potentieel
from ..errors import Conflict
from ..store import Store
from . import get_store
from . import schemas as s
from . import schemas_casussen as sc
from .api import _etag, _id, _json, _routes, _Soort, _uit, bp
from .openapi import Antwoord, operatie
from .verzoek import Verzoek

__all__ = ["casus_als_dict"]


def _domeinvelden(velden: dict[str, Any]) -> dict[str, Any]:
    """Validated request fields of a case as the fields of a domain :class:`Casus`."""
    uit = dict(velden)
    if uit.get("oplossingsrichtingen") is not None:
        uit["oplossingsrichtingen"] = [
            Oplossingsrichting(o.tekst, o.status) for o in uit["oplossingsrichtingen"]
        ]
    if uit.get("potentieel") is not None:
        uit["potentieel"] = [Potentieel(p.jaar, p.daeb, p.overig) for p in uit["potentieel"]]
    for lijst in ("vragen", "locaties", "oplossingsrichtingen", "potentieel"):
        if lijst in uit and uit[lijst] is None:
            uit[lijst] = []
    return uit


def casus_als_dict(store: Store, casus: Casus, volledig: bool = True) -> dict[str, Any]:
    """A case as the API gives it (``volledig``: with contributions, involved corporations and
    the parties that have not answered)."""
    extra: dict[str, Any] = {
        "gebied": _uit([casus.gebied], WGS84)[0],
        "streefdatum": casus.streefdatum.isoformat()
        if isinstance(casus.streefdatum, date)
        else None,
    }
    if not volledig:
        return sc.als_dict(sc.Casus, casus, **extra)
    extra["bijdragen"] = [sc.als_dict(sc.Bijdrage, b) for b in store.bijdragen(casus.id)]
    extra["betrokken"] = store.casussen_repo.betrokken(casus.id)  # type: ignore[arg-type]
    extra["open_partijen"] = store.open_partijen(casus.id)  # type: ignore[arg-type]
    return sc.als_dict(sc.CasusMetBijdragen, casus, **extra)


@dataclass(frozen=True)
class _CasusSoort(_Soort):
    """A case: its answer has GeoJSON, its contributions and who has not answered."""

    def als_dict(self, item: Any) -> dict[str, Any]:
        return casus_als_dict(get_store(), item)


_CASUS = _CasusSoort(
    "casus",
    "de",
    "casussen",
    sc.CasusMetBijdragen,
    Store.casus,
    lambda store, i, velden, versie: store.wijzig_casus(i, _domeinvelden(velden), versie),
    Store.verwijder_casus,
    None,
    sc.CasusPatch,
)

_BIJDRAGE = _Soort(
    "bijdrage",
    "de",
    "bijdragen",
    sc.Bijdrage,
    Store.bijdrage,
    Store.wijzig_bijdrage,
    Store.verwijder_bijdrage,
    None,
    sc.BijdragePatch,
)


@operatie(
    bp,
    "GET /casussen",
    "Casussen (kansen en knelpunten, werkafspraak 5b), gefilterd",
    {200: list[sc.Casus]},
    query=sc.CasusZoekvraag,
)
def casussen(v: Verzoek) -> Response:
    """Cases by municipality, filtered by municipality, category, status, kind or party."""
    q, store = v.query, v.store
    lijst = store.casussen(
        gemeente=q.gemeente, categorie=q.categorie, status=q.status, soort=q.soort, partij=q.partij
    )
    return _json([casus_als_dict(store, c, volledig=False) for c in lijst])


@operatie(
    bp,
    "POST /casussen",
    "Nieuwe casus van een gemeente (alleen die gemeente of een beheerder)",
    {201: Antwoord(sc.CasusMetBijdragen, "Opgeslagen", ("ETag", "Location"))},
    body=sc.CasusInvoer,
)
def casus_toevoegen(v: Verzoek) -> Response:
    """A new case; 201 with Location and ETag."""
    velden = {k: w for k, w in v.body("casus") if k not in sc.CasusInvoer.alleen_lezen}
    casus = v.store.voeg_casus_toe(Casus(**_domeinvelden(velden)))
    return _CASUS.nieuw(casus)


_routes(_CASUS)


@operatie(
    bp,
    "GET /casussen/<int:casus_id>/geschiedenis",
    "Wijzigingslog van een casus en haar bijdragen, oudste eerst",
    {200: list[s.Geschiedenisregel]},
)
def casus_geschiedenis(v: Verzoek, casus_id: int) -> Response:
    """The audit log of a case and of its contributions, oldest first."""
    store = v.store
    regels = store.geschiedenis("casus", _id(casus_id, "Casus"))
    if not regels:
        store.casus(casus_id)
    # a contribution's entries name its case in the values before or after
    regels += [
        r
        for r in store.geschiedenis("bijdrage")
        if casus_id in ((r["oud"] or {}).get("casus"), (r["nieuw"] or {}).get("casus"))
    ]
    regels.sort(key=lambda r: r["id"])
    velden = [*s.Geschiedenisregel.model_fields, "tabel", "sleutel"]
    return _json([{k: r[k] for k in velden} for r in regels])


@operatie(
    bp,
    "POST /casussen/<int:casus_id>/bijdragen",
    "Bijdrage van een partij aan een casus (elke partij alleen de eigen; één per partij)",
    {
        201: Antwoord(sc.Bijdrage, "Opgeslagen", ("ETag", "Location")),
        409: Antwoord(
            s.Fout,
            "Deze partij heeft al een bijdrage aan de casus: huidig is die bijdrage, Location "
            "haar URL; wijzig haar daar met PATCH en If-Match",
            ("ETag", "Location"),
        ),
    },
    body=sc.BijdrageInvoer,
)
def bijdrage_toevoegen(v: Verzoek, casus_id: int) -> Response:
    """A party's contribution to a case; 201 with Location and ETag (409 when the party has
    one: change that one with PATCH and If-Match)."""
    store = v.store
    store.casus(_id(casus_id, "Casus"))
    velden = {k: w for k, w in v.body("bijdrage") if k not in sc.BijdrageInvoer.alleen_lezen}
    try:
        bijdrage = store.voeg_bijdrage_toe(Bijdrage(casus=casus_id, **velden))
    except Conflict as fout:
        bestaand = store.bijdrage(fout.huidig["id"])  # type: ignore[index]
        antwoord = _json(
            {"fout": fout.melding, "details": [], "huidig": _BIJDRAGE.als_dict(bestaand)}, 409
        )
        antwoord.headers["Location"] = _BIJDRAGE.url(bestaand.id)  # type: ignore[arg-type]
        return _etag(antwoord, bestaand.versie)  # type: ignore[arg-type]
    return _BIJDRAGE.nieuw(bijdrage)


_routes(_BIJDRAGE)
