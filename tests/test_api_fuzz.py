"""Property-based fuzzing of the REST API with schemathesis, against its own OpenAPI document.

The WSGI app runs in-process on a real temporary SQLite store with a few sites. For every
operation schemathesis generates valid (positive) and schema-violating (negative) requests; each
answer must not be a server error, must have a documented status code, content type, headers
and body schema, and a schema-violating request must be refused. Half of the generated item ids
(sites, removals, bids, corporations) and If-Match headers are pointed at existing items and
their current version so that updates and deletes really run. Bounded: few examples per
operation, the whole run a minute or two.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
import schemathesis
from aanmelding import token_voor
from conftest import KLEINE_GEMEENTEN
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from shapely.geometry import Point, box

from locatieplanner.domein.agenda import Agendapunt, Startoverleg
from locatieplanner.domein.casus import Bijdrage, Casus, Potentieel
from locatieplanner.domein.model import Bod, Corporatie, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import NietGevonden
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.web.schemas import MAX_ID

#: Examples per operation and mode; with 34 operations the run takes about 100 s of CPU time.
VOORBEELDEN = 12

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    pad = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite"
    store = Store.open(f"sqlite:///{pad}")
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    for i in range(6):
        x = 76000 + i * 1500
        geometrie = Point(x + 50, 451000) if i % 3 == 2 else box(x, 451000, x + 120, 451100)
        store.voeg_locatie_toe(
            Locatie(
                f"Locatie {i}",
                geometrie,
                ["1A", "3", "2B"][i % 3],
                daeb=40,
                oplevering=2026 + i,
                toewijzingen=[Toewijzing("Vidomes", 20)],
            )
        )
    store.voeg_onttrekking_toe(Onttrekking("GM0518", 2024, 30, "sloop"))
    store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 3, 31), 4000))
    casus = store.voeg_casus_toe(
        Casus("GM0518", "kans", "Optoppen", "overig", potentieel=[Potentieel(2028, 10, 2)])
    )
    store.voeg_bijdrage_toe(Bijdrage(casus.id, "gemeente", "Procedure", "procedure"))
    store.voeg_agendapunt_toe(Agendapunt("GM0518", "Optoppen bespreken", "Staedion"))
    store.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 3), ["gemeente"]))
    yield store
    store.sluit()


@pytest.fixture(scope="module")
def api_schema(fuzz_store):
    app = create_app({"TESTING": True, "DATABASE_URL": fuzz_store.url, "BASISKAART": False})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


#: Per path parameter of one item: the ids of the stored items and the version of one.
_BESTAAND = {
    "locatie_id": (
        lambda s: [loc.id for loc in s.locaties(met_geometrie=False)],
        lambda s, i: s.locatie(i).versie,
    ),
    "onttrekking_id": (
        lambda s: [o.id for o in s.onttrekkingen()],
        lambda s, i: s.onttrekking(i).versie,
    ),
    "bod_id": (lambda s: [b.id for b in s.biedingen()], lambda s, i: s.bod(i).rijversie),
    "corporatie_id": (
        lambda s: [c.id for c in s.corporaties()],
        lambda s, i: s.corporatie(i).versie,
    ),
    "casus_id": (lambda s: [c.id for c in s.casussen()], lambda s, i: s.casus(i).versie),
    "bijdrage_id": (lambda s: [b.id for b in s.bijdragen()], lambda s, i: s.bijdrage(i).versie),
    "agendapunt_id": (
        lambda s: [p.id for p in s.agendapunten()],
        lambda s, i: s.agendapunt(i).versie,
    ),
}


def _naar_bestaande(case, store: Store) -> None:
    """Point every other generated item id at an existing item, and If-Match at its version."""
    for naam, (ids, versie) in _BESTAAND.items():
        item_id = case.path_parameters.get(naam) if case.path_parameters else None
        if not isinstance(item_id, int) or isinstance(item_id, bool) or item_id % 2:
            continue
        if not 1 <= item_id <= MAX_ID:
            continue  # a deliberately invalid id (negative testing) stays invalid
        bestaand = ids(store)
        if not bestaand:
            return
        item_id = bestaand[item_id // 2 % len(bestaand)]
        case.path_parameters[naam] = item_id
        kop = (case.headers or {}).get("If-Match")
        cijfers = kop.strip().strip('"') if isinstance(kop, str) else ""
        if cijfers.isascii() and cijfers.isdigit() and int(cijfers) % 2 == 0:
            with contextlib.suppress(NietGevonden):
                case.headers["If-Match"] = f'"{versie(store, item_id)}"'


@schema.parametrize()
@settings(
    max_examples=VOORBEELDEN,
    # a single request taking this long is a bug in itself (e.g. a huge geometry)
    deadline=timedelta(seconds=10),
    database=None,
    phases=[Phase.explicit, Phase.generate],
    # schemathesis builds large, nested bodies (GeoJSON geometries) from the document: data
    # generation can be slow and big, which is the point of the exercise, not a problem
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# a guard against a hang, not a speed test: on a busy machine the run takes longer
@pytest.mark.timeout(360)
def test_api_fuzz(case, fuzz_store):
    _naar_bestaande(case, fuzz_store)
    # as the administrator (every write allowed): the fuzzing is about input, not rights
    token = token_voor(fuzz_store.url)
    # identity: schemathesis' WSGI client reads the body as sent and does not undo a
    # Content-Encoding (compression itself is tested in tests/test_compressie.py)
    koppen = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=koppen, checks=CHECKS)
