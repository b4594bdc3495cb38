"""Property-based fuzzing of the REST API with schemathesis, against its own OpenAPI document.

The WSGI app runs in-process on a real temporary SQLite store with a few sites. For every
operation schemathesis generates valid (positive) and schema-violating (negative) requests; each
answer must not be a server error, must have a documented status code, content type, headers
and body schema, and a schema-violating request must be refused. Half of the generated site ids
and If-Match headers are pointed at existing sites and their current version so that updates and
deletes really run. Bounded: few examples per operation, whole run well under a minute.
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

from locatieplanner.domein.model import Bod, Corporatie, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import NietGevonden
from locatieplanner.store import Store
from locatieplanner.web import create_app

#: Examples per operation and mode; with 18 operations this keeps the run at about 30 s.
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
    yield store
    store.sluit()


@pytest.fixture(scope="module")
def api_schema(fuzz_store):
    app = create_app({"TESTING": True, "DATABASE_URL": fuzz_store.url, "BASISKAART": False})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


def _naar_bestaande(case, store: Store) -> None:
    """Point every other generated site id at an existing site, and If-Match at its version."""
    lid = case.path_parameters.get("locatie_id") if case.path_parameters else None
    if not isinstance(lid, int) or isinstance(lid, bool) or lid % 2:
        return
    bestaand = [loc.id for loc in store.locaties()]
    if not bestaand:
        return
    lid = bestaand[lid // 2 % len(bestaand)]
    case.path_parameters["locatie_id"] = lid
    kop = (case.headers or {}).get("If-Match")
    cijfers = kop.strip().strip('"') if isinstance(kop, str) else ""
    if cijfers.isascii() and cijfers.isdigit() and int(cijfers) % 2 == 0:
        with contextlib.suppress(NietGevonden):
            case.headers["If-Match"] = f'"{store.locatie(lid).versie}"'


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
@pytest.mark.timeout(120)
def test_api_fuzz(case, fuzz_store):
    _naar_bestaande(case, fuzz_store)
    # as the administrator (every write allowed): the fuzzing is about input, not rights
    token = token_voor(fuzz_store.url)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
