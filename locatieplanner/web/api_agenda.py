"""Routes of the REST API for the conversation agenda (*gespreksagenda*) of working agreement 5b,
on the blueprint of :mod:`.api`.

``GET/POST /agendapunten`` (filters gemeente, status, partij), ``GET/PATCH/DELETE
/agendapunten/<id>`` (ETag and If-Match), ``GET /agenda/<gemeente>`` (start meeting, items,
marks and involved corporations of one municipality), ``GET/PUT /agenda/<gemeente>/startoverleg``
and ``PUT /agenda/<gemeente>/geinformeerd/<corporatie_id>``. A PUT creates the record when it
does not exist yet (201) and otherwise changes it with If-Match (428 without, 412 when stale).
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from ..domein.agenda import Agendapunt, Geinformeerd, Startoverleg
from ..domein.rechten import partij_van
from ..errors import Conflict, NietGevonden
from ..store import Store
from . import schemas as s
from . import schemas_agenda as sa
from .api import _etag, _id, _json, _niet_gewijzigd, _routes, _Soort, _versie_conflict, bp
from .openapi import Antwoord, operatie
from .verzoek import Verzoek

__all__: list[str] = []

_AGENDAPUNT = _Soort(
    "agendapunt",
    "het",
    "agendapunten",
    sa.Agendapunt,
    Store.agendapunt,
    Store.wijzig_agendapunt,
    Store.verwijder_agendapunt,
    None,
    sa.AgendapuntPatch,
)


def _als_dict(model: type[s.BaseModel], item: Any) -> dict[str, Any]:
    return {k: getattr(item, k) for k in model.model_fields}


def _gemeente(store: Store, gemeente: str) -> str:
    """The code of a known municipality (404 otherwise)."""
    if len(gemeente) > 10:
        raise NietGevonden(f"Gemeente {gemeente[:20]!r}… bestaat niet")
    return store.gemeente(gemeente).gemeente


@operatie(
    bp,
    "GET /agendapunten",
    "Agendapunten van de gespreksagenda's (werkafspraak 5b), gefilterd",
    {200: list[sa.Agendapunt]},
    query=sa.AgendaZoekvraag,
)
def agendapunten(v: Verzoek) -> Response:
    """Agenda items by municipality and planned date, filtered by municipality, status or a
    party that proposed or carries them."""
    q = v.query
    lijst = v.store.agendapunten(gemeente=q.gemeente, status=q.status, partij=q.partij)
    return _json([_als_dict(sa.Agendapunt, p) for p in lijst])


@operatie(
    bp,
    "POST /agendapunten",
    "Nieuw agendapunt: de gemeente elk punt, een andere partij een eigen voorstel",
    {201: Antwoord(sa.Agendapunt, "Opgeslagen", ("ETag", "Location"))},
    body=sa.AgendapuntInvoer,
)
def agendapunt_toevoegen(v: Verzoek) -> Response:
    """A new agenda item (proposed by the account's own party unless named); 201 with Location
    and ETag."""
    velden = {k: w for k, w in v.body("agendapunt") if k not in sa.AgendapuntInvoer.alleen_lezen}
    if velden.get("voorgesteld_door") is None:
        velden["voorgesteld_door"] = partij_van(v.store.account) or "gemeente"
    return _AGENDAPUNT.nieuw(v.store.voeg_agendapunt_toe(Agendapunt(**velden)))


_routes(_AGENDAPUNT)


@operatie(
    bp,
    "GET /agenda/<gemeente>",
    "De gespreksagenda van een gemeente: startoverleg, agendapunten, meldingen "
    "huurdersorganisatie geïnformeerd en betrokken corporaties",
    {200: sa.Agenda},
)
def agenda(v: Verzoek, gemeente: str) -> Response:
    """The whole conversation agenda of one municipality."""
    store = v.store
    code = _gemeente(store, gemeente)
    overleg = store.startoverleg(code)
    return _json(
        {
            "gemeente": code,
            "naam": store.gemeente(code).naam,
            "startoverleg": None if overleg is None else _als_dict(sa.Startoverleg, overleg),
            "agendapunten": [
                _als_dict(sa.Agendapunt, p) for p in store.agendapunten(gemeente=code)
            ],
            "geinformeerd": [_als_dict(sa.Geinformeerd, m) for m in store.geinformeerd(code)],
            "betrokken": store.agenda_repo.betrokken(code),
        }
    )


@operatie(
    bp,
    "GET /agenda/<gemeente>/startoverleg",
    "Het startoverleg van een gemeente, met ETag (404 zolang het niet is vastgelegd)",
    {200: Antwoord(sa.Startoverleg, "Startoverleg", ("ETag",)), 304: "Ongewijzigd"},
)
def startoverleg_lezen(v: Verzoek, gemeente: str) -> Response:
    """The start meeting of a municipality."""
    code = _gemeente(v.store, gemeente)
    overleg = v.store.startoverleg(code)
    if overleg is None:
        raise NietGevonden(f"Het startoverleg van {code} is nog niet vastgelegd")
    versie: int = overleg.versie  # type: ignore[assignment]
    return _niet_gewijzigd(versie) or _etag(_json(_als_dict(sa.Startoverleg, overleg)), versie)


def _zet(
    v: Verzoek,
    huidig: Any,
    wat: str,
    zet: Any,
    model: type[s.BaseModel],
    url: str,
) -> Response:
    """Create (no ``huidig``: 201) or change (If-Match) a record keyed by its path."""
    versie = None if huidig is None else v.if_match(wat)
    try:
        item = zet(versie)
    except Conflict as fout:
        nu = fout.huidig or _als_dict(model, huidig)
        return _versie_conflict(fout, nu, nu["versie"])
    antwoord = _etag(_json(_als_dict(model, item), 201 if huidig is None else 200), item.versie)
    if huidig is None:
        antwoord.headers["Location"] = url
    return antwoord


_GEMAAKT_OF_GEWIJZIGD = {
    200: Antwoord(sa.Startoverleg, "Gewijzigd", ("ETag",)),
    201: Antwoord(sa.Startoverleg, "Vastgelegd", ("ETag", "Location")),
    412: Antwoord(s.Fout, "Intussen gewijzigd: huidig is de opgeslagen versie", ("ETag",)),
    428: Antwoord(s.Fout, "Bestaat al: wijzig met If-Match"),
}


@operatie(
    bp,
    "PUT /agenda/<gemeente>/startoverleg",
    "Startoverleg vastleggen (alleen de gemeente); bestaat het al, dan met If-Match",
    _GEMAAKT_OF_GEWIJZIGD,
    body=sa.StartoverlegInvoer,
)
def startoverleg_zetten(v: Verzoek, gemeente: str) -> Response:
    """Record or change the start meeting of a municipality."""
    store = v.store
    code = _gemeente(store, gemeente)
    data = v.body("startoverleg")
    velden = {k: w for k, w in data if k not in sa.StartoverlegInvoer.alleen_lezen}
    overleg = Startoverleg(gemeente=code, **velden)
    return _zet(
        v,
        store.startoverleg(code),
        "het startoverleg",
        lambda versie: store.zet_startoverleg(overleg, versie),
        sa.Startoverleg,
        url_for("api.startoverleg_lezen", gemeente=code),
    )


@operatie(
    bp,
    "PUT /agenda/<gemeente>/geinformeerd/<int:corporatie_id>",
    "Melding van een corporatie: huurdersorganisatie geïnformeerd (alleen de corporatie zelf); "
    "bestaat zij al, dan met If-Match",
    {
        **_GEMAAKT_OF_GEWIJZIGD,
        200: Antwoord(sa.Geinformeerd, "Gewijzigd", ("ETag",)),
        201: Antwoord(sa.Geinformeerd, "Vastgelegd", ("ETag", "Location")),
    },
    body=sa.GeinformeerdInvoer,
)
def geinformeerd_zetten(v: Verzoek, gemeente: str, corporatie_id: int) -> Response:
    """Record or change a corporation's mark "huurdersorganisatie geïnformeerd"."""
    store = v.store
    code = _gemeente(store, gemeente)
    naam = store.corporatie(_id(corporatie_id, "Corporatie")).naam
    data = v.body("melding")
    velden = {k: w for k, w in data if k not in sa.GeinformeerdInvoer.alleen_lezen}
    melding = Geinformeerd(gemeente=code, corporatie=naam, **velden)
    huidig = next((m for m in store.geinformeerd(code) if m.corporatie == naam), None)
    return _zet(
        v,
        huidig,
        "de melding",
        lambda versie: store.zet_geinformeerd(melding, versie),
        sa.Geinformeerd,
        url_for("api.agenda", gemeente=code),
    )
