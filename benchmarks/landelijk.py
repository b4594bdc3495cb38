"""Deterministic generator of a national dataset for the benchmarks of issue 13 (point 6).

From the real CBS polygons of all municipalities (``../shared/geodata/cbs_gemeenten_2023.geojson``
beside the project root) it writes, seeded by ``zaad``:

- ``regio.toml``: a region listing every municipality of that file (format of
  ``locatieplanner/domein/regio_haaglanden.toml``);
- ``voorraad.csv``: start stocks (dwellings = households of the CBS file);
- ``corporaties.csv``: 300 corporations, each with a working area of neighbouring municipalities;
- ``locaties.gpkg``: N sites in EPSG:28992 in the import format as the exporter writes it (layers
  ``locaties`` with small polygons and ``locaties_punten`` with points, table ``toewijzingen``
  with 1-3 assignments per site with DAEB dwellings), spread over the municipalities in proportion
  to their households, each inside its municipality, hard and soft statuses, delivery years
  2021-2032;
- ``locaties_corporatie.gpkg``: the same sites with one ``corporatie`` column instead of the table;
- ``onttrekkingen.csv``, ``biedingen.csv``, ``casussen.csv`` + ``casussen_bijdragen.csv``
  (cases with contributions) in the formats of the example data (``geodata/``).

Files are cached in ``<temp>/locatieplanner-landelijk/n<N>-z<zaad>`` (or ``cache``); a finished
folder is reused. :func:`laad_basis` loads region, boundaries, stocks and corporations into a
store through the library; :func:`laad_rest` the removals, bids and cases (after the sites).

Run as a script to generate (and print the folder)::

    python benchmarks/landelijk.py 10000 [--zaad 13]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:  # this working copy, also when run as a script
    sys.path.insert(0, str(PROJECT))

from locatieplanner.domein.casus import PARTIJEN, SOORTEN_BIJDRAGE, SOORTEN_CASUS  # noqa: E402
from locatieplanner.domein.model import HARDE_STATUSSEN, SOORTEN_ONTTREKKING, STATUSSEN  # noqa: E402
from locatieplanner.domein.regio import laad_regio  # noqa: E402
from locatieplanner.uitwisseling.casussen import KOLOMMEN_BIJDRAGE, KOLOMMEN_CASUS  # noqa: E402

__all__ = [
    "PROJECT",
    "CBS_GEMEENTEN",
    "AANTAL_CORPORATIES",
    "Dataset",
    "genereer",
    "lees_gemeenten",
    "laad_basis",
    "laad_rest",
]

#: Real municipality polygons beside the project root (see ../shared/geodata/README.md).
CBS_GEMEENTEN = PROJECT.parent / "shared" / "geodata" / "cbs_gemeenten_2023.geojson"
AANTAL_CORPORATIES = 300
#: Columns of the CBS file the boundary import reads.
GEMEENTE_KOLOMMEN = {"gemeente": "gemeentecode", "naam": "gemeentenaam"}
#: Delivery years of the sites (the region's period is 2021-2030: some lie beyond it).
JAREN = (2021, 2032)
_KLAAR = "klaar.json"


@dataclass(frozen=True)
class Dataset:
    """The files of one generated dataset (all in ``map``)."""

    map: Path
    aantal: int
    zaad: int

    def __getattr__(self, naam: str) -> Path:
        bestanden = {
            "regio": "regio.toml",
            "voorraad": "voorraad.csv",
            "corporaties": "corporaties.csv",
            "locaties": "locaties.gpkg",
            "locaties_corporatie": "locaties_corporatie.gpkg",
            "onttrekkingen": "onttrekkingen.csv",
            "biedingen": "biedingen.csv",
            "casussen": "casussen.csv",
        }
        if naam not in bestanden:
            raise AttributeError(naam)
        return self.map / bestanden[naam]

    @property
    def samenvatting(self) -> dict[str, int]:
        """Counts written by the generator (sites, assignments, ...)."""
        return json.loads((self.map / _KLAAR).read_text("utf-8"))


def lees_gemeenten(pad: Path = CBS_GEMEENTEN):
    """The CBS municipalities in EPSG:28992 (code, name, households, geometry), by code."""
    import geopandas as gpd

    gdf = gpd.read_file(pad)[["gemeentecode", "gemeentenaam", "aantalHuishoudens", "geometry"]]
    gdf = gdf.to_crs("EPSG:28992").sort_values("gemeentecode").reset_index(drop=True)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values)
    return gdf


def _toml_tekst(waarde: str) -> str:
    return json.dumps(waarde, ensure_ascii=False)  # a JSON string is a TOML basic string


def _schrijf_csv(pad: Path, kolommen: list[str], rijen: list[list[object]]) -> None:
    with pad.open("w", encoding="utf-8-sig", newline="") as f:
        schrijver = csv.writer(f, delimiter=";")
        schrijver.writerow(kolommen)
        schrijver.writerows(rijen)


def _punten_in(rng: np.random.Generator, vlak, aantal: int) -> np.ndarray:
    """``aantal`` random points (x, y) inside ``vlak`` (rejection sampling, bounded rounds)."""
    x0, y0, x1, y1 = vlak.bounds
    shapely.prepare(vlak)
    gevonden: list[np.ndarray] = []
    nodig = aantal
    for _ronde in range(200):
        if nodig <= 0:
            break
        n = max(64, nodig * 4)
        xy = np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])
        binnen = xy[shapely.contains_xy(vlak, xy[:, 0], xy[:, 1])][:nodig]
        gevonden.append(binnen)
        nodig -= len(binnen)
    if nodig > 0:
        raise RuntimeError(f"geen {aantal} punten gevonden in een vlak van {vlak.area:.0f} m²")
    return np.concatenate(gevonden)


def _werkgebieden(rng: np.random.Generator, gemeenten) -> tuple[list[list[int]], list[list[int]]]:
    """Per corporation the indices of its municipalities (home + 1-7 nearest), and per
    municipality the corporations working there (at least one)."""
    c = shapely.centroid(gemeenten.geometry.values)
    xy = np.column_stack([shapely.get_x(c), shapely.get_y(c)])
    gewicht = gemeenten["aantalHuishoudens"].fillna(1).to_numpy(float)
    thuis = rng.choice(len(gemeenten), AANTAL_CORPORATIES, p=gewicht / gewicht.sum())
    werkgebied: list[list[int]] = []
    for t in thuis:
        afstand = np.hypot(*(xy - xy[t]).T)
        werkgebied.append([int(i) for i in np.argsort(afstand)[: 1 + rng.integers(1, 8)]])
    per_gemeente: list[list[int]] = [[] for _ in range(len(gemeenten))]
    for k, gebied in enumerate(werkgebied):
        for g in gebied:
            per_gemeente[g].append(k)
    for g, corps in enumerate(per_gemeente):
        if not corps:  # the corporation whose home is nearest also works here
            k = int(np.argmin(np.hypot(*(xy[thuis] - xy[g]).T)))
            werkgebied[k].append(g)
            corps.append(k)
    return werkgebied, per_gemeente


def _locaties(rng: np.random.Generator, gemeenten, aantal: int, per_gemeente) -> pd.DataFrame:
    """The sites as a table with a geometry column (``geometry``) in EPSG:28992."""
    gewicht = gemeenten["aantalHuishoudens"].fillna(1).to_numpy(float)
    per = rng.multinomial(aantal, gewicht / gewicht.sum())
    stukken = []
    for g, n in enumerate(per):
        if n == 0:
            continue
        vlak = gemeenten.geometry.iloc[g]
        kern = vlak.buffer(-150)  # keep the small polygons (<= 2 x 60 m) well inside
        xy = _punten_in(rng, kern if kern.area > 0.05 * vlak.area else vlak, int(n))
        stukken.append(pd.DataFrame({"g": g, "x": xy[:, 0], "y": xy[:, 1]}))
    tabel = pd.concat(stukken, ignore_index=True)
    n = len(tabel)
    vlak = rng.random(n) < 0.4
    half = rng.uniform(10, 60, n)
    punten = shapely.points(tabel["x"], tabel["y"])
    vakken = shapely.box(tabel["x"] - half, tabel["y"] - half, tabel["x"] + half, tabel["y"] + half)
    geometrie = np.where(vlak, vakken, punten)
    # polygons that still cross their boundary become points (cheap, rare)
    grenzen = gemeenten.geometry.values[tabel["g"].to_numpy()]
    buiten = vlak & ~shapely.within(geometrie, grenzen)
    geometrie[buiten] = punten[buiten]
    statussen = np.array(list(STATUSSEN))
    hard = np.array([s in HARDE_STATUSSEN for s in statussen])
    kans = np.where(hard, 0.55 / hard.sum(), 0.45 / (~hard).sum())
    oplevering = rng.integers(JAREN[0], JAREN[1] + 1, n)
    daeb = np.where(rng.random(n) < 0.9, rng.integers(5, 150, n), 0)
    codes = gemeenten["gemeentecode"].to_numpy()
    namen = gemeenten["gemeentenaam"].to_numpy()
    g = tabel["g"].to_numpy()
    return pd.DataFrame(
        {
            "bron_id": [f"B{i:06d}" for i in range(n)],
            "naam": [f"Locatie {namen[gi]} {i}" for i, gi in enumerate(g)],
            "gemeente": codes[g],
            "status": rng.choice(statussen, n, p=kans),
            "fase": rng.integers(0, 8, n),
            "daeb": daeb,
            "soc_huur": rng.integers(0, 20, n),
            "goedk_koop": rng.integers(0, 20, n),
            "midden": rng.integers(0, 40, n),
            "bet_koop": rng.integers(0, 30, n),
            "overig": rng.integers(0, 60, n),
            "start": oplevering - rng.integers(0, 4, n),
            "oplevering": oplevering,
            "opmerking": None,
            "g": g,
            "corp": [int(rng.choice(per_gemeente[gi])) for gi in g],
            "geometry": geometrie,
        }
    )


def _toewijzingen(rng: np.random.Generator, locaties: pd.DataFrame, per_gemeente) -> list[list]:
    """1-3 assignments (about 1.2 per site with DAEB) that together hold at most the site's DAEB."""
    rijen: list[list] = []
    for rij in locaties.loc[locaties["daeb"] > 0].itertuples():
        kandidaten = per_gemeente[rij.g]
        aantal = min(len(kandidaten), int(rng.choice([1, 2, 3], p=[0.75, 0.17, 0.08])))
        corps = [rij.corp] + [k for k in rng.permutation(kandidaten) if k != rij.corp]
        delen = np.diff(
            np.sort(rng.integers(0, rij.daeb + 1, aantal - 1)), prepend=0, append=rij.daeb
        )
        for k, deel in zip(corps[:aantal], delen, strict=True):
            if deel > 0:
                rijen.append([rij.bron_id, rij.gemeente, int(k), int(deel), int(rij.oplevering)])
    return rijen


def _schrijf_gpkg(pad: Path, locaties: pd.DataFrame, toewijzingen: pd.DataFrame | None) -> None:
    """Layers ``locaties`` (MultiPolygon) and ``locaties_punten`` as the exporter writes them,
    plus the table ``toewijzingen`` when given."""
    import geopandas as gpd
    import pyogrio

    opties: dict = {"dataset_options": {"VERSION": "1.2"}}
    punt = shapely.get_type_id(locaties["geometry"].to_numpy()) == 0
    for laag, deel in (("locaties", locaties[~punt]), ("locaties_punten", locaties[punt])):
        if deel.empty:
            continue
        geometrie = deel["geometry"].to_numpy()
        if laag == "locaties":
            geometrie = shapely.multipolygons(
                shapely.get_parts(geometrie), indices=np.arange(len(deel))
            )
        gdf = gpd.GeoDataFrame(deel.drop(columns="geometry"), geometry=geometrie, crs="EPSG:28992")
        gdf = gdf.rename_geometry("geom")
        pyogrio.write_dataframe(gdf, pad, layer=laag, driver="GPKG", **opties)
        opties = {"append": True}
    if toewijzingen is not None:
        pyogrio.write_dataframe(toewijzingen, pad, layer="toewijzingen", driver="GPKG", **opties)


def _schrijf(map_: Path, aantal: int, zaad: int, bron: Path) -> dict[str, int]:
    rng = np.random.default_rng(zaad)
    gemeenten = lees_gemeenten(bron)
    codes = gemeenten["gemeentecode"].tolist()
    namen = gemeenten["gemeentenaam"].tolist()
    werkgebied, per_gemeente = _werkgebieden(rng, gemeenten)
    corporaties = [f"Woonstichting Landelijk {k + 1:03d}" for k in range(AANTAL_CORPORATIES)]
    locaties = _locaties(rng, gemeenten, aantal, per_gemeente)
    toew = _toewijzingen(rng, locaties, per_gemeente)

    regels = [
        "# Generated by benchmarks/landelijk.py: every municipality of the CBS file.",
        'naam = "Nederland (benchmark)"',
        f"van = {JAREN[0]}",
        "tot = 2030",
        f"doel_netto = {int(locaties['daeb'].sum() * 0.6)}",
        "",
        "[gemeenten]",
        *(f"{c} = {_toml_tekst(n)}" for c, n in zip(codes, namen, strict=True)),
    ]
    (map_ / "regio.toml").write_text("\n".join(regels) + "\n", "utf-8")
    huishoudens = gemeenten["aantalHuishoudens"].fillna(1000).astype(int).tolist()
    _schrijf_csv(
        map_ / "voorraad.csv",
        ["gemeente", "woningen", "doelgroep", "peiljaar"],
        [[c, w, int(w * 0.3), 2020] for c, w in zip(codes, huishoudens, strict=True)],
    )
    _schrijf_csv(
        map_ / "corporaties.csv",
        ["naam", "code", "gemeenten"],
        [
            [naam, f"L{k + 1:03d}", ",".join(codes[g] for g in sorted(werkgebied[k]))]
            for k, naam in enumerate(corporaties)
        ],
    )

    kolommen = [k for k in locaties.columns if k not in ("g", "corp")]
    tabel = pd.DataFrame(
        [[b, g, corporaties[k], d, o] for b, g, k, d, o in toew],
        columns=["bron_id", "gemeente", "corporatie", "daeb", "oplevering"],
    )
    _schrijf_gpkg(map_ / "locaties.gpkg", locaties[kolommen], tabel)
    variant = locaties[kolommen].copy()
    variant.insert(
        len(kolommen) - 1,
        "corporatie",
        [
            corporaties[k] if d > 0 else None
            for k, d in zip(locaties["corp"], locaties["daeb"], strict=True)
        ],
    )
    _schrijf_gpkg(map_ / "locaties_corporatie.gpkg", variant, None)

    # removals: one in 20 sites, a third linked to a site of the same municipality
    n_ontt = max(len(codes), aantal // 20)
    sites = rng.integers(0, len(locaties), n_ontt)
    ontt = []
    for i, s in enumerate(sites):
        rij = locaties.iloc[int(s)]
        gekoppeld = i % 3 == 0
        ontt.append(
            [
                rij["gemeente"],
                rij["bron_id"] if gekoppeld else "",
                corporaties[int(rij["corp"])],
                int(rng.integers(2021, 2031)),
                int(rng.integers(5, 200)),
                str(rng.choice(SOORTEN_ONTTREKKING)),
                "gegenereerd",
            ]
        )
    _schrijf_csv(
        map_ / "onttrekkingen.csv",
        ["gemeente", "bron_id", "corporatie", "jaar", "aantal", "soort", "opmerking"],
        ontt,
    )
    daeb_per = locaties.groupby("gemeente")["daeb"].sum()
    _schrijf_csv(
        map_ / "biedingen.csv",
        ["gemeente", "versie", "datum", "daeb", "opmerking"],
        [[c, "origineel", "2021-03-31", int(daeb_per.get(c, 0) * 0.9), ""] for c in codes],
    )

    # cases with contributions: one in 100 sites (at least 20)
    categorieen = laad_regio().categorieen
    casussen, bijdragen = [], []
    for i in range(max(20, aantal // 100)):
        g = int(rng.integers(0, len(codes)))
        potentieel = [
            {"jaar": int(rng.integers(2025, 2031)), "daeb": int(rng.integers(5, 80)), "overig": 0}
        ]
        casussen.append(
            [
                i + 1,
                codes[g],
                str(rng.choice(SOORTEN_CASUS)),
                f"Casus {i + 1} in {namen[g]}",
                "Gegenereerd voor de benchmark.",
                str(rng.choice(categorieen)),
                "1",
                "open",
                "gemeente",
                "",
                "",
                "[]",
                json.dumps(potentieel),
                "",
            ]
        )
        for partij in rng.choice(PARTIJEN, int(rng.integers(1, 4)), replace=False):
            corp = corporaties[int(rng.choice(per_gemeente[g]))] if partij == "corporatie" else ""
            bijdragen.append(
                [
                    len(bijdragen) + 1,
                    i + 1,
                    str(partij),
                    corp,
                    "Gegenereerde bijdrage",
                    str(rng.choice(SOORTEN_BIJDRAGE)),
                    "",
                    "toegezegd",
                ]
            )
    _schrijf_csv(map_ / "casussen.csv", list(KOLOMMEN_CASUS), casussen)
    _schrijf_csv(map_ / "casussen_bijdragen.csv", list(KOLOMMEN_BIJDRAGE), bijdragen)
    return {
        "gemeenten": len(codes),
        "corporaties": len(corporaties),
        "locaties": len(locaties),
        "vlakken": int((shapely.get_type_id(locaties["geometry"].to_numpy()) != 0).sum()),
        "toewijzingen": len(toew),
        "onttrekkingen": len(ontt),
        "biedingen": len(codes),
        "casussen": len(casussen),
        "bijdragen": len(bijdragen),
    }


def genereer(
    aantal: int, zaad: int = 13, cache: Path | None = None, bron: Path = CBS_GEMEENTEN
) -> Dataset:
    """The dataset of ``aantal`` sites for ``zaad``, generated once into the cache folder."""
    cache = cache or Path(tempfile.gettempdir()) / "locatieplanner-landelijk"
    map_ = cache / f"n{aantal}-z{zaad}"
    if (map_ / _KLAAR).exists():
        return Dataset(map_, aantal, zaad)
    if not bron.exists():
        raise FileNotFoundError(f"referentiedata ontbreekt: {bron}")
    cache.mkdir(parents=True, exist_ok=True)
    bezig = Path(tempfile.mkdtemp(prefix=map_.name + "-", dir=cache))
    try:
        telling = _schrijf(bezig, aantal, zaad, bron)
        (bezig / _KLAAR).write_text(json.dumps(telling), "utf-8")
        if (map_ / _KLAAR).exists():  # another process was first
            shutil.rmtree(bezig)
        else:
            shutil.rmtree(map_, ignore_errors=True)
            os.rename(bezig, map_)
    except BaseException:
        shutil.rmtree(bezig, ignore_errors=True)
        raise
    return Dataset(map_, aantal, zaad)


def laad_basis(url: str, dataset: Dataset, bron: Path = CBS_GEMEENTEN) -> None:
    """Region, boundaries, start stocks and corporations into the store at ``url``."""
    from locatieplanner.store import Store
    from locatieplanner.uitwisseling.corporaties import importeer_corporaties
    from locatieplanner.uitwisseling.gemeenten import importeer_gemeenten, importeer_voorraad

    store = Store.open(url)
    try:
        store.zet_regio(laad_regio(dataset.regio))
        importeer_gemeenten(store, bron, kolommen=GEMEENTE_KOLOMMEN)
        importeer_voorraad(store, dataset.voorraad)
        importeer_corporaties(store, dataset.corporaties)
    finally:
        store.sluit()


def laad_rest(url: str, dataset: Dataset) -> None:
    """Removals, bids and cases with contributions (after the sites: removals name them)."""
    from locatieplanner.store import Store
    from locatieplanner.uitwisseling.casussen import importeer_casussen
    from locatieplanner.uitwisseling.importeer import importeer_biedingen, importeer_onttrekkingen

    store = Store.open(url, migreer=False)
    try:
        importeer_onttrekkingen(store, dataset.onttrekkingen)
        importeer_biedingen(store, dataset.biedingen)
        importeer_casussen(store, dataset.casussen)
    finally:
        store.sluit()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("aantal", type=int, help="aantal locaties, bijv. 10000")
    parser.add_argument("--zaad", type=int, default=13, help="zaad van de toevalsgenerator")
    parser.add_argument("--cache", type=Path, help="map voor de gegenereerde bestanden")
    args = parser.parse_args(argv)
    dataset = genereer(args.aantal, args.zaad, args.cache)
    print(dataset.map)
    print(json.dumps(dataset.samenvatting))


if __name__ == "__main__":
    main()
