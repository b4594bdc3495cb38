"""Corporation endpoints of the REST API beyond GET/PATCH of one item (in :mod:`.api`): add one,
merge one into another, and its history with former names."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response

from ..domein.model import Corporatie
from ..errors import Conflict, Probleem
from . import schemas as s
from . import schemas_corporaties as sc
from .api import _CORPORATIE, _etag, _id, _json, _velden, bp
from .openapi import Antwoord, operatie
from .verzoek import Verzoek

__all__: list[str] = []


@operatie(
    bp,
    "POST /corporaties",
    "Nieuwe corporatie met werkgebied (beheerders); een bestaande naam, ook een eerdere naam, "
    "wordt niet overschreven (409)",
    {
        201: Antwoord(s.Corporatie, "Opgeslagen", ("ETag", "Location")),
        409: Antwoord(
            s.Fout,
            "Er is al een corporatie met deze naam (of die naam had zij eerder): huidig is die "
            "corporatie, Location haar URL",
            ("ETag", "Location"),
        ),
    },
    body=s.CorporatieInvoer,
    regel="beheerder",
)
def corporatie_toevoegen(v: Verzoek) -> Response:
    """A new corporation; 201 with Location and ETag, 409 with the one that has the name."""
    store = v.store
    corporatie = Corporatie(**_velden(v.body("corporatie")))
    try:
        bewaard = store.bewaar_corporatie(corporatie)
    except Conflict as fout:
        bestaand = store.corporatie(fout.huidig["id"])  # type: ignore[index]
        url = _CORPORATIE.url(bestaand.id)  # type: ignore[arg-type]
        melding = (
            f"bestaat al (corporatie {bestaand.id}); wijzig die met PATCH {url} en If-Match: "
            f'"{bestaand.versie}", of kies een andere naam'
        )
        return _CORPORATIE.bestaat_al(
            fout.melding, Probleem("naam", corporatie.naam, melding, "corporatie"), bestaand
        )
    return _CORPORATIE.nieuw(bewaard)


@operatie(
    bp,
    "POST /corporaties/<int:corporatie_id>/samenvoegen",
    "Deze corporatie opgaan in een andere (beheerders): toewijzingen, onttrekkingen en accounts "
    "verhuizen, werkgebieden worden samengevoegd, de naam blijft herkend als eerdere naam",
    {200: Antwoord(sc.Samenvoeging, "Samengevoegd; de ETag is die van corporatie naar", ("ETag",))},
    body=sc.Samenvoegen,
    regel="beheerder",
)
def corporatie_samenvoegen(v: Verzoek, corporatie_id: int) -> Response:
    """Merge corporation ``corporatie_id`` into ``naar`` with both versions (412 when stale)."""
    store = v.store
    _CORPORATIE.item(store, corporatie_id)
    body = v.body(f"corporatie {corporatie_id}")
    uit = store.voeg_corporaties_samen(
        corporatie_id, _id(body.naar, "Corporatie"), (body.versie, body.naar_versie)
    )
    data = {**asdict(uit), "corporatie": _CORPORATIE.als_dict(uit.corporatie)}
    return _etag(_json(data), uit.corporatie.versie)  # type: ignore[arg-type]


@operatie(
    bp,
    "GET /corporaties/<int:corporatie_id>/geschiedenis",
    "Eerdere namen en wijzigingslog van een corporatie, oudste eerst",
    {200: sc.CorporatieGeschiedenis},
)
def corporatie_geschiedenis(v: Verzoek, corporatie_id: int) -> Response:
    """Former names (with until when) and the audit log of one corporation."""
    store = v.store
    corporatie = _CORPORATIE.item(store, corporatie_id)
    velden = s.Geschiedenisregel.model_fields
    return _json(
        {
            "corporatie": _CORPORATIE.als_dict(corporatie),
            "eerdere_namen": store.corporaties_repo.eerdere_namen(corporatie_id),
            "wijzigingen": [
                {k: r[k] for k in velden} for r in store.geschiedenis("corporatie", corporatie_id)
            ],
        }
    )
