"""Command line: a thin click wrapper around the library; library errors become ClickExceptions."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .geheugen import zonder_gc

# Importing the store (SQLAlchemy, pandas, shapely) makes hundreds of thousands of long-lived
# objects; the cyclic garbage collector would scan them again and again while they are made
# (a tenth of a command's start). Nothing made here is garbage.
with zonder_gc():
    import click

    from .config import Instellingen, laad_instellingen
    from .errors import GeenToegang, LocatieplannerError
    from .store import Store

__all__ = ["main", "start"]


def _fouten_netjes(functie: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library exceptions into a Dutch ``click.ClickException`` (exit code 1)."""

    @functools.wraps(functie)
    def omhulsel(*args: Any, **kwargs: Any) -> Any:
        try:
            return functie(*args, **kwargs)
        except LocatieplannerError as fout:
            raise click.ClickException(_cli_tekst(fout.melding)) from fout

    return omhulsel


#: The settings that library messages name (as on the web pages), with the CLI option that
#: gives each: the CLI shows the option instead.
_OPTIES = {
    "de instelling 'CRS'": "--crs",
    "de instelling 'Laag'": "--laag NAAM",
    "de instelling 'Tekencodering'": "--codering",
    "de instelling 'Kolomkoppeling'": "--kolom VELD=BRONKOLOM",
    "de instelling 'Toewijzingen'": "--toewijzingen PAD",
    "de instelling 'Nieuwe corporaties registreren'": "--nieuwe-corporaties",
}


def _cli_tekst(tekst: str) -> str:
    """A library message in the CLI's words: each setting it names becomes the option."""
    for instelling, optie in _OPTIES.items():
        tekst = tekst.replace(instelling, optie)
    return tekst


#: The access rules of commands: ``beheerder`` (only the server's administrator, or ``--als`` an
#: administrator account) and ``aangemeld`` (any account; the library decides what it may change).
REGELS = ("beheerder", "aangemeld")


def _regel(soort: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command its access rule, checked before it runs (tests/test_toegang.py checks that
    every command has one)."""
    if soort not in REGELS:
        raise ValueError(f"regel {soort!r}: toegestaan zijn {', '.join(REGELS)}")

    def zet(functie: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(functie)
        def omhulsel(*args: Any, **kwargs: Any) -> Any:
            click.get_current_context().find_object(_Context).controleer(soort)
            return functie(*args, **kwargs)

        omhulsel.lp_regel = soort  # type: ignore[attr-defined]
        return omhulsel

    return zet


class _Context:
    def __init__(self, database: str | None, als: str | None = None) -> None:
        self._database = database
        self._als = als
        self._instellingen: Instellingen | None = None
        self._app: Any = None

    @property
    def instellingen(self) -> Instellingen:
        if self._instellingen is None:
            overrides = {"DATABASE_URL": self._database} if self._database else None
            self._instellingen = laad_instellingen(overrides)
        return self._instellingen

    @property
    def app(self) -> Any:
        if self._app is None:
            from .web import create_app

            self._app = create_app(instellingen=self.instellingen)
        return self._app

    @property
    def database_url(self) -> str:
        return self.instellingen.database_url

    @property
    def limieten(self) -> Any:
        """The limits for files from outside, from the installation's settings."""
        from .uitwisseling.bestanden import Limieten

        return Limieten.uit_instellingen(self.instellingen.als_mapping())

    def controleer(self, regel: str) -> None:
        """Refuse a command for administrators when ``--als`` names another account."""
        if self._als is None:
            return
        store = Store.open(self.database_url, gebruiker="cli")
        try:
            account = store.accounts_repo.haal(self._als)
        finally:
            store.sluit()
        if not account.actief:
            raise GeenToegang(f"Account {self._als!r} is geblokkeerd")
        if regel == "beheerder" and account.rol != "beheerder":
            opdracht = click.get_current_context().command_path
            raise GeenToegang(
                f"'{opdracht}' is alleen voor beheerders; account {account.omschrijving} mag "
                "dit niet"
            )
        self._account = account

    def store(self, migreer: bool = True) -> Store:
        """The store, acting for ``--als`` (that account's rights) or for the server's
        administrator ``cli``."""
        store = Store.open(self.database_url, gebruiker="cli", migreer=migreer)
        account = getattr(self, "_account", None)
        return store if account is None else store.als(account)


def _bron(store: Any, peildatum_naam: str | None) -> tuple[Any, Any]:
    """What a command reads: the store, or the frozen state ``peildatum_naam`` with its date."""
    if peildatum_naam is None:
        return store, None
    stand = store.peilstand(peildatum_naam)
    return stand, stand.datum


def _kolommen(waarden: tuple[str, ...]) -> dict[str, str]:
    uit = {}
    for w in waarden:
        if "=" not in w:
            raise click.BadParameter(
                f"{w!r}: gebruik veld=BRONKOLOM, bijvoorbeeld naam=GM_NAAM", param_hint="--kolom"
            )
        veld, bron = w.split("=", 1)
        uit[veld.strip()] = bron.strip()
    return uit


def _codes(waarde: str | None) -> list[str] | None:
    if not waarde:
        return None
    return [c.strip() for c in waarde.split(",") if c.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    envvar="LOCATIEPLANNER_DATABASE_URL",
    metavar="URL",
    help="Database-URL (standaard: SQLite-bestand in de instance-map; "
    "ook via LOCATIEPLANNER_DATABASE_URL), bijv. postgresql+psycopg://user@host/db.",
)
@click.option(
    "--als",
    envvar="LOCATIEPLANNER_ALS",
    metavar="ACCOUNT",
    help="Voer de opdracht uit als dit account, met zijn rechten (standaard: de beheerder van "
    "de server, 'cli'); opdrachten voor beheerders weigeren andere accounts.",
)
@click.version_option(package_name="locatieplanner")
@click.pass_context
def main(ctx: click.Context, database: str | None, als: str | None) -> None:
    """locatieplanner: plan waar sociale huurwoningen (DAEB) tot 2030 worden gebouwd."""
    ctx.obj = _Context(database, als)


#: Set by :func:`start` (the program, not a test's ``CliRunner``): the results that commands
#: leave to the end of the process (see :func:`_snel_einde`); None when nobody asked.
_tot_einde: list[Any] | None = None
_als_programma = False


def _snel_einde(*resultaten: Any) -> None:
    """Let the program end without the interpreter's teardown once this command is done
    (:func:`start`), keeping ``resultaten`` until then: freeing 100,000 geometries, the
    analysis' tables and every module's objects one by one costs a tenth to a third of a
    second that nobody waits for. Only for commands that write nothing to the database (the
    store is closed before the end). Run inside another program (tests), this does nothing."""
    global _tot_einde
    if _als_programma:
        _tot_einde = [*(_tot_einde or []), *resultaten]


def start() -> None:
    """The program ``locatieplanner`` (and ``python -m locatieplanner``): :func:`main`, and for a
    command that asked for it (:func:`_snel_einde`) the process ends as soon as the command is
    done: the exit handlers run and the output is flushed, then ``os._exit`` skips freeing the
    objects one by one. Any other thread still running, an exit code that is not a number, or a
    profiler or tracer watching (``python -m cProfile``, a debugger: they write their results
    after the program returns) ends the normal way."""
    global _als_programma
    _als_programma = True
    try:
        main(prog_name="locatieplanner")
    except SystemExit as einde:
        code = einde.code
    else:  # pragma: no cover - click's standalone mode always exits
        code = 0
    code = 0 if code is None else code
    if (
        _tot_einde is None
        or not isinstance(code, int)
        or threading.active_count() > 1
        or sys.getprofile() is not None
        or sys.gettrace() is not None
    ):
        raise SystemExit(code)
    atexit._run_exitfuncs()  # logging's and the library's handlers, as at a normal end
    for stroom in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe, as at a normal end
            stroom.flush()
    os._exit(code)


def _serveer_opties(functie: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``serve`` and ``demo``: address, port, workers, threads, debug."""
    for optie in reversed(
        [
            click.option(
                "--host", default="127.0.0.1", show_default=True, help="Adres van de webserver."
            ),
            click.option(
                "--port", default=5000, show_default=True, type=int, help="Poort van de webserver."
            ),
            click.option(
                "--workers",
                default=2,
                show_default=True,
                type=click.IntRange(1, 64),
                help="Aantal serverprocessen.",
            ),
            click.option(
                "--threads",
                default=4,
                show_default=True,
                type=click.IntRange(1, 256),
                help="Aantal threads per serverproces (gelijktijdige verzoeken per proces).",
            ),
            click.option(
                "--debug",
                is_flag=True,
                help="Flask-ontwikkelserver met debugmodus in plaats van de productieserver "
                "(nooit in productie).",
            ),
        ]
    ):
        functie = optie(functie)
    return functie


@main.command()
@click.option(
    "--regio",
    "regio_pad",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML-bestand met de regio (naam, periode, doel, gemeenten); standaard Haaglanden.",
)
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def init(obj: _Context, regio_pad: Path | None) -> None:
    """Maak de database aan (of werk het schema bij) en leg de regio vast."""
    from .domein.regio import laad_regio

    regio = laad_regio(regio_pad)
    store = obj.store()
    store.zet_regio(regio)
    click.echo(
        f"Database klaar ({store.schema_versie()}): regio {regio.naam}, "
        f"{len(regio.gemeenten)} gemeenten, {regio.van}-{regio.tot}, doel netto +{regio.doel_netto}."
    )


# --------------------------------------------------------------------------- schema


@main.command()
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def migreer(obj: _Context) -> None:
    """Werk het databaseschema bij naar de nieuwste versie; de gegevens blijven zoals ze zijn.

    Draai dit eenmalig vóór u app-servers met een nieuwe versie start: een server migreert een
    actueel schema nooit en neemt dan geen schrijfslot.
    """
    store = obj.store(migreer=False)
    try:
        voor = store.schema_versie()
        store.migreer()
        na = store.schema_versie()
    finally:
        store.sluit()
    if voor == na:
        click.echo(f"Het databaseschema is al actueel ({na}).")
    else:
        click.echo(f"Databaseschema bijgewerkt van {voor or 'leeg'} naar {na}.")


@main.command()
@click.option(
    "--gemeenten",
    "gemeenten_pad",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Bestand met gemeentegrenzen (GeoJSON, GeoPackage, shapefile) in plaats van de "
    "meegeleverde grenzen.",
)
@click.option(
    "--pdok",
    is_flag=True,
    help="Download de officiële gemeentegrenzen bij PDOK (internet nodig); standaard de "
    "meegeleverde grenzen van de voorbeelddata.",
)
@click.option("--geen-download", is_flag=True, hidden=True, help="Verouderd: standaard al zo.")
@click.option("--opnieuw", is_flag=True, help="Gooi een bestaande database weg en begin opnieuw.")
@click.option(
    "--niet-starten", is_flag=True, help="Laad alleen de voorbeelddata; start de webapp niet."
)
@_serveer_opties
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def demo(
    obj: _Context,
    gemeenten_pad: Path | None,
    pdok: bool,
    geen_download: bool,
    opnieuw: bool,
    niet_starten: bool,
    host: str,
    port: int,
    workers: int,
    threads: int,
    debug: bool,
) -> None:
    """Laad de (fictieve) voorbeelddata van Haaglanden en start de webapp.

    Bevat de database al gegevens, dan start de webapp daarop (zonder iets te laden);
    --opnieuw laadt de voorbeelddata opnieuw in een lege database.
    """
    from .uitwisseling.demo import laad_demo

    aanwezig = 0 if opnieuw else _aantal_gegevens(obj)
    if aanwezig and not niet_starten:
        click.echo(
            f"De database {obj.database_url} bevat al planningsgegevens ({aanwezig} items): de "
            "webapp start daarop. Gebruik --opnieuw om de voorbeelddata opnieuw te laden."
        )
    else:
        rapport = laad_demo(
            obj.database_url,
            gemeenten_pad=gemeenten_pad,
            download=pdok and not geen_download,
            opnieuw=opnieuw,
        )
        for regel in rapport.regels():
            click.echo(regel)
    if not niet_starten:
        _start_webapp(obj, host, port, workers, threads, debug)


def _aantal_gegevens(obj: _Context) -> int:
    """Sites plus other planning items already in the database (0 when empty or new)."""
    store = obj.store()
    try:
        tellingen = store.tellingen()
    finally:
        store.sluit()
    return sum(tellingen[k] for k in ("locatie", "corporatie", "onttrekking", "bod"))


def _start_webapp(
    obj: _Context, host: str, port: int, workers: int, threads: int, debug: bool
) -> None:
    click.echo(f"Webapp op http://{host}:{port}/ (stoppen met Ctrl+C)")
    if debug:
        obj.app.run(host=host, port=port, debug=True)
        return
    from .web import create_app
    from .web.server import start_productieserver

    instellingen = dataclasses.replace(
        obj.instellingen, overig={**obj.instellingen.overig, "SERVE_HOST": host}
    )
    start_productieserver(
        functools.partial(create_app, instellingen=instellingen),
        host,
        port,
        workers=workers,
        threads=threads,
    )


@main.command()
@_serveer_opties
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def serve(obj: _Context, host: str, port: int, workers: int, threads: int, debug: bool) -> None:
    """Start de webapp op de bestaande database met de productieserver (gunicorn).

    Met --debug draait de Flask-ontwikkelserver, alleen voor ontwikkelaars.
    """
    obj.store().regio()  # clear message when the database is not initialised
    _start_webapp(obj, host, port, workers, threads, debug)


@main.group()
def gemeenten() -> None:
    """Gemeentegrenzen en startvoorraden."""


@gemeenten.command("importeer")
@click.argument("pad", type=click.Path(exists=True, path_type=Path))
@click.option("--codes", help="Alleen deze gemeentecodes, komma-gescheiden (bijv. GM0518,GM0503).")
@click.option("--crs", help="CRS van een bestand zonder CRS-informatie, bijv. EPSG:4326.")
@click.option("--laag", help="Laag in een GeoPackage met meerdere lagen.")
@click.option(
    "--kolom",
    "kolommen",
    multiple=True,
    metavar="VELD=BRONKOLOM",
    help="Koppel een bronkolom aan een veld (gemeente, naam, woningen, doelgroep, peiljaar); herhaalbaar.",
)
@click.option("--alle", is_flag=True, help="Importeer ook gemeenten buiten de regio.")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gemeenten_importeer(
    obj: _Context,
    pad: Path,
    codes: str | None,
    crs: str | None,
    laag: str | None,
    kolommen: tuple[str, ...],
    alle: bool,
) -> None:
    """Importeer gemeentegrenzen uit elk bestand dat GDAL leest (GeoJSON, GeoPackage, shapefile)."""
    from .uitwisseling.gemeenten import importeer_gemeenten

    rapport = importeer_gemeenten(
        obj.store(),
        pad,
        codes=_codes(codes),
        crs=crs,
        laag=laag,
        kolommen=_kolommen(kolommen),
        alleen_regio=not alle,
    )
    for regel in rapport.regels():
        click.echo(regel)


@gemeenten.command("voorraad")
@click.argument("pad", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gemeenten_voorraad(obj: _Context, pad: Path) -> None:
    """Zet de startvoorraden uit een CSV (gemeente;woningen;doelgroep;peiljaar)."""
    from .uitwisseling.gemeenten import importeer_voorraad

    rapport = importeer_voorraad(obj.store(), pad)
    for regel in rapport.regels():
        click.echo(regel)


@gemeenten.command("download")
@click.option("--codes", help="Alleen deze gemeentecodes, komma-gescheiden; standaard de regio.")
@click.option(
    "--url",
    envvar="LOCATIEPLANNER_PDOK_URL",
    help="Basis-URL van de OGC API Features van PDOK Bestuurlijke gebieden (voor een spiegel of test).",
)
@click.option(
    "--jaar", type=int, help="Peiljaar van de grenzen (standaard het actuele jaar van PDOK)."
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=float,
    help="Wachttijd per verzoek in seconden.",
)
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gemeenten_download(
    obj: _Context, codes: str | None, url: str | None, jaar: int | None, timeout: float
) -> None:
    """Download de officiële gemeentegrenzen van PDOK (Kadaster, Bestuurlijke gebieden)."""
    from .uitwisseling.pdok import download_gemeenten

    rapport = download_gemeenten(
        obj.store(), codes=_codes(codes), url=url, jaar=jaar, timeout=timeout
    )
    for regel in rapport.regels():
        click.echo(regel)


@main.command()
@click.argument("pad", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def backup(obj: _Context, pad: Path) -> None:
    """Maak een backup van de (draaiende) database in PAD.

    SQLite: een consistente kopie met VACUUM INTO, ook terwijl de webapp schrijft (een gewone
    bestandskopie kan recente wijzigingen missen); PostgreSQL/PostGIS: pg_dump (custom-formaat).
    """
    from .store.backup import maak_backup

    doel = maak_backup(obj.database_url, pad)
    click.echo(f"Backup geschreven: {doel} ({doel.stat().st_size:,} bytes)".replace(",", "."))


@main.command()
@click.argument("pad", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--overschrijf", is_flag=True, help="Overschrijf een database die al gegevens bevat.")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def herstel(obj: _Context, pad: Path, overschrijf: bool) -> None:
    """Zet een backup (van 'locatieplanner backup') terug.

    Weigert een database met gegevens te overschrijven, tenzij --overschrijf is gegeven.
    """
    from .store.backup import herstel_backup

    rapport = herstel_backup(obj.store(), pad, overschrijf=overschrijf)
    inhoud = ", ".join(f"{n} {k}" for k, n in rapport.tellingen.items())
    click.echo(f"Hersteld uit {rapport.bron}: {inhoud}")


@main.command()
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def status(obj: _Context) -> None:
    """Toon de database, de regio en het aantal gegevens per soort."""
    store = obj.store()
    regio = store.regio()
    click.echo(f"Database: {obj.database_url} (schema {store.schema_versie()})")
    click.echo(f"Regio: {regio.naam} {regio.van}-{regio.tot}, doel netto +{regio.doel_netto}")
    for naam, aantal in store.tellingen().items():
        click.echo(f"  {naam}: {aantal}")


@main.command()
@click.option(
    "--formaat",
    type=click.Choice(["tekst", "json", "csv", "xlsx"]),
    default="tekst",
    show_default=True,
    help="tekst: tabellen in de terminal; json: alle cijfers met vaste sleutels (zie "
    "locatieplanner/analyse/schema.json); csv: de tabel per gemeente (; en decimale komma); "
    "xlsx: Excel-werkboek met een blad per tabel (vereist --uitvoer).",
)
@click.option(
    "--uitvoer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Schrijf naar dit bestand in plaats van naar de terminal (mappen worden aangemaakt).",
)
@click.option(
    "--peiljaar",
    type=int,
    help="Tel nieuwbouw en onttrekkingen tot en met dit jaar (standaard het laatste jaar van de "
    "regioperiode, 2030).",
)
@click.option(
    "--zacht-factor",
    type=float,
    help="Realistische schatting: het deel van de zachte plannen dat doorgaat, 0 tot en met 1 "
    "(bijv. 0.7 als 30% historisch afvalt).",
)
@click.option(
    "--peildatum",
    "peildatum_naam",
    metavar="NAAM",
    help="Analyseer de vastgelegde stand met deze naam in plaats van de huidige gegevens.",
)
@click.option(
    "--bod-versie",
    help="Reken met deze bodversie (bijv. origineel of aangescherpt); standaard per gemeente de "
    "nieuwste. Een gemeente zonder deze versie houdt haar nieuwste.",
)
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def analyse(
    obj: _Context,
    formaat: str,
    uitvoer: Path | None,
    peiljaar: int | None,
    zacht_factor: float | None,
    bod_versie: str | None,
    peildatum_naam: str | None,
) -> None:
    """Analyse: DAEB per gemeente, corporatie en jaar, voortgang naar het regionale doel,
    tijdelijke dalingen, provinciale toets, Meer Evenwicht en signalen over de datakwaliteit."""
    from .analyse import analyseer
    from .weergave.analyse_uitvoer import schrijf

    store = obj.store()
    bron, datum = _bron(store, peildatum_naam)
    # Reading and analysing 100,000 sites makes millions of objects with hardly any cycles,
    # which the cyclic garbage collector would scan again and again (a third of the CPU time).
    try:
        with zonder_gc():
            resultaat = analyseer(
                bron,
                peiljaar=peiljaar,
                zacht_factor=zacht_factor,
                bod_versie=bod_versie,
                datum=datum,
            )
            tekst = schrijf(resultaat, formaat, uitvoer)
    finally:
        store.sluit()
    _snel_einde(resultaat)
    if tekst is not None:
        click.echo(tekst, nl=False)
    else:
        click.echo(f"Analyse ({formaat}) geschreven naar {uitvoer}", err=True)


# --------------------------------------------------------------------------- documenten


@main.command()
@click.option("--gemeente", metavar="CODE", help="CBS-code van de gemeente, bijv. GM0518.")
@click.option(
    "--corporatie",
    metavar="NAAM",
    help="Met --gemeente: de bijlage bij de prestatieafspraken van deze corporatie in die gemeente.",
)
@click.option(
    "--regio",
    "regio_rapport",
    is_flag=True,
    help="De voortgangsrapportage van de hele regio (Bestuurlijke Tafel Wonen).",
)
@click.option(
    "--sinds",
    metavar="PEILDATUM",
    help="Met --regio: vergelijk met deze vastgelegde stand (de vorige peildatum).",
)
@click.option(
    "--formaat",
    type=click.Choice(["pdf", "html", "xlsx"]),
    default="pdf",
    show_default=True,
    help="pdf: om in te leveren (A4 liggend); html: met printopmaak; xlsx: dezelfde tabellen.",
)
@click.option(
    "--uitvoer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bestand om te schrijven (standaard een naam met gemeente en datum in de huidige map).",
)
@click.option(
    "--peildatum",
    "peildatum_naam",
    metavar="NAAM",
    help="Maak het document van deze vastgelegde stand.",
)
@click.option("--bod-versie", help="Reken met deze bodversie (standaard per gemeente de nieuwste).")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def rapport(
    obj: _Context,
    gemeente: str | None,
    corporatie: str | None,
    regio_rapport: bool,
    sinds: str | None,
    formaat: str,
    uitvoer: Path | None,
    peildatum_naam: str | None,
    bod_versie: str | None,
) -> None:
    """Documenten: het overzicht 5a en 5b van een gemeente (--gemeente), de bijlage bij de
    prestatieafspraken van een corporatie (--gemeente en --corporatie) of de
    voortgangsrapportage van de regio (--regio)."""
    from .weergave import documenten
    from .weergave.rapport import gemeenterapport_van, schrijf_rapport

    if regio_rapport == (gemeente is not None) or (corporatie and not gemeente):
        raise click.UsageError("Kies --gemeente CODE (eventueel met --corporatie NAAM) of --regio.")
    if sinds and not regio_rapport:
        raise click.UsageError("--sinds hoort bij --regio.")
    store = obj.store()
    bron, datum = _bron(store, peildatum_naam)
    opties = {"bod_versie": bod_versie, "peildatum_naam": peildatum_naam, "datum": datum}
    document: Any
    if regio_rapport:
        from .analyse import vergelijk_peildata

        vergelijking = vergelijk_peildata(store, sinds, peildatum_naam) if sinds else None
        document = documenten.regiorapport_van(bron, vergelijking=vergelijking, **opties)
        naam, wat = "voortgang-regio", f"Voortgangsrapportage {document.analyse.regio.naam}"
    elif corporatie:
        document = documenten.corporatiebijlage_van(bron, gemeente, corporatie, **opties)
        naam, wat = f"bijlage-{gemeente}-{corporatie}", f"Bijlage {document.naam} – {corporatie}"
    else:
        document = gemeenterapport_van(bron, gemeente, **opties)
        naam, wat = f"overzicht-{gemeente}", f"Overzicht {document.naam}"
    pad = uitvoer or Path(f"{naam}-{document.peildatum:%Y-%m-%d}.{formaat}")
    if isinstance(document, documenten.Corporatiebijlage | documenten.Regiorapport):
        gebruikt = documenten.schrijf_document(document, formaat, pad)
    else:
        gebruikt = schrijf_rapport(document, formaat, pad)
    via = f" (met {gebruikt})" if formaat == "pdf" else ""
    click.echo(f"{wat} ({formaat}{via}) geschreven naar {pad}")


# --------------------------------------------------------------------------- peildata


@main.group()
def peildatum() -> None:
    """Vastgelegde standen op een peildatum: vastleggen, tonen, vergelijken, verwijderen."""


@peildatum.command("vastleggen")
@click.option(
    "--datum",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="De peildatum (jjjj-mm-dd), bijv. 2021-12-15.",
)
@click.option(
    "--naam", required=True, help='Naam van de stand, bijv. "Bestuurlijke Tafel december".'
)
@click.option("--opmerking", help="Toelichting bij de stand.")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def peildatum_vastleggen(obj: _Context, datum: Any, naam: str, opmerking: str | None) -> None:
    """Leg de volledige stand (locaties, toewijzingen, onttrekkingen, biedingen, gemeenten,
    corporaties en de analyse) vast onder een naam; daarna verandert die stand niet meer."""
    from .analyse import leg_peildatum_vast

    stand = leg_peildatum_vast(obj.store(), naam, datum.date(), opmerking)
    aantallen = stand.samenvatting()["aantallen"]
    click.echo(
        f"Peildatum {stand.naam!r} ({stand.datum:%d-%m-%Y}) vastgelegd: "
        f"{aantallen.get('locatie', 0)} locaties, {aantallen.get('onttrekking', 0)} onttrekkingen, "
        f"{aantallen.get('bod', 0)} biedingen."
    )


@peildatum.command("lijst")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def peildatum_lijst(obj: _Context) -> None:
    """Toon de vastgelegde standen, nieuwste peildatum eerst."""
    standen = obj.store().peildata()
    if not standen:
        click.echo("Nog geen peildata; leg er een vast met 'locatieplanner peildatum vastleggen'.")
    for s in standen:
        datum = "-".join(reversed(s["datum"].split("-")))
        click.echo(
            f"{datum}  {s['naam']:<40} {s['aantallen'].get('locatie', 0):>7} locaties  door {s['door']}"
        )


@peildatum.command("vergelijk")
@click.argument("voor")
@click.argument("na", required=False)
@click.option(
    "--formaat",
    type=click.Choice(["tekst", "json", "xlsx", "html", "pdf"]),
    default="tekst",
    show_default=True,
    help="tekst: tabellen; json: alle verschillen; xlsx: een werkblad per soort; html en pdf: "
    "een document als de andere documenten (xlsx, html en pdf vereisen --uitvoer).",
)
@click.option(
    "--uitvoer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Schrijf naar dit bestand in plaats van naar de terminal.",
)
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def peildatum_vergelijk(
    obj: _Context, voor: str, na: str | None, formaat: str, uitvoer: Path | None
) -> None:
    """Vergelijk peildatum VOOR met peildatum NA (zonder NA: met de huidige gegevens):
    toegevoegde en verwijderde locaties, van zacht naar hard (of terug), DAEB per gemeente en
    per corporatie voor en na, en de kansen en knelpunten die geopend (nieuw of heropend) en
    opgelost (opgelost, vervallen of verwijderd) zijn."""
    from .analyse import vergelijk_peildata
    from .weergave.peildata_uitvoer import schrijf_vergelijking

    store = obj.store()
    datum = store.peilstand(na).datum if na else None
    tekst = schrijf_vergelijking(
        vergelijk_peildata(store, voor, na), formaat, uitvoer, regio=store.regio().naam, datum=datum
    )
    if tekst is not None:
        click.echo(tekst, nl=False)
    else:
        click.echo(f"Vergelijking ({formaat}) geschreven naar {uitvoer}", err=True)


@peildatum.command("verwijder")
@click.argument("naam")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def peildatum_verwijder(obj: _Context, naam: str) -> None:
    """Verwijder een vastgelegde stand (alleen de beheerder)."""
    obj.store().verwijder_peildatum(naam)
    click.echo(f"Peildatum {naam!r} verwijderd.")


# --------------------------------------------------------------------------- uitwisseling


def _toon_rapport(rapport: Any, rapport_pad: Path | None, err: bool = False) -> None:
    """Print an import's report (summary, then the table of problems and warnings per row)
    and write its table as CSV to ``rapport_pad`` when given."""
    for regel in rapport.regels():
        if not regel.startswith("  "):  # the problems are in the table
            click.echo(_cli_tekst(regel), err=err)
    tabel = rapport.tekst_tabel()
    if tabel:
        click.echo("", err=err)
        for regel in tabel:
            click.echo(regel, err=err)
    if rapport_pad is not None:
        rapport_pad.write_text(rapport.als_csv(), encoding="utf-8", newline="")
        click.echo(f"Rapport (CSV) geschreven naar {rapport_pad}", err=True)


def _importeer_netjes(functie: Callable[..., Any], rapport_pad: Path | None) -> None:
    """Run an import and print its report; a rejected import prints it on stderr and exits
    with 1."""
    from .uitwisseling.importeer import ImportAfgekeurd

    try:
        rapport = functie()
    except ImportAfgekeurd as fout:
        _toon_rapport(fout.rapport, rapport_pad, err=True)
        raise SystemExit(1) from fout
    _toon_rapport(rapport, rapport_pad)
    if rapport.problemen:
        raise SystemExit(1)


_LAAG_HULP = "Laag in een GeoPackage of bestand in een zip (standaard: de enige, of die met 'locaties' in de naam); herhaalbaar."
_KOLOM_HULP = "Koppel een bronkolom aan een veld, bijv. --kolom naam=PLANNAAM; herhaalbaar."
_CODERING_HULP = (
    "Tekencodering van een shapefile of CSV zonder .cpg/BOM, bijv. cp1252 (standaard: herkend)."
)
_DROOG_HULP = "Alleen controleren en het rapport tonen; niets opslaan."
_NIEUWE_CORPORATIES_HULP = (
    "Registreer corporaties die het bestand noemt maar die nog niet bestaan, in dezelfde "
    "transactie als de import (alleen beheerders)."
)
_RAPPORT_HULP = "Schrijf het rapport (problemen en waarschuwingen per rij) ook als CSV naar PAD."


def _rapport_optie(functie: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--rapport",
        "rapport_pad",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="PAD.csv",
        help=_RAPPORT_HULP,
    )(functie)


def _nieuwe_corporaties_optie(functie: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--nieuwe-corporaties", is_flag=True, help=_NIEUWE_CORPORATIES_HULP)(
        functie
    )


@main.group()
def locaties() -> None:
    """Bouwlocaties importeren uit GIS-bestanden."""


@locaties.command("importeer")
@click.argument("pad", type=click.Path(exists=True, path_type=Path))
@click.option("--laag", "lagen", multiple=True, metavar="NAAM", help=_LAAG_HULP)
@click.option(
    "--crs", help="CRS van een bestand zonder (of met een verkeerd) CRS, bijv. EPSG:28992."
)
@click.option("--kolom", "kolommen", multiple=True, metavar="VELD=BRONKOLOM", help=_KOLOM_HULP)
@click.option("--codering", help=_CODERING_HULP)
@click.option("--droog", is_flag=True, help=_DROOG_HULP)
@click.option(
    "--toewijzingen",
    "toewijzingen_pad",
    type=click.Path(exists=True, path_type=Path),
    help="Tabel (CSV/Excel/.dbf) met bron_id;corporatie;daeb;oplevering: verdeling per corporatie.",
)
@_nieuwe_corporaties_optie
@_rapport_optie
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def locaties_importeer(
    obj: _Context,
    pad: Path,
    lagen: tuple[str, ...],
    crs: str | None,
    kolommen: tuple[str, ...],
    codering: str | None,
    droog: bool,
    toewijzingen_pad: Path | None,
    nieuwe_corporaties: bool,
    rapport_pad: Path | None,
) -> None:
    """Importeer locaties uit een shapefile (zip of .shp), GeoPackage, GeoJSON, CSV of Excel.

    Alles of niets in één transactie; bestaande bron_id's worden bijgewerkt. Elke rij wordt
    aan elke regel getoetst: het rapport noemt in één keer per rij (rijnummer, bron_id) elk
    probleem met de waarde en wat is toegestaan, en de waarschuwingen per opgeslagen locatie.
    """
    from .uitwisseling.importeer import importeer_locaties

    store = obj.store()
    _importeer_netjes(
        lambda: importeer_locaties(
            store,
            pad,
            laag=list(lagen) or None,
            crs=crs,
            kolommen=_kolommen(kolommen),
            codering=codering,
            droog=droog,
            toewijzingen=toewijzingen_pad,
            nieuwe_corporaties=nieuwe_corporaties,
            limieten=obj.limieten,
        ),
        rapport_pad,
    )


@main.group()
def onttrekkingen() -> None:
    """Onttrekkingen (sloop, verkoop, liberalisatie, ...) uit de doelgroepvoorraad."""


def _tabelimport_opties(functie: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by the table imports (removals, bids)."""
    for optie in reversed(
        [
            click.argument("pad", type=click.Path(exists=True, path_type=Path)),
            click.option(
                "--laag", metavar="NAAM", help="Tabel in een GeoPackage of bestand in een zip."
            ),
            click.option(
                "--kolom", "kolommen", multiple=True, metavar="VELD=BRONKOLOM", help=_KOLOM_HULP
            ),
            click.option("--codering", help=_CODERING_HULP),
            click.option("--droog", is_flag=True, help=_DROOG_HULP),
            _rapport_optie,
        ]
    ):
        functie = optie(functie)
    return functie


def _tabelimport(
    obj: _Context,
    importeer: Callable[..., Any],
    pad: Path,
    laag: str | None,
    kolommen: tuple[str, ...],
    codering: str | None,
    droog: bool,
    rapport_pad: Path | None,
    **extra: Any,
) -> None:
    store = obj.store()
    _importeer_netjes(
        lambda: importeer(
            store,
            pad,
            laag=laag,
            kolommen=_kolommen(kolommen),
            codering=codering,
            droog=droog,
            limieten=obj.limieten,
            **extra,
        ),
        rapport_pad,
    )


@onttrekkingen.command("importeer")
@_tabelimport_opties
@_nieuwe_corporaties_optie
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def onttrekkingen_importeer(obj: _Context, **opties: Any) -> None:
    """Importeer onttrekkingen uit CSV/Excel (gemeente;jaar;aantal;soort;corporatie;bron_id;opmerking)."""
    from .uitwisseling.importeer import importeer_onttrekkingen

    _tabelimport(obj, importeer_onttrekkingen, **opties)


@main.group()
def bod() -> None:
    """Biedingen van gemeenten (DAEB 2021-2030), per versie."""


@bod.command("importeer")
@_tabelimport_opties
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def bod_importeer(obj: _Context, **opties: Any) -> None:
    """Importeer biedingen uit CSV/Excel (gemeente;versie;datum;daeb;opmerking)."""
    from .uitwisseling.importeer import importeer_biedingen

    _tabelimport(obj, importeer_biedingen, **opties)


@main.command()
@click.argument("pad", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--formaat",
    type=click.Choice(["gpkg", "shp", "geojson", "csv", "xlsx"]),
    help="Bestandsformaat (standaard: uit de extensie; .zip is shapefile).",
)
@click.option("--gemeente", help="Alleen deze gemeentecode(s), komma-gescheiden (bijv. GM0518).")
@click.option(
    "--corporatie", metavar="NAAM", help="Alleen locaties met toewijzingen aan deze corporatie."
)
@click.option(
    "--hardheid", type=click.Choice(["hard", "zacht"]), help="Alleen harde of zachte plannen."
)
@click.option(
    "--crs",
    type=click.Choice(["EPSG:4326", "EPSG:28992"], case_sensitive=False),
    help="Alleen GeoJSON: EPSG:4326 (RFC 7946, standaard) of EPSG:28992 (RD New).",
)
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def exporteer(
    obj: _Context,
    pad: Path,
    formaat: str | None,
    gemeente: str | None,
    corporatie: str | None,
    hardheid: str | None,
    crs: str | None,
) -> None:
    """Exporteer locaties naar GeoPackage, shapefile (zip), GeoJSON, of het overzicht 5a naar CSV/Excel."""
    from .uitwisseling.exporteer import exporteer as exporteer_

    store = obj.store()
    try:
        rapport = exporteer_(
            store,
            pad,
            formaat,
            gemeente=_codes(gemeente),
            corporatie=corporatie,
            hardheid=hardheid,
            crs=crs,
        )
    finally:
        store.sluit()
    for regel in rapport.regels():
        click.echo(regel)
    _snel_einde()


@main.command()
@click.option(
    "--uitvoer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML-bestand om te schrijven (standaard kaarten/netto-daeb-JJJJ-MM-DD.html).",
)
@click.option(
    "--peiljaar",
    type=int,
    help="Tel nieuwbouw en onttrekkingen tot en met dit jaar (standaard het laatste jaar van de "
    "regioperiode, 2030).",
)
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def kaart(obj: _Context, uitvoer: Path | None, peiljaar: int | None) -> None:
    """Schrijf een statische kaart voor overleg: netto groei DAEB per gemeente en de harde en
    zachte plannen, in één HTML-bestand dat zonder internet opent."""
    from .weergave.analysekaart import schrijf_kaart

    pad = schrijf_kaart(obj.store(), uitvoer, peiljaar=peiljaar)
    click.echo(f"Kaart geschreven naar {pad}")


# --------------------------------------------------------------------------- casussen (5b)


@main.group()
def casussen() -> None:
    """Casussen (kansen en knelpunten, werkafspraak 5b) en de bijdragen van de partijen."""


@casussen.command("lijst")
@click.option("--gemeente", help="Alleen deze gemeentecode(s), komma-gescheiden (bijv. GM0518).")
@click.option(
    "--status", help="Alleen casussen met deze status (open, in gesprek, opgelost, vervallen)."
)
@click.option("--categorie", help="Alleen casussen in deze categorie (zie de regio).")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def casussen_lijst(
    obj: _Context, gemeente: str | None, status: str | None, categorie: str | None
) -> None:
    """Toon de casussen met soort, status, potentieel en de partijen die nog niet antwoordden."""
    store = obj.store()
    lijst = store.casussen(gemeente=_codes(gemeente), status=status, categorie=categorie)
    for c in lijst:
        open_ = ", ".join(store.open_partijen(c.id)) or "-"  # type: ignore[arg-type]
        click.echo(
            f"{c.id:>5}  {c.gemeente}  {c.soort:<9} {c.status:<10} {c.categorie:<30} "
            f"+{c.potentieel_daeb} DAEB  {c.titel}  (nog geen antwoord: {open_})"
        )
    click.echo(f"{len(lijst)} casus(sen)")


@casussen.command("exporteer")
@click.argument("pad", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gemeente", help="Alleen de casussen van deze gemeentecode (bijv. GM0518).")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def casussen_exporteer(obj: _Context, pad: Path, gemeente: str | None) -> None:
    """Exporteer casussen en bijdragen naar Excel (bladen casussen en bijdragen) of CSV (PAD en
    <naam>_bijdragen.csv)."""
    from .uitwisseling.casussen import exporteer_casussen

    for regel in exporteer_casussen(obj.store(), pad, gemeente).regels():
        click.echo(regel)


@casussen.command("importeer")
@click.argument("pad", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--codering", help=_CODERING_HULP)
@click.option("--droog", is_flag=True, help=_DROOG_HULP)
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def casussen_importeer(obj: _Context, pad: Path, codering: str | None, droog: bool) -> None:
    """Importeer casussen en bijdragen uit Excel of CSV (het formaat van 'casussen exporteer');
    alles of niets."""
    from .uitwisseling.casussen import importeer_casussen

    rapport = importeer_casussen(
        obj.store(), pad, codering=codering, droog=droog, limieten=obj.limieten
    )
    for regel in rapport.regels():
        click.echo(regel)


# --------------------------------------------------------------------------- gespreksagenda (5b)


@main.group()
def agenda() -> None:
    """Gespreksagenda per gemeente (werkafspraak 5b): startoverleg, agendapunten en meldingen
    huurdersorganisatie geïnformeerd."""


@agenda.command("lijst")
@click.option("--gemeente", help="Alleen deze gemeentecode(s), komma-gescheiden (bijv. GM0518).")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def agenda_lijst(obj: _Context, gemeente: str | None) -> None:
    """Toon per gemeente het startoverleg, de agendapunten (status, datum, voorsteller,
    trekkers, uitkomst) en welke corporaties hun huurdersorganisatie informeerden."""
    store = obj.store()
    codes = [store.gemeente(c).gemeente for c in _codes(gemeente) or []] or [
        g.gemeente for g in store.gemeenten(alleen_regio=True)
    ]
    punten = store.agendapunten(gemeente=codes)
    for code in codes:
        overleg = store.startoverleg(code)
        eigen = [p for p in punten if p.gemeente == code]
        meldingen = store.geinformeerd(code)
        if overleg is None and not eigen and not meldingen:
            continue
        datum = overleg.datum.isoformat() if overleg and overleg.datum else "-"
        click.echo(f"{code}  startoverleg {datum if overleg else 'nog niet vastgelegd'}")
        for p in eigen:
            click.echo(
                f"{p.id:>5}  {p.status:<11} {p.datum.isoformat() if p.datum else '-':<10}  "
                f"{p.onderwerp}  (voorgesteld door {p.voorgesteld_door}; trekkers: "
                f"{', '.join(p.trekkers) or '-'}){': ' + p.uitkomst if p.uitkomst else ''}"
            )
        for m in meldingen:
            click.echo(f"       huurdersorganisatie {m.corporatie}: geïnformeerd op {m.datum}")
    click.echo(f"{len(punten)} agendapunt(en)")


@agenda.command("exporteer")
@click.argument("pad", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gemeente", help="Alleen de agenda van deze gemeentecode (bijv. GM0518).")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def agenda_exporteer(obj: _Context, pad: Path, gemeente: str | None) -> None:
    """Exporteer de gespreksagenda's naar Excel (bladen agendapunten, startoverleg en
    huurdersorganisaties) of CSV (PAD, <naam>_startoverleg.csv en
    <naam>_huurdersorganisaties.csv)."""
    from .uitwisseling.agenda import exporteer_agenda

    for regel in exporteer_agenda(obj.store(), pad, gemeente).regels():
        click.echo(regel)


# --------------------------------------------------------------------------- accounts


@main.group()
def gebruiker() -> None:
    """Accounts beheren: toevoegen, lijst, wijzigen, verwijderen en API-tokens."""


def _wachtwoord(stdin: bool) -> str:
    if stdin:
        return click.get_text_stream("stdin").readline().rstrip("\n")
    return click.prompt(
        "Wachtwoord (minstens 12 tekens)", hide_input=True, confirmation_prompt="Herhaal"
    )


def _accountregel(a: Any) -> str:
    waar = ", ".join(a.gemeenten) if a.gemeenten else (a.corporatie or "")
    staat = "" if a.actief else "  [geblokkeerd]"
    return f"{a.naam:<24} {a.rol:<11} {waar}{staat}"


@gebruiker.command("toevoegen")
@click.argument("naam")
@click.option(
    "--rol",
    required=True,
    type=click.Choice(["gemeente", "corporatie", "provincie", "beheerder"]),
    help="De rol: wat het account mag.",
)
@click.option(
    "--gemeente",
    "gemeenten",
    multiple=True,
    metavar="GM0518",
    help="Gemeente van een gemeente-account (herhaal voor meer).",
)
@click.option("--corporatie", help="Corporatie van een corporatie-account.")
@click.option("--weergavenaam", help="Naam zoals getoond, bijv. 'Anna de Vries (Delft)'.")
@click.option(
    "--wachtwoord-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer (scripts)."
)
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gebruiker_toevoegen(
    obj: _Context,
    naam: str,
    rol: str,
    gemeenten: tuple[str, ...],
    corporatie: str | None,
    weergavenaam: str | None,
    wachtwoord_stdin: bool,
) -> None:
    """Voeg een account toe; het wachtwoord wordt gevraagd (niet als argument: geen geschiedenis)."""
    from .domein.rechten import Account

    account = Account(naam, rol, tuple(gemeenten), corporatie, weergavenaam)
    nieuw = obj.store().accounts_repo.maak(account, _wachtwoord(wachtwoord_stdin))
    click.echo(f"Account toegevoegd: {_accountregel(nieuw)}")


@gebruiker.command("lijst")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gebruiker_lijst(obj: _Context) -> None:
    """Toon alle accounts met rol en gemeente(n) of corporatie."""
    accounts = obj.store().accounts_repo.lijst()
    for a in accounts:
        click.echo(_accountregel(a))
    if not accounts:
        click.echo("Nog geen accounts; voeg er een toe met 'locatieplanner gebruiker toevoegen'.")


@gebruiker.command("wijzig")
@click.argument("naam")
@click.option(
    "--rol",
    type=click.Choice(["gemeente", "corporatie", "provincie", "beheerder"]),
    help="Nieuwe rol.",
)
@click.option(
    "--gemeente", "gemeenten", multiple=True, metavar="GM0518", help="Nieuwe gemeente(n)."
)
@click.option("--corporatie", help="Nieuwe corporatie.")
@click.option("--weergavenaam", help="Nieuwe weergavenaam.")
@click.option(
    "--blokkeer/--deblokkeer", default=None, help="Blokkeer het account (beëindigt de sessies)."
)
@click.option(
    "--wachtwoord", "nieuw_wachtwoord", is_flag=True, help="Stel een nieuw wachtwoord in."
)
@click.option("--wachtwoord-stdin", is_flag=True, help="Lees dat wachtwoord van standaardinvoer.")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gebruiker_wijzig(
    obj: _Context,
    naam: str,
    rol: str | None,
    gemeenten: tuple[str, ...],
    corporatie: str | None,
    weergavenaam: str | None,
    blokkeer: bool | None,
    nieuw_wachtwoord: bool,
    wachtwoord_stdin: bool,
) -> None:
    """Wijzig rol, gemeenten, corporatie, weergavenaam, blokkade of wachtwoord van een account."""
    repo = obj.store().accounts_repo
    velden: dict[str, Any] = {}
    if rol is not None:
        velden["rol"] = rol
        if rol != "gemeente":
            velden["gemeenten"] = ()
        if rol != "corporatie":
            velden["corporatie"] = None
    if gemeenten:
        velden["gemeenten"] = tuple(gemeenten)
    if corporatie is not None:
        velden["corporatie"] = corporatie
    if weergavenaam is not None:
        velden["weergavenaam"] = weergavenaam
    if blokkeer is not None:
        velden["actief"] = not blokkeer
    if not velden and not nieuw_wachtwoord:
        raise click.UsageError("Geef minstens één wijziging op, bijv. --rol of --wachtwoord")
    account = repo.wijzig(naam, **velden) if velden else repo.haal(naam)
    if nieuw_wachtwoord or wachtwoord_stdin:
        account = repo.zet_wachtwoord(naam, _wachtwoord(wachtwoord_stdin))
        click.echo("Wachtwoord gewijzigd; alle sessies van het account zijn beëindigd.")
    click.echo(f"Account gewijzigd: {_accountregel(account)}")


@gebruiker.command("verwijder")
@click.argument("naam")
@click.confirmation_option(prompt="Het account en zijn tokens verwijderen?")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gebruiker_verwijder(obj: _Context, naam: str) -> None:
    """Verwijder een account en zijn API-tokens (de naam blijft in het logboek)."""
    obj.store().accounts_repo.verwijder(naam)
    click.echo(f"Account {naam!r} verwijderd.")


@gebruiker.command("token")
@click.argument("naam")
@click.option(
    "--maak", "omschrijving", metavar="OMSCHRIJVING", help="Maak een token met deze naam."
)
@click.option("--intrekken", type=int, metavar="ID", help="Trek het token met dit nummer in.")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def gebruiker_token(
    obj: _Context, naam: str, omschrijving: str | None, intrekken: int | None
) -> None:
    """Toon, maak of trek API-tokens van een account in (een nieuw token wordt één keer getoond)."""
    store = obj.store()
    eigen = store.als(store.accounts_repo.haal(naam)).accounts_repo
    if omschrijving:
        tekst, token = eigen.maak_token(naam, omschrijving)
        click.echo(
            f"Token {token.id} ({token.naam}) voor {naam}; bewaar het nu, het wordt niet opnieuw getoond:"
        )
        click.echo(tekst)
        return
    if intrekken is not None:
        eigen.trek_in(naam, intrekken)
        click.echo(f"Token {intrekken} van {naam} ingetrokken.")
        return
    for t in eigen.tokens(naam):
        staat = f"ingetrokken {t.ingetrokken:%Y-%m-%d}" if t.ingetrokken else "actief"
        click.echo(f"{t.id:>4}  {t.naam:<30} {t.begin}…  {staat}")


# --------------------------------------------------------------------------- corporaties


@main.group()
def corporaties() -> None:
    """Woningcorporaties: importeren, tonen, hernoemen, werkgebied en samenvoegen."""


def _corporatieregel(c: Any) -> str:
    eerder = f" (eerder: {', '.join(c.eerdere_namen)})" if c.eerdere_namen else ""
    gebied = ", ".join(c.gemeenten) or "geen werkgebied"
    return f"{c.naam}{eerder}: {gebied} (versie {c.versie})"


@corporaties.command("importeer")
@click.argument("pad", type=click.Path(exists=True, path_type=Path))
@click.option("--droog", is_flag=True, help=_DROOG_HULP)
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def corporaties_importeer(obj: _Context, pad: Path, droog: bool) -> None:
    """Importeer corporaties uit CSV/Excel (naam;code;gemeenten; gemeenten als CBS-codes of
    namen, komma-gescheiden). Alles of niets; elk probleem wordt met rij en kolom gemeld;
    bestaande namen (ook eerdere) krijgen het werkgebied uit het bestand."""
    from .uitwisseling.corporaties import importeer_corporaties

    for regel in importeer_corporaties(
        obj.store(), pad, droog=droog, limieten=obj.limieten
    ).regels():
        click.echo(regel)


@corporaties.command("lijst")
@click.option(
    "--formaat",
    type=click.Choice(["tekst", "csv", "json"]),
    default="tekst",
    show_default=True,
    help="tekst: tabel in de terminal; csv: met ; als scheidingsteken; json: een lijst objecten.",
)
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def corporaties_lijst(obj: _Context, formaat: str) -> None:
    """Toon alle corporaties: naam, code, werkgebied, eerdere namen en het aantal locaties (met
    toewijzingen) en onttrekkingen."""
    from .uitwisseling.corporaties import overzicht, schrijf_overzicht

    click.echo(schrijf_overzicht(overzicht(obj.store()), formaat), nl=False)


@corporaties.command("hernoem")
@click.argument("oud")
@click.argument("nieuw")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def corporaties_hernoem(obj: _Context, oud: str, nieuw: str) -> None:
    """Geef corporatie OUD de naam NIEUW; OUD blijft als eerdere naam herkend (bij imports)."""
    store = obj.store()
    c = store.corporatie_met_naam(oud)
    click.echo(_corporatieregel(store.wijzig_corporatie(c.id, {"naam": nieuw}, c.versie)))


@corporaties.command("werkgebied")
@click.argument("naam")
@click.argument("gemeenten", nargs=-1, metavar="GEMEENTE...")
@click.pass_obj
@_fouten_netjes
@_regel("aangemeld")
def corporaties_werkgebied(obj: _Context, naam: str, gemeenten: tuple[str, ...]) -> None:
    """Zet het werkgebied van corporatie NAAM op de gegeven gemeenten (CBS-codes of namen);
    zonder gemeenten wordt het werkgebied leeg."""
    from .uitwisseling.corporaties import gemeentecodes

    store = obj.store()
    c = store.corporatie_met_naam(naam)
    codes = gemeentecodes(store, gemeenten)
    click.echo(_corporatieregel(store.wijzig_corporatie(c.id, {"gemeenten": codes}, c.versie)))


@corporaties.command("samenvoegen")
@click.argument("van")
@click.argument("naar")
@click.confirmation_option(prompt="Corporatie VAN opgaan in NAAR? Dit is niet terug te draaien.")
@click.pass_obj
@_fouten_netjes
@_regel("beheerder")
def corporaties_samenvoegen(obj: _Context, van: str, naar: str) -> None:
    """Voeg corporatie VAN samen met NAAR: toewijzingen, onttrekkingen en accounts gaan naar
    NAAR, de werkgebieden worden samengevoegd en VAN wordt een eerdere naam van NAAR."""
    store = obj.store()
    bron, doel = store.corporatie_met_naam(van), store.corporatie_met_naam(naar)
    uit = store.voeg_corporaties_samen(bron.id, doel.id, (bron.versie, doel.versie))
    click.echo(
        f"{bron.naam} is opgegaan in {doel.naam}: {len(uit.toewijzingen)} toewijzingen, "
        f"{len(uit.onttrekkingen)} onttrekkingen en {len(uit.accounts)} accounts verplaatst."
    )
    click.echo(_corporatieregel(uit.corporatie))
