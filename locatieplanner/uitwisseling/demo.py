"""Load the fictitious Haaglanden example data (``geodata/``) into a fresh database."""

from __future__ import annotations

import csv
import io
import math
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..domein.model import (
    HARDE_STATUSSEN,
    LOCATIE_INVOERVELDEN,
    SEGMENTEN,
    Bod,
    Corporatie,
    Locatie,
    Onttrekking,
    Toewijzing,
    valideer_bod,
    valideer_corporatie,
    valideer_locatie,
    valideer_onttrekking,
)
from ..domein.rechten import Account
from ..domein.regio import Regio, laad_regio
from ..errors import (
    BestandFout,
    ConfiguratieFout,
    CrsFout,
    DownloadFout,
    Probleem,
    ValidatieFout,
)
from ..store import Store

__all__ = [
    "DemoRapport",
    "Voorbeelddata",
    "laad_demo",
    "lees_voorbeelddata",
    "vind_geodata",
    "BESTANDEN",
    "GEODATA_ENV",
    "PDOK_URL_ENV",
    "GEEN_GRENZEN",
    "VOORBEELDGRENZEN",
]

#: Environment variable naming the folder with the example data (e.g. for an installed wheel).
GEODATA_ENV = "LOCATIEPLANNER_GEODATA"
#: Environment variable with the base URL of PDOK's OGC API (a mirror, or a test server).
PDOK_URL_ENV = "LOCATIEPLANNER_PDOK_URL"
#: The files of the example data, all required.
BESTANDEN = (
    "voorraad.csv",
    "corporaties.csv",
    "locaties.geojson",
    "toewijzingen.csv",
    "onttrekkingen.csv",
    "biedingen.csv",
    "casussen.csv",
    "casussen_bijdragen.csv",
)
GEEN_GRENZEN = "Gemeentegrenzen niet beschikbaar (offline?): de kaart toont geen grenzen"
#: The nine Haaglanden polygons shipped with the example data (CBS 2023, CC BY 4.0): the demo's
#: boundaries without internet.
VOORBEELDGRENZEN = "gemeenten.geojson"

_LOCATIE_KOLOMMEN = LOCATIE_INVOERVELDEN
_MAX_BYTES = 20 * 1024 * 1024


# --------------------------------------------------------------------------- report


@dataclass
class DemoRapport:
    """What ``laad_demo`` loaded; ``regels()`` gives the Dutch lines for the CLI."""

    database: str
    geodata: Path
    regio: str = ""
    gemeenten: int = 0
    grenzen: str = "geen"  # "bestand", "voorbeeld", "pdok", "aanwezig" or "geen"
    grenzen_regels: list[str] = field(default_factory=list)
    corporaties: int = 0
    locaties: int = 0
    hard: int = 0
    zacht: int = 0
    vlakken: int = 0
    punten: int = 0
    toewijzingen: int = 0
    liggingen: dict[str, int] = field(default_factory=dict)
    onttrekkingen: int = 0
    biedingen: dict[str, int] = field(default_factory=dict)
    casussen: int = 0
    bijdragen: int = 0
    agendapunten: int = 0
    scenarios: int = 0
    meldingen: list[str] = field(default_factory=list)
    #: The example accounts: (name, role, what it works for).
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def heeft_grenzen(self) -> bool:
        return self.grenzen != "geen"

    def regels(self) -> list[str]:
        liggingen = ", ".join(f"{n} {k}" for k, n in sorted(self.liggingen.items()))
        biedingen = ", ".join(f"{n} {v}" for v, n in self.biedingen.items())
        uit = [
            f"Voorbeelddata {self.regio} geladen uit {self.geodata}",
            f"Database: {self.database}",
            f"  gemeenten: {self.gemeenten} met woningvoorraad eind 2020 (CBS) "
            "en fictieve doelgroepvoorraad",
        ]
        uit.extend(f"  {r}" for r in self.grenzen_regels)
        uit += [
            f"  corporaties: {self.corporaties}",
            f"  locaties: {self.locaties} ({self.hard} hard, {self.zacht} zacht; "
            f"{self.vlakken} vlakken, {self.punten} punten; ligging: {liggingen or '-'})",
            f"  toewijzingen: {self.toewijzingen}",
            f"  onttrekkingen: {self.onttrekkingen}",
            f"  biedingen: {sum(self.biedingen.values())} ({biedingen or '-'})",
            f"  kansen en knelpunten (5b): {self.casussen} casussen, {self.bijdragen} bijdragen, "
            f"{self.agendapunten} agendapunten, {self.scenarios} herfaseringsscenario's",
        ]
        uit.extend(self.meldingen)
        if self.accounts:
            uit.append(
                f"Voorbeeldaccounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD!r}; alleen "
                "voor de demo, wijzig of verwijder ze voor echt gebruik):"
            )
            uit.extend(f"  {naam:<16} {rol:<11} {waar}" for naam, rol, waar in self.accounts)
        uit.append(
            "Let op: alle plannen, corporaties, onttrekkingen, biedingen en casussen zijn FICTIEF; "
            "alleen de woningvoorraad is echt (CBS StatLine, CC BY 4.0)."
        )
        return uit


#: Password of the example accounts (printed by ``demo``; a demo, never production).
DEMO_WACHTWOORD = "demo-haaglanden"


def _maak_demo_accounts(store: Any, corporaties: list[Corporatie]) -> list[tuple[str, str, str]]:
    """One example account per role: the administrator, a planner of The Hague, the first
    corporation and the province."""
    corporatie = corporaties[0].naam
    accounts = [
        Account("beheerder", "beheerder", weergavenaam="Beheerder (voorbeeld)"),
        Account(
            "gemeente",
            "gemeente",
            gemeenten=("GM0518",),
            weergavenaam="Planner Den Haag (voorbeeld)",
        ),
        Account(
            "corporatie",
            "corporatie",
            corporatie=corporatie,
            weergavenaam=f"{corporatie} (voorbeeld)",
        ),
        Account("provincie", "provincie", weergavenaam="Provincie Zuid-Holland (voorbeeld)"),
    ]
    uit = []
    for a in accounts:
        store.accounts_repo.maak(a, DEMO_WACHTWOORD)
        waar = (
            ", ".join(a.gemeenten)
            or a.corporatie
            or ("hele regio" if a.rol == "provincie" else "alles")
        )
        uit.append((a.naam, a.rol, waar))
    return uit


# --------------------------------------------------------------------------- finding the data


def vind_geodata(geodata: str | os.PathLike[str] | None = None) -> Path:
    """The folder with the example data: ``geodata``, else ``$LOCATIEPLANNER_GEODATA``, else the
    ``geodata/`` folder of the source checkout next to the package."""
    if geodata is not None:
        map_, herkomst = Path(geodata), "opgegeven map"
    elif os.environ.get(GEODATA_ENV):
        map_, herkomst = Path(os.environ[GEODATA_ENV]), GEODATA_ENV
    else:
        map_, herkomst = Path(__file__).resolve().parents[2] / "geodata", "broncode"
    ontbreekt = [b for b in BESTANDEN if not (map_ / b).is_file()]
    if ontbreekt:
        raise ConfiguratieFout(
            f"Voorbeelddata niet gevonden in {map_} ({herkomst}): ontbreekt "
            + ", ".join(ontbreekt)
            + f". Zet {GEODATA_ENV} op de map geodata/ van de locatieplanner-broncode."
        )
    return map_


# --------------------------------------------------------------------------- reading


@dataclass
class Voorbeelddata:
    """The parsed and checked example data (nothing stored yet)."""

    map: Path
    corporaties: list[Corporatie]
    locaties: list[Locatie]
    #: Removals with the (gemeente, bron_id) of the site they make room for, or None.
    onttrekkingen: list[tuple[Onttrekking, tuple[str, str] | None]]
    biedingen: list[Bod]


def _lees_csv(
    pad: Path, kolommen: Iterable[str], verplicht: Iterable[str]
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a ``;``-separated UTF-8 CSV as (line number, {column: stripped text})."""
    kolommen = tuple(kolommen)
    naam = pad.name
    try:
        if pad.stat().st_size > _MAX_BYTES:
            raise BestandFout(f"{naam} is groter dan {_MAX_BYTES // (1024 * 1024)} MB")
        tekst = pad.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BestandFout(f"{naam} is geen UTF-8-tekst (byte {e.start})") from e
    except OSError as e:
        raise BestandFout(f"{naam} kan niet worden gelezen: {e.strerror}") from e
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=";")
    try:
        kop = [k.strip().lower() for k in next(lezer, [])]
        onbekend = [k for k in kop if k not in kolommen]
        ontbreekt = [k for k in verplicht if k not in kop]
        if onbekend or ontbreekt or len(set(kop)) != len(kop):
            raise BestandFout(
                f"{naam}: kopregel {';'.join(kop)!r} klopt niet; verwacht {';'.join(kolommen)} "
                f"(verplicht: {', '.join(verplicht)})"
            )
        rijen = []
        for cellen in lezer:
            if not any(c.strip() for c in cellen):
                continue
            if len(cellen) != len(kop):
                raise BestandFout(
                    f"{naam} regel {lezer.line_num}: {len(cellen)} waarden, verwacht {len(kop)} "
                    "gescheiden door ';'"
                )
            rij = {k: "" for k in kolommen}
            rij.update({k: c.strip() for k, c in zip(kop, cellen, strict=True)})
            rijen.append((lezer.line_num, rij))
    except csv.Error as e:
        raise BestandFout(f"{naam} regel {lezer.line_num}: geen geldige CSV ({e})") from e
    return rijen


def _geheel(
    tekst: str, veld: str, item: str, problemen: list[Probleem], verplicht: bool = True
) -> int | None:
    if tekst == "":
        if verplicht:
            problemen.append(Probleem(veld, tekst, "is verplicht (een geheel getal)", item))
        return None
    try:
        return int(tekst)
    except ValueError:
        problemen.append(Probleem(veld, tekst, "moet een geheel getal zijn", item))
        return None


def _waarde(v: Any) -> Any:
    """A GeoDataFrame cell as a plain Python value: NaN/None -> None, whole floats -> int."""
    if v is None:
        return None
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v.is_integer():
            return int(v)
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _lees_corporaties(pad: Path, regio: Regio, problemen: list[Probleem]) -> list[Corporatie]:
    uit: list[Corporatie] = []
    for regel, r in _lees_csv(pad, ("naam", "code", "gemeenten"), ("naam",)):
        item = f"{pad.name} regel {regel}"
        gebied = [c.strip() for c in r["gemeenten"].replace(" ", ",").split(",") if c.strip()]
        for code in gebied:
            if code not in regio.gemeenten:
                problemen.append(
                    Probleem(
                        "gemeenten",
                        code,
                        "geen gemeente van de regio; toegestaan zijn " + ", ".join(regio.codes),
                        item,
                    )
                )
        c = Corporatie(r["naam"], r["code"] or None, gebied)
        problemen.extend(
            Probleem(p.veld, p.waarde, p.melding, f"{item} ({p.item})")
            for p in valideer_corporatie(c)
        )
        if any(c.naam == ander.naam for ander in uit):
            problemen.append(Probleem("naam", c.naam, "komt dubbel voor", item))
        uit.append(c)
    return uit


def _lees_locaties(pad: Path, problemen: list[Probleem]) -> list[Locatie]:
    import pyogrio

    try:
        if pad.stat().st_size > _MAX_BYTES:
            raise BestandFout(f"{pad.name} is groter dan {_MAX_BYTES // (1024 * 1024)} MB")
        # The prefix forces GDAL's GeoJSON driver: no content sniffing (e.g. an OGR VRT).
        tabel = pyogrio.read_dataframe(f"GeoJSON:{pad}")
    except OSError as e:
        raise BestandFout(f"{pad.name} kan niet worden gelezen: {e.strerror}") from e
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as e:
        raise BestandFout(f"{pad.name} is geen leesbare GeoJSON: {e}") from e
    if tabel.crs is None or tabel.crs.to_epsg() != 28992:
        raise CrsFout(
            f"{pad.name} heeft CRS {tabel.crs.to_string() if tabel.crs else 'geen'}; verwacht "
            "EPSG:28992 (RD New) met een crs-lid urn:ogc:def:crs:EPSG::28992"
        )
    kolommen = [k for k in tabel.columns if k != "geometry"]
    onbekend = sorted(set(kolommen) - set(_LOCATIE_KOLOMMEN))
    ontbreekt = [k for k in _LOCATIE_KOLOMMEN if k not in kolommen]
    if onbekend or ontbreekt:
        raise BestandFout(
            f"{pad.name}: eigenschappen kloppen niet (ontbreekt: {', '.join(ontbreekt) or '-'}; "
            f"onbekend: {', '.join(onbekend) or '-'}); verwacht {', '.join(_LOCATIE_KOLOMMEN)}"
        )
    uit: list[Locatie] = []
    gezien: set[tuple[str, str]] = set()
    for nummer, (rij, geom) in enumerate(
        zip(tabel[list(_LOCATIE_KOLOMMEN)].to_dict("records"), tabel.geometry, strict=True),
        start=1,
    ):
        w = {k: _waarde(v) for k, v in rij.items()}
        for k in ("bron_id", "gemeente", "status"):
            if w[k] is not None:
                w[k] = str(w[k]).strip()
        for seg in SEGMENTEN:
            if w[seg] is None:
                w[seg] = 0
        loc = Locatie(geometry=geom, **w)
        item = f"{pad.name} object {nummer} ({loc.bron_id or loc.naam})"
        if not loc.bron_id or not loc.gemeente:
            problemen.append(Probleem("bron_id/gemeente", None, "zijn verplicht", item))
        sleutel = (loc.gemeente, loc.bron_id)
        if sleutel in gezien:
            problemen.append(Probleem("bron_id", loc.bron_id, "komt dubbel voor", item))
        gezien.add(sleutel)
        uit.append(loc)
    return uit


def _lees_toewijzingen(
    pad: Path,
    locaties: dict[tuple[str, str], Locatie],
    corporaties: set[str],
    problemen: list[Probleem],
) -> None:
    kolommen = ("bron_id", "gemeente", "corporatie", "daeb", "oplevering")
    for regel, r in _lees_csv(pad, kolommen, kolommen[:4]):
        item = f"{pad.name} regel {regel}"
        loc = locaties.get((r["gemeente"], r["bron_id"]))
        if loc is None:
            problemen.append(
                Probleem("bron_id", f"{r['gemeente']} {r['bron_id']}", "onbekende locatie", item)
            )
            continue
        if r["corporatie"] not in corporaties:
            problemen.append(
                Probleem("corporatie", r["corporatie"], "staat niet in corporaties.csv", item)
            )
        daeb = _geheel(r["daeb"], "daeb", item, problemen)
        jaar = _geheel(r["oplevering"], "oplevering", item, problemen, verplicht=False)
        if daeb is not None:
            loc.toewijzingen.append(Toewijzing(r["corporatie"], daeb, jaar))


def _lees_onttrekkingen(
    pad: Path,
    regio: Regio,
    locaties: dict[tuple[str, str], Locatie],
    corporaties: set[str],
    problemen: list[Probleem],
) -> list[tuple[Onttrekking, tuple[str, str] | None]]:
    kolommen = ("gemeente", "bron_id", "corporatie", "jaar", "aantal", "soort", "opmerking")
    uit: list[tuple[Onttrekking, tuple[str, str] | None]] = []
    for regel, r in _lees_csv(pad, kolommen, ("gemeente", "jaar", "aantal", "soort")):
        item = f"{pad.name} regel {regel}"
        if r["gemeente"] not in regio.gemeenten:
            problemen.append(
                Probleem("gemeente", r["gemeente"], "geen gemeente van de regio", item)
            )
        sleutel = None
        if r["bron_id"]:
            sleutel = (r["gemeente"], r["bron_id"])
            if sleutel not in locaties:
                problemen.append(
                    Probleem("bron_id", r["bron_id"], f"onbekende locatie in {r['gemeente']}", item)
                )
        if r["corporatie"] and r["corporatie"] not in corporaties:
            problemen.append(
                Probleem("corporatie", r["corporatie"], "staat niet in corporaties.csv", item)
            )
        jaar = _geheel(r["jaar"], "jaar", item, problemen)
        aantal = _geheel(r["aantal"], "aantal", item, problemen)
        if jaar is None or aantal is None:
            continue
        o = Onttrekking(
            r["gemeente"],
            jaar,
            aantal,
            r["soort"],
            r["corporatie"] or None,
            None,
            r["opmerking"] or None,
        )
        problemen.extend(
            Probleem(p.veld, p.waarde, p.melding, item) for p in valideer_onttrekking(o)
        )
        uit.append((o, sleutel))
    return uit


def _lees_biedingen(pad: Path, regio: Regio, problemen: list[Probleem]) -> list[Bod]:
    kolommen = ("gemeente", "versie", "datum", "daeb", "opmerking")
    uit: list[Bod] = []
    for regel, r in _lees_csv(pad, kolommen, kolommen[:4]):
        item = f"{pad.name} regel {regel}"
        if r["gemeente"] not in regio.gemeenten:
            problemen.append(
                Probleem("gemeente", r["gemeente"], "geen gemeente van de regio", item)
            )
        try:
            datum = date.fromisoformat(r["datum"])
        except ValueError:
            problemen.append(Probleem("datum", r["datum"], "moet een datum JJJJ-MM-DD zijn", item))
            continue
        daeb = _geheel(r["daeb"], "daeb", item, problemen)
        if daeb is None:
            continue
        b = Bod(r["gemeente"], r["versie"], datum, daeb, r["opmerking"] or None)
        problemen.extend(Probleem(p.veld, p.waarde, p.melding, item) for p in valideer_bod(b))
        uit.append(b)
    return uit


def lees_voorbeelddata(map_: Path, regio: Regio | None = None) -> Voorbeelddata:
    """Read and check all example files (except the stock, which the store checks) without
    touching a database; :class:`ValidatieFout` lists every problem with file and line."""
    regio = regio or laad_regio()
    problemen: list[Probleem] = []
    corporaties = _lees_corporaties(map_ / "corporaties.csv", regio, problemen)
    namen = {c.naam for c in corporaties}
    locaties = _lees_locaties(map_ / "locaties.geojson", problemen)
    per_sleutel = {(loc.gemeente, loc.bron_id): loc for loc in locaties}
    for loc in locaties:
        if loc.gemeente not in regio.gemeenten:
            problemen.append(
                Probleem(
                    "gemeente",
                    loc.gemeente,
                    "geen gemeente van de regio; toegestaan zijn " + ", ".join(regio.codes),
                    f"locaties.geojson {loc.bron_id}",
                )
            )
    _lees_toewijzingen(map_ / "toewijzingen.csv", per_sleutel, namen, problemen)
    for loc in locaties:
        problemen.extend(valideer_locatie(loc))
    onttrekkingen = _lees_onttrekkingen(
        map_ / "onttrekkingen.csv", regio, per_sleutel, namen, problemen
    )
    biedingen = _lees_biedingen(map_ / "biedingen.csv", regio, problemen)
    if problemen:
        raise ValidatieFout(
            problemen,
            f"Voorbeelddata in {map_} klopt niet; er is niets geladen: "
            + "; ".join(str(p) for p in problemen[:20])
            + (f" (en nog {len(problemen) - 20})" if len(problemen) > 20 else ""),
        )
    return Voorbeelddata(map_, corporaties, locaties, onttrekkingen, biedingen)


# --------------------------------------------------------------------------- the database


def _sqlite_pad(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory SQLite."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        return None
    return Path(url.database)


def _gegevens(store: Store) -> dict[str, int]:
    """Rows that the demo would add to or mix with (sites, corporations, removals, bids)."""
    tellingen = store.tellingen()
    return {
        k: tellingen[k] for k in ("locatie", "corporatie", "onttrekking", "bod") if tellingen[k]
    }


def _verse_store(database_url: str, opnieuw: bool) -> Store:
    store = Store.open(database_url, gebruiker="demo")
    aanwezig = _gegevens(store)
    if not aanwezig:
        return store
    meervoud = {
        "locatie": "locaties",
        "corporatie": "corporaties",
        "onttrekking": "onttrekkingen",
        "bod": "biedingen",
    }
    beschrijving = ", ".join(f"{n} {meervoud[k]}" for k, n in aanwezig.items())
    pad = _sqlite_pad(database_url)
    if not opnieuw:
        store.sluit()
        raise ConfiguratieFout(
            f"De database {database_url} bevat al gegevens ({beschrijving}); de voorbeelddata "
            "wordt alleen in een lege database geladen. Gebruik --opnieuw om de database weg te "
            "gooien en opnieuw te beginnen, of kies een andere database met --database."
        )
    store.sluit()
    if pad is None:
        raise ConfiguratieFout(
            f"De database {database_url} bevat al gegevens ({beschrijving}); opnieuw beginnen "
            "kan alleen met een SQLite-bestand. Maak deze database zelf leeg of kies een "
            "andere database."
        )
    for bestand in (pad, *(pad.with_name(pad.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            bestand.unlink(missing_ok=True)
        except OSError as e:
            raise ConfiguratieFout(
                f"De database {bestand} kan niet worden verwijderd: {e.strerror}"
            ) from e
    return Store.open(database_url, gebruiker="demo")


def _laad_grenzen(
    store: Store,
    rapport: DemoRapport,
    gemeenten_pad: str | os.PathLike[str] | None,
    download: bool,
    pdok_url: str | None,
    timeout: float,
    voorbeeld: Path | None,
) -> None:
    from .gemeenten import importeer_gemeenten

    if gemeenten_pad is not None:
        r = importeer_gemeenten(store, gemeenten_pad)
        rapport.grenzen = "bestand"
        rapport.grenzen_regels = list(r.regels())
    elif store.heeft_grenzen():
        aantal = store.tellingen()["gemeentegrenzen"]
        rapport.grenzen = "aanwezig"
        rapport.grenzen_regels = [f"Gemeentegrenzen: al aanwezig in de database ({aantal})."]
    elif download:
        from .pdok import download_gemeenten

        url = pdok_url or os.environ.get(PDOK_URL_ENV) or None
        try:
            r = download_gemeenten(store, url=url, timeout=timeout)
        except DownloadFout as fout:
            rapport.grenzen_regels = [f"{GEEN_GRENZEN} ({fout.melding})"]
        else:
            rapport.grenzen = "pdok"
            rapport.grenzen_regels = list(r.regels())
    if rapport.grenzen == "geen" and voorbeeld is not None:
        r = importeer_gemeenten(store, voorbeeld)
        rapport.grenzen = "voorbeeld"
        rapport.grenzen_regels = [
            *rapport.grenzen_regels,
            f"Gemeentegrenzen: de {r.aantal} gegeneraliseerde grenzen van de voorbeelddata "
            f"({voorbeeld.name}; CBS Wijk- en Buurtkaart 2023, CC BY 4.0); officiële grenzen: "
            "'locatieplanner gemeenten download'",
        ]
    elif rapport.grenzen == "geen" and not download:
        rapport.grenzen_regels = [f"{GEEN_GRENZEN} (download overgeslagen)"]
    if rapport.grenzen == "geen":
        return
    if not store.heeft_grenzen():
        rapport.grenzen = "geen"
        rapport.grenzen_regels.append(GEEN_GRENZEN)
        return
    zonder = [
        f"{g.gemeente} {g.naam}" for g in store.gemeenten(alleen_regio=True) if g.geometry is None
    ]
    if zonder:
        rapport.meldingen.append(
            "Let op: geen grens voor " + ", ".join(zonder) + "; locaties daar liggen volgens "
            "de kaart buiten de regio (ligging 'buiten')."
        )


def _maak_agenda_en_scenarios(store: Any) -> tuple[int, int]:
    """The fictitious conversation agenda of every municipality (start meeting, an item per case
    with its carrying parties, a corporation's mark "huurdersorganisatie geïnformeerd") and, for
    every municipality whose stock dips because of a removal, a re-phasing scenario that moves
    that removal to the recovery year, linked to one of its bottlenecks. Returns the numbers of
    agenda items and scenarios."""
    import pandas as pd

    from ..analyse import analyseer
    from ..domein.agenda import Agendapunt, Geinformeerd, Startoverleg
    from ..domein.scenario import Scenario, Stap

    regio = store.regio()
    corporaties = store.corporaties()
    punten = 0
    for code, naam in regio.gemeenten.items():
        hier = [c.naam for c in corporaties if code in c.gemeenten]
        store.zet_startoverleg(
            Startoverleg(
                code,
                date(2022, 1, 20),
                [f"gemeente {naam}", *hier, "provincie Zuid-Holland"],
                "Fictief startoverleg",
            )
        )
        for i, casus in enumerate(store.casussen(gemeente=code)):
            store.voeg_agendapunt_toe(
                Agendapunt(
                    code,
                    casus.titel,
                    "gemeente",
                    casussen=[casus.id],
                    trekkers=["gemeente", *hier[:1]],
                    datum=date(2022, 3, 15),
                    status="besproken" if i == 0 else "geagendeerd",
                    uitkomst="Fictief: vervolgafspraak gemaakt" if i == 0 else None,
                )
            )
            punten += 1
        if hier:
            store.zet_geinformeerd(Geinformeerd(code, hier[0], date(2022, 4, 1), "Fictief"))
    scenarios = 0
    a = analyseer(store)
    gedaan: set[str] = set()
    for d in a.dalingen.itertuples(index=False):
        if d.scenario != "totaal" or d.gemeente in gedaan or not d.onttrekkingen:
            continue
        ontt = d.onttrekkingen[0]
        if ontt["id"] is None:
            continue
        jaar = d.jaar + 2 if pd.isna(d.herstel) else int(d.herstel)
        knelpunt = next(
            (c.id for c in store.casussen(gemeente=d.gemeente) if c.soort == "knelpunt"), None
        )
        store.voeg_scenario_toe(
            Scenario(
                f"Sloop later ({ontt['soort']} {ontt['aantal']} naar {jaar})",
                d.gemeente,
                [Stap("onttrekking_verschuiven", ontt["id"], jaar=jaar)],
                toelichting="Fictief voorbeeld: de onttrekking volgt op de vervangende nieuwbouw.",
                casus=knelpunt,
                status="voorgesteld",
            )
        )
        gedaan.add(d.gemeente)
        scenarios += 1
    return punten, scenarios


def laad_demo(
    database_url: str,
    gemeenten_pad: str | os.PathLike[str] | None = None,
    download: bool = False,
    opnieuw: bool = False,
    geodata: str | os.PathLike[str] | None = None,
    pdok_url: str | None = None,
    timeout: float = 15.0,
    voorbeeldgrenzen: bool = True,
) -> DemoRapport:
    """Load the fictitious example data into an empty database at ``database_url``.

    Boundaries come from ``gemeenten_pad`` (any file :func:`importeer_gemeenten` reads), else
    (with ``download``) from PDOK (``pdok_url`` or ``$LOCATIEPLANNER_PDOK_URL``, else PDOK
    itself), else (and when the download fails) from the nine generalised CBS polygons shipped
    with the example data (:data:`VOORBEELDGRENZEN`; ``voorbeeldgrenzen=False`` skips them). A database that
    already holds sites, corporations, removals or bids is refused unless ``opnieuw``, which
    deletes a SQLite file first. All files are read and checked before anything is stored.
    """
    map_ = vind_geodata(geodata)
    regio = laad_regio()
    data = lees_voorbeelddata(map_, regio)
    store = _verse_store(database_url, opnieuw)
    rapport = DemoRapport(database=database_url, geodata=map_, regio=regio.naam)
    try:
        store.zet_regio(regio)
        from .gemeenten import importeer_voorraad

        importeer_voorraad(store, map_ / "voorraad.csv")
        rapport.gemeenten = sum(1 for g in store.gemeenten(alleen_regio=True) if g.woningen)
        voorbeeld = map_ / VOORBEELDGRENZEN
        _laad_grenzen(
            store,
            rapport,
            gemeenten_pad,
            download,
            pdok_url,
            timeout,
            voorbeeld if voorbeeldgrenzen and voorbeeld.is_file() else None,
        )
        for c in data.corporaties:
            store.bewaar_corporatie(c)
        rapport.corporaties = len(data.corporaties)
        # Sites, removals and bids each in one transaction (all or nothing).
        uitslag = store.importeer_locaties(
            data.locaties, labels=[f"locatie {loc.bron_id!r}" for loc in data.locaties]
        )
        ids = {
            (loc.gemeente, loc.bron_id): lid
            for loc, lid in zip(data.locaties, uitslag["ids"], strict=True)
        }
        for loc in data.locaties:
            if loc.status in HARDE_STATUSSEN:
                rapport.hard += 1
            else:
                rapport.zacht += 1
            if loc.geometry.geom_type == "Point":
                rapport.punten += 1
            else:
                rapport.vlakken += 1
            rapport.toewijzingen += len(loc.toewijzingen)
        rapport.locaties = len(data.locaties)
        rapport.liggingen = dict(Counter(uitslag["liggingen"]))
        for o, sleutel in data.onttrekkingen:
            o.locatie = ids[sleutel] if sleutel else None
        store.importeer_onttrekkingen([o for o, _ in data.onttrekkingen])
        rapport.onttrekkingen = len(data.onttrekkingen)
        store.importeer_biedingen(data.biedingen)
        rapport.biedingen = dict(Counter(b.versie for b in data.biedingen))
        # The cases name their sites by the ids the sites got above, in file order.
        if uitslag["ids"] != list(range(1, len(data.locaties) + 1)):
            raise ConfiguratieFout(
                "De voorbeeldcasussen verwijzen naar locaties 1 tot en met "
                f"{len(data.locaties)}, maar de database gaf andere nummers; laad de voorbeelddata "
                "in een lege database (locatieplanner demo --opnieuw)."
            )
        from .casussen import importeer_casussen

        casusrapport = importeer_casussen(store, map_ / "casussen.csv")
        rapport.casussen = casusrapport.casussen.get("toegevoegd", 0)
        rapport.bijdragen = casusrapport.bijdragen.get("toegevoegd", 0)
        rapport.agendapunten, rapport.scenarios = _maak_agenda_en_scenarios(store)
        rapport.accounts = _maak_demo_accounts(store, data.corporaties)
    finally:
        store.sluit()
    if rapport.grenzen == "geen":
        rapport.meldingen.append(
            "Zonder grenzen is de gemeente van elke locatie die uit het bestand (ligging "
            "'onbekend'). Met grenzen: 'locatieplanner demo --opnieuw --gemeenten PAD' "
            "(of --opnieuw met internet voor de PDOK-download)."
        )
    return rapport
