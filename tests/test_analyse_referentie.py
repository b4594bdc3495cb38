"""The analysis JSON stays byte-identical while its computation and its writer are made faster.

Oracles: ``json.dumps(..., ensure_ascii=False, indent=2)`` for the writer
(:func:`ingesprongen_json`), and for the computation the JSON of a generated region of 2,000
sites (``tests/analyse_gegenereerd.py``) as the code before the speed-up of issue 13 computed it
(commit bdee004, written with ``json.dumps``): the full text for the default options in
``tests/data/analyse_gegenereerd.json.gz``, a SHA-256 for two other option sets.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import math
from pathlib import Path

import pytest
from analyse_gegenereerd import DATUM, genereer_invoer
from analyse_testdata import vul_store
from conftest import database_url

from locatieplanner import analyse
from locatieplanner.analyse.schema import als_json, ingesprongen_json
from locatieplanner.store import Store

REFERENTIE = Path(__file__).parent / "data" / "analyse_gegenereerd.json.gz"
SHA256 = {
    "zacht": "e0e53dafc261e982cc20fc991e8504714aa44d50af036b2f5f31bdf1615c19f2",
    "peiljaar": "b5189cc1edd2b6e250fb3a7138929ffc1dda2ea49dbbea58751ae1f2ab652d9a",
}
OPTIES = {"zacht": {"zacht_factor": 0.7}, "peiljaar": {"peiljaar": 2025}}


@pytest.fixture(scope="module")
def invoer():
    return genereer_invoer()


def _verschil(verwacht: str, gekregen: str) -> str:
    regels = difflib.unified_diff(
        verwacht.splitlines(), gekregen.splitlines(), "referentie", "nu", lineterm="", n=2
    )
    return "\n".join(list(regels)[:40])


def test_gegenereerde_analyse_gelijk_aan_referentie(invoer):
    verwacht = gzip.decompress(REFERENTIE.read_bytes()).decode("utf-8")
    gekregen = als_json(analyse.bereken(invoer, datum=DATUM))
    assert gekregen == verwacht, _verschil(verwacht, gekregen)


@pytest.mark.parametrize("naam", sorted(OPTIES))
def test_gegenereerde_analyse_met_opties_gelijk_aan_referentie(invoer, naam):
    tekst = als_json(analyse.bereken(invoer, datum=DATUM, **OPTIES[naam]))
    assert hashlib.sha256(tekst.encode("utf-8")).hexdigest() == SHA256[naam]


def test_schrijver_gelijk_aan_json_dumps_voor_de_analyse(invoer):
    d = analyse.bereken(invoer, datum=DATUM, zacht_factor=0.5).als_dict()
    assert ingesprongen_json(d) == json.dumps(d, ensure_ascii=False, indent=2)


def test_schrijver_gelijk_aan_json_dumps_voor_de_testregio(tmp_path):
    store = Store.open(database_url(tmp_path))
    try:
        vul_store(store)
        resultaat = analyse.analyseer(store, zacht_factor=0.5, datum=DATUM)
    finally:
        store.sluit()
    d = resultaat.als_dict()
    assert d["signalen"] and d["gemeenten"][0]["tijdelijke_daling"]
    assert als_json(resultaat) == json.dumps(d, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "waarde",
    [
        [],
        {},
        [[]],
        {"a": [], "b": {}},
        [1.5, math.nan, math.inf, -math.inf, -0.0, 1e300, True, False, None, 'é"\n\\ ☃'],
        {1: [2], 2.5: [1, {}], None: {"x": [1, [2, []]]}, "1": "a", False: [[]]},
        {True: {"a": [1]}, 3: "x", 0.1: {"b": [None]}},
        {"k": ({"a": 1},), "t": (1, 2)},
        [{"a": [1]}, 2.5, [None, [True]]],
        {"x": {"y": {"z": [1, {"q": 2, "r": [3]}]}}},
        "tekst",
        3,
        2.25,
        None,
    ],
)
def test_schrijver_gelijk_aan_json_dumps(waarde):
    assert ingesprongen_json(waarde) == json.dumps(waarde, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("waarde", [{"a": [object()]}, [{"a": [1]}, object()], {(1, 2): [1]}])
def test_schrijver_weigert_wat_json_dumps_weigert(waarde):
    with pytest.raises(TypeError):
        json.dumps(waarde, indent=2)
    with pytest.raises(TypeError):
        ingesprongen_json(waarde)
