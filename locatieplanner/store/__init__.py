"""The store: municipalities, corporations, sites, assignments, removals and bids in one database.

Embedded SQLite is the default; PostgreSQL/PostGIS works with the same code. Every write runs in
one transaction (``BEGIN IMMEDIATE`` on SQLite), is checked against the domain rules before
anything is written, carries an optimistic-lock version where items can be edited, and is
recorded in the audit log (table ``wijziging``). Optimistic locking is one mechanism for every
kind of record (:class:`.versies.Versies`).

:class:`Store` is the library API: a thin facade over one repository per kind of record
(modules :mod:`.gemeenten`, :mod:`.corporaties`, :mod:`.locaties`, :mod:`.onttrekkingen`,
:mod:`.biedingen`, :mod:`.casussen`, :mod:`.scenarios`, :mod:`.agenda`, :mod:`.wijzigingen`), which share the engine and transactions of
:mod:`.database` and the audit-log writer. New code may use the repositories directly
(``store.locaties_repo`` etc.). A new kind of record is one new repository module, built in
:meth:`Store._koppel` and exposed as one more ``*_repo`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine

from ..domein.agenda import Agendapunt, Geinformeerd, Startoverleg
from ..domein.casus import OPEN_STATUSSEN, Bijdrage, Casus, kansrijen
from ..domein.ligging import Ligging
from ..domein.model import Bod, Corporatie, Gemeente, Locatie, Onttrekking
from ..domein.rechten import Account
from ..domein.regio import Regio
from ..domein.scenario import Scenario
from ..domein.toelichting import Toelichting
from .accounts import AccountsRepository
from .agenda import AgendaRepository
from .biedingen import BiedingenRepository
from .casussen import Casusimport, CasussenRepository
from .corporaties import CorporatiesRepository, Samenvoeging
from .database import Database, Repository
from .gemeenten import GemeentenRepository, Grenscache
from .geometrie import normaliseer_geometrie
from .kaartbeeld import (
    Kaartcellen,
    Kaartrijen,
    cacheversie,
    daeb_som,
    dataversie,
    kaartcellen,
    kaartrijen,
    locatievak,
    paginatabel,
    treffer_ids,
    treffers,
)
from .kolommen import Locatietabellen, lees_locatietabellen
from .locaties import LocatiesRepository
from .onttrekkingen import OnttrekkingenRepository
from .peildata import PeildataRepository, Peilstand
from .scenarios import ScenariosRepository
from .toelichtingen import ToelichtingenRepository
from .wijzigingen import Auditlog, WijzigingenRepository

__all__ = ["Store", "normaliseer_geometrie"]


def _als_account(gebruiker: str | Account) -> Account:
    return gebruiker if isinstance(gebruiker, Account) else Account(gebruiker, "beheerder")


class Store:
    """Library API to the database. ``Store.open(url)`` creates or upgrades the schema."""

    url: str
    engine: Engine
    gemeenten_repo: GemeentenRepository
    corporaties_repo: CorporatiesRepository
    locaties_repo: LocatiesRepository
    onttrekkingen_repo: OnttrekkingenRepository
    biedingen_repo: BiedingenRepository
    casussen_repo: CasussenRepository
    scenarios_repo: ScenariosRepository
    agenda_repo: AgendaRepository
    wijzigingen_repo: WijzigingenRepository
    accounts_repo: AccountsRepository
    peildata_repo: PeildataRepository
    toelichtingen_repo: ToelichtingenRepository

    def __init__(
        self, url: str, gebruiker: str | Account = "systeem", **engine_opties: Any
    ) -> None:
        self._koppel(Database(url, **engine_opties), gebruiker, Grenscache())

    def _koppel(self, db: Database, gebruiker: str | Account, grenscache: Grenscache) -> None:
        """Build the repositories on ``db``, acting for ``gebruiker``: an :class:`Account`, or a
        name for the server's own work (CLI, demo, scripts on the server), which has the
        administrator's rights."""
        self._db = db
        self.url = db.url
        self.engine = db.engine
        self._audit = Auditlog(_als_account(gebruiker))
        self.gemeenten_repo = GemeentenRepository(db, self._audit, grenscache)
        self.corporaties_repo = CorporatiesRepository(db, self._audit, self.gemeenten_repo)
        self.locaties_repo = LocatiesRepository(
            db, self._audit, self.gemeenten_repo, self.corporaties_repo
        )
        self.onttrekkingen_repo = OnttrekkingenRepository(
            db, self._audit, self.gemeenten_repo, self.corporaties_repo, self.locaties_repo
        )
        self.biedingen_repo = BiedingenRepository(db, self._audit, self.gemeenten_repo)
        self.casussen_repo = CasussenRepository(db, self._audit)
        self.scenarios_repo = ScenariosRepository(
            db, self._audit, self.locaties_repo, self.onttrekkingen_repo
        )
        self.agenda_repo = AgendaRepository(db, self._audit)
        self.wijzigingen_repo = WijzigingenRepository(db)
        self.accounts_repo = AccountsRepository(db, self._audit, self.corporaties_repo)
        self.peildata_repo = PeildataRepository(db, self._audit)
        self.toelichtingen_repo = ToelichtingenRepository(db, self._audit, self.gemeenten_repo)
        #: In the order of :meth:`tellingen`.
        self._repositories: tuple[Repository, ...] = (
            self.gemeenten_repo,
            self.corporaties_repo,
            self.locaties_repo,
            self.onttrekkingen_repo,
            self.biedingen_repo,
            self.casussen_repo,
            self.scenarios_repo,
            self.agenda_repo,
            self.wijzigingen_repo,
            self.accounts_repo,
            self.toelichtingen_repo,
        )

    @property
    def gebruiker(self) -> str:
        """Who the audit log records as the author of this store's writes."""
        return self._audit.gebruiker

    @gebruiker.setter
    def gebruiker(self, gebruiker: str) -> None:
        self._audit.gebruiker = gebruiker

    # ------------------------------------------------------------------ life cycle

    @classmethod
    def open(
        cls, url: str, gebruiker: str | Account = "systeem", migreer: bool = True, **opties: Any
    ) -> Store:
        """Open the database at ``url``; with ``migreer`` bring the schema to the newest version.
        ``opties`` go to :class:`~.database.Database` (``wachttijd``, ``wachttijd_import``: how
        long writes wait for the write lock) and on to SQLAlchemy's ``create_engine``."""
        store = cls(url, gebruiker=gebruiker, **opties)
        if migreer:
            store.migreer()
        return store

    @property
    def account(self) -> Account:
        """The account this store acts for: its rights decide every write."""
        return self._audit.account

    def als(self, gebruiker: str | Account) -> Store:
        """The same database, acting for ``gebruiker`` (an :class:`Account`, whose role decides
        what it may change, or a name with the administrator's rights) and recording writes in
        the audit log under its name."""
        ander = Store.__new__(Store)
        ander._koppel(self._db, gebruiker, self.gemeenten_repo.grenscache)
        return ander

    def migreer(self, revisie: str = "head") -> None:
        """Run the Alembic migrations up to ``revisie`` (default: the newest)."""
        self._db.migreer(revisie)

    def schema_versie(self) -> str | None:
        """The Alembic revision the database is at (None when not initialised)."""
        return self._db.schema_versie()

    def sluit(self) -> None:
        """Close all pooled connections."""
        self._db.sluit()

    # ------------------------------------------------------------------ regio en gemeenten

    def zet_regio(self, regio: Regio) -> None:
        """Store the region and make sure each member municipality has a row."""
        self.gemeenten_repo.zet_regio(regio)

    def regio(self) -> Regio:
        """The region of this database; :class:`ConfiguratieFout` when not initialised."""
        return self.gemeenten_repo.regio()

    def bewaar_gemeenten(
        self, gemeenten: Iterable[Gemeente], bron: str | None = None
    ) -> dict[str, int]:
        """Insert or update municipalities (all or nothing); returns counts per outcome.

        A value that is None (geometry, stocks) leaves the stored value as it is. When
        boundaries are given, every site's municipality and position is derived again in the
        same transaction (count ``herberekend``).
        """
        return self.gemeenten_repo.bewaar(gemeenten, bron)

    def gemeenten(
        self, codes: Iterable[str] | None = None, alleen_regio: bool = False
    ) -> list[Gemeente]:
        """Municipalities (with geometry where loaded), by code."""
        return self.gemeenten_repo.lijst(codes, alleen_regio)

    def gemeente(self, code: str) -> Gemeente:
        """One municipality; :class:`NietGevonden` when unknown."""
        return self.gemeenten_repo.lees(code)

    def heeft_grenzen(self) -> bool:
        """Whether boundary polygons are loaded for the region's municipalities."""
        return self.gemeenten_repo.heeft_grenzen()

    def ligging(self, geometrie: BaseGeometry, gemeente: str | None = None) -> Ligging:
        """Municipality, position and area shares of a geometry (EPSG:28992) by the stored
        boundaries, as the store derives them when saving a site."""
        return self.gemeenten_repo.ligging(geometrie, gemeente)

    # ------------------------------------------------------------------ corporaties

    def bewaar_corporatie(self, corporatie: Corporatie) -> Corporatie:
        """Store a new corporation with its working area (version 1); :class:`Conflict` (with
        the stored one as ``huidig``) when the name exists already, now or as a former name."""
        return self.corporaties_repo.bewaar(corporatie)

    def wijzig_corporatie(
        self, corporatie_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Corporatie:
        """Change ``naam``, ``code`` or ``gemeenten`` (the working area, replaced) of a
        corporation that is still at ``versie``; :class:`Conflict` when it is not. A rename
        keeps the old name as a former name, which imports still recognise."""
        return self.corporaties_repo.wijzig(corporatie_id, wijzigingen, versie)

    def voeg_corporaties_samen(
        self, van_id: int, naar_id: int, versies: Sequence[int]
    ) -> Samenvoeging:
        """Merge corporation ``van_id`` into ``naar_id`` (``versies``: both their versions) in
        one audited transaction: assignments, removals and accounts move, the working areas are
        united, the old name becomes a former name of the target, the old row goes."""
        return self.corporaties_repo.samenvoegen(van_id, naar_id, versies)

    def importeer_corporaties(
        self,
        corporaties: Sequence[Corporatie],
        labels: Sequence[str | None] | None = None,
        droog: bool = False,
    ) -> dict[str, int]:
        """Add or update (by current or former name) many corporations in ONE transaction: all
        or nothing; problems raise :class:`ValidatieFout` naming ``labels[i]``."""
        return self.corporaties_repo.importeer(corporaties, labels, droog)

    def corporatie(self, corporatie_id: int) -> Corporatie:
        """One corporation; :class:`NietGevonden` when it does not exist."""
        return self.corporaties_repo.lees(corporatie_id)

    def corporatie_met_naam(self, naam: str) -> Corporatie:
        """The corporation with name ``naam`` now or before; :class:`NietGevonden` (naming the
        known corporations) when none had it."""
        return self.corporaties_repo.met_naam(naam)

    def corporaties(self) -> list[Corporatie]:
        """All corporations by name, with their working areas and former names."""
        return self.corporaties_repo.lijst()

    # ------------------------------------------------------------------ locaties

    def voeg_locatie_toe(self, locatie: Locatie) -> Locatie:
        """Validate and store a new site; returns it with id, municipality, position and version."""
        return self.locaties_repo.voeg_toe(locatie)

    def wijzig_locatie(
        self, locatie_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Locatie:
        """Change fields of a site that is still at ``versie``; :class:`Conflict` when it is not.

        ``wijzigingen`` holds canonical field names (``geometry``, ``toewijzingen`` as a list of
        :class:`Toewijzing` or dicts replaces all assignments). ``gemeente`` and ``ligging`` are
        derived again from the geometry.
        """
        return self.locaties_repo.wijzig(locatie_id, wijzigingen, versie)

    def verwijder_locatie(self, locatie_id: int, versie: int) -> None:
        """Delete a site that is still at ``versie`` (with its assignments)."""
        self.locaties_repo.verwijder(locatie_id, versie)

    def locatie(self, locatie_id: int) -> Locatie:
        """One site with its assignments; :class:`NietGevonden` when it does not exist."""
        return self.locaties_repo.lees(locatie_id)

    def locaties(
        self,
        gemeente: str | Iterable[str] | None = None,
        corporatie: str | None = None,
        hardheid: str | None = None,
        status: Iterable[str] | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        bron_id: str | None = None,
        ids: Iterable[int] | None = None,
        met_geometrie: bool = True,
    ) -> list[Locatie]:
        """Sites, filtered by municipality code(s), corporation name, ``hard``/``zacht``,
        statuses, bounding box (EPSG:28992 minx, miny, maxx, maxy), supplier id or site ids.
        Without ``met_geometrie`` the geometries are not read (None): much faster for counting."""
        return self.locaties_repo.lijst(
            gemeente, corporatie, hardheid, status, bbox, bron_id, ids, met_geometrie
        )

    def kaartrijen(self, met_geometrie: bool = False, **filters: Any) -> Kaartrijen:
        """The sites for the map as columns (:class:`Kaartrijen`): filters as :meth:`locaties`
        plus ``oplevering_van``/``oplevering_tot``; a bbox through the spatial index;
        geometries only ``met_geometrie``."""
        return kaartrijen(self._db, met_geometrie, **filters)

    def paginatabel(self, ids: Any) -> Any:
        """The sites ``ids`` as the site listing shows them, in id order, as rows of columns
        with their geometries and assignments (:func:`.kaartbeeld.paginatabel`)."""
        return paginatabel(self._db, ids)

    def kaartcellen(self, cel: float, **filters: Any) -> Kaartcellen:
        """The sites that pass ``filters`` (as :meth:`kaartrijen`) aggregated in the database
        per square cell of ``cel`` metres and per hardness (:class:`Kaartcellen`)."""
        return kaartcellen(self._db, cel, **filters)

    def locatievak(self) -> tuple[float, float, float, float] | None:
        """``minx, miny, maxx, maxy`` (EPSG:28992) of the boxes of all sites; None without
        sites."""
        return locatievak(self._db)

    def treffer_ids(self, veelhoek: Any = None, tekst: str | None = None, **filters: Any) -> Any:
        """The ids (ascending numpy array) of the sites that pass ``filters`` (as
        :meth:`kaartrijen`), meet ``veelhoek`` (EPSG:28992) and contain ``tekst`` in name or
        supplier id, without reading the sites as objects."""
        return treffer_ids(self._db, veelhoek, tekst, **filters)

    def treffers(
        self,
        veelhoek: Any = None,
        tekst: str | None = None,
        corporatie: str | None = None,
        *,
        regio: Regio | None = None,
        **filters: Any,
    ) -> tuple[Any, dict[str, int]]:
        """:meth:`treffer_ids` (``corporatie`` one of the filters) and :meth:`daeb_som` of
        those sites, read together in one snapshot (:func:`.kaartbeeld.treffers`); ``regio``:
        the region when the caller has read it already."""
        regio = regio or self.regio()
        return treffers(
            self._db, regio.codes, regio.van, regio.tot, veelhoek, tekst, corporatie, **filters
        )

    def daeb_som(
        self, corporatie: str | None = None, ids: Any = None, **filters: Any
    ) -> dict[str, int]:
        """DAEB new build of the sites that pass ``filters`` (as :meth:`kaartrijen`) or of the
        sites ``ids``, counted by the analysis' rules over the region's period in one aggregate
        query (see :func:`.kaartbeeld.daeb_som`); with ``corporatie`` only its share."""
        regio = self.regio()
        return daeb_som(self._db, regio.codes, regio.van, regio.tot, corporatie, ids, **filters)

    def dataversie(self) -> int:
        """A number that grows with every committed write (for ETags of derived views)."""
        return dataversie(self._db)

    def cacheversie(self) -> tuple[Any, ...]:
        """A key that changes with every committed write (also on PostgreSQL with concurrent
        writers), for caches of answers; read it before the data (:func:`.kaartbeeld.cacheversie`)."""
        return cacheversie(self._db)

    def token_en_versie(self, token: str) -> tuple[Account, tuple[Any, ...]]:
        """The account of the API token ``token`` and the cache version read before it (one
        query while neither changed: :meth:`AccountsRepository.via_token_bij`);
        :class:`NietAangemeld` for an invalid or revoked token or an inactive account."""
        versie = self.cacheversie()
        return self.accounts_repo.via_token_bij(token, versie), versie

    def locaties_gdf(self, **filters: Any) -> Any:
        """Sites as a GeoDataFrame (EPSG:28992) with the canonical columns plus ``hardheid``,
        ``corporaties`` (names joined by ``; ``) and ``daeb_nt`` (DAEB not assigned)."""
        return self.locaties_repo.gdf(**filters)

    def locatietabellen(
        self,
        gemeente: str | Iterable[str] | None = None,
        corporatie: str | None = None,
        hardheid: str | None = None,
        met_geometrie: bool = True,
        alleen: Iterable[str] | None = None,
    ) -> Locatietabellen:
        """Sites and their assignments as two DataFrames (columnar: no object per row; see
        :mod:`.kolommen`), filtered as :meth:`locaties`; one snapshot for both. Every role
        reads every site, as with :meth:`locaties`. ``alleen``: only these site columns."""
        with self._db.lezen() as conn:
            return lees_locatietabellen(conn, gemeente, corporatie, hardheid, met_geometrie, alleen)

    def locatietabellen_vooruit(
        self, alleen: Iterable[str] | None = None
    ) -> Callable[[], Locatietabellen]:
        """Start :meth:`locatietabellen` (all sites, only the columns ``alleen``) and return a
        function that waits for its tables. On PostgreSQL the read runs in a thread on its own
        connection, so the caller can read other things while the server works (the thread
        waits for the server without holding the GIL); elsewhere the function reads then.
        The read is its own transaction, as every call of :meth:`locatietabellen` is."""
        if self._db.engine.dialect.name != "postgresql":
            return lambda: self.locatietabellen(alleen=alleen)
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1, thread_name_prefix="locatietabellen")
        toekomst = pool.submit(self.locatietabellen, alleen=alleen)
        pool.shutdown(wait=False)  # the thread ends when the read is done
        return toekomst.result

    # ------------------------------------------------------------------ onttrekkingen

    def voeg_onttrekking_toe(self, onttrekking: Onttrekking) -> Onttrekking:
        """Validate and store a removal from the target-group stock (version 1)."""
        return self.onttrekkingen_repo.voeg_toe(onttrekking)

    def onttrekking(self, onttrekking_id: int) -> Onttrekking:
        """One removal; :class:`NietGevonden` when it does not exist."""
        return self.onttrekkingen_repo.lees(onttrekking_id)

    def onttrekkingen(self, gemeente: str | None = None) -> list[Onttrekking]:
        """Removals, optionally of one municipality, ordered by municipality and year."""
        return self.onttrekkingen_repo.lijst(gemeente)

    def wijzig_onttrekking(
        self, onttrekking_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Onttrekking:
        """Change fields (``gemeente``, ``jaar``, ``aantal``, ``soort``, ``corporatie``,
        ``locatie``, ``opmerking``) of a removal that is still at ``versie``; :class:`Conflict`
        when it is not."""
        return self.onttrekkingen_repo.wijzig(onttrekking_id, wijzigingen, versie)

    def verwijder_onttrekking(self, onttrekking_id: int, versie: int) -> None:
        """Delete a removal that is still at ``versie``; :class:`Conflict` when it is not."""
        self.onttrekkingen_repo.verwijder(onttrekking_id, versie)

    # ------------------------------------------------------------------ biedingen

    def bewaar_bod(self, bod: Bod) -> Bod:
        """Store a new version of a municipality's bid (``rijversie`` 1); :class:`Conflict`
        (with the stored bid as ``huidig``) when that (gemeente, versie) exists already: it is
        never overwritten here, change it with :meth:`wijzig_bod`."""
        return self.biedingen_repo.bewaar(bod)

    def bod(self, bod_id: int) -> Bod:
        """One bid version; :class:`NietGevonden` when it does not exist."""
        return self.biedingen_repo.lees(bod_id)

    def wijzig_bod(self, bod_id: int, wijzigingen: Mapping[str, Any], rijversie: int) -> Bod:
        """Change fields (``gemeente``, ``versie``, ``datum``, ``daeb``, ``opmerking``) of a bid
        version that is still at ``rijversie``; :class:`Conflict` when it is not."""
        return self.biedingen_repo.wijzig(bod_id, wijzigingen, rijversie)

    def verwijder_bod(self, bod_id: int, rijversie: int) -> None:
        """Delete a bid version that is still at ``rijversie``; :class:`Conflict` when it is
        not."""
        self.biedingen_repo.verwijder(bod_id, rijversie)

    def biedingen(self, gemeente: str | None = None) -> list[Bod]:
        """All bid versions, per municipality oldest first (by date, then entry order)."""
        return self.biedingen_repo.lijst(gemeente)

    def actuele_biedingen(self) -> dict[str, Bod]:
        """The newest bid version per municipality (the one that counts)."""
        return self.biedingen_repo.actueel()

    # ------------------------------------------------------------------ casussen en bijdragen

    def voeg_casus_toe(self, casus: Casus) -> Casus:
        """Validate and store a new case of a municipality (version 1); only that
        municipality's planner (or the administrator) may."""
        return self.casussen_repo.voeg_toe(casus)

    def casus(self, casus_id: int) -> Casus:
        """One case with its sites, solution directions and potential; :class:`NietGevonden`
        when it does not exist."""
        return self.casussen_repo.lees(casus_id)

    def casussen(self, **filters: Any) -> list[Casus]:
        """Cases, filtered by ``gemeente`` (code or codes), ``categorie``, ``status``,
        ``soort``, ``partij`` (a party that contributes) or ``locatie`` (a linked site)."""
        return self.casussen_repo.lijst(**filters)

    def wijzig_casus(self, casus_id: int, wijzigingen: Mapping[str, Any], versie: int) -> Casus:
        """Change fields of a case that is still at ``versie``; :class:`Conflict` when it is
        not. Lists are replaced whole."""
        return self.casussen_repo.wijzig(casus_id, wijzigingen, versie)

    def verwijder_casus(self, casus_id: int, versie: int) -> None:
        """Delete a case that is still at ``versie``, with its contributions."""
        self.casussen_repo.verwijder(casus_id, versie)

    def open_partijen(self, casus_id: int) -> list[str]:
        """The parties that have not contributed to a case yet (``gemeente``, the involved
        corporations by name, ``provincie``)."""
        return self.casussen_repo.open_partijen(casus_id)

    def kanspotentieel(self) -> list[dict[str, Any]]:
        """The potential of the open opportunities as plain rows (casus, gemeente, jaar, daeb,
        overig): what the analysis reads for its scenario "met kansen"."""
        return kansrijen(self.casussen_repo.lijst(soort="kans", status=sorted(OPEN_STATUSSEN)))

    def voeg_bijdrage_toe(self, bijdrage: Bijdrage) -> Bijdrage:
        """Store a party's contribution to a case; only that party may; :class:`Conflict` when
        the party has one already."""
        return self.casussen_repo.voeg_bijdrage_toe(bijdrage)

    def bijdrage(self, bijdrage_id: int) -> Bijdrage:
        """One contribution; :class:`NietGevonden` when it does not exist."""
        return self.casussen_repo.bijdrage(bijdrage_id)

    def bijdragen(self, casus: int | Iterable[int] | None = None) -> list[Bijdrage]:
        """Contributions, of one or more cases."""
        return self.casussen_repo.bijdragen(casus)

    def wijzig_bijdrage(
        self, bijdrage_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Bijdrage:
        """Change ``wat``, ``soort``, ``bedrag`` or ``status`` of a contribution that is still
        at ``versie``; only its own party may."""
        return self.casussen_repo.wijzig_bijdrage(bijdrage_id, wijzigingen, versie)

    def verwijder_bijdrage(self, bijdrage_id: int, versie: int) -> None:
        """Delete a contribution that is still at ``versie``; only its own party may."""
        self.casussen_repo.verwijder_bijdrage(bijdrage_id, versie)

    def importeer_casussen(
        self, casussen: Sequence[Casus], bijdragen: Sequence[Bijdrage], droog: bool = False
    ) -> Casusimport:
        """Add or update cases and contributions in ONE transaction (all or nothing); see
        :meth:`.casussen.CasussenRepository.importeer`."""
        return self.casussen_repo.importeer(casussen, bijdragen, droog)

    # ------------------------------------------------------------------ scenario's (herfasering)

    def voeg_scenario_toe(self, scenario: Scenario) -> Scenario:
        """Store a re-phasing scenario (version 1) with the versions of the records its steps
        touch; see :meth:`.scenarios.ScenariosRepository.voeg_toe`."""
        return self.scenarios_repo.voeg_toe(scenario)

    def scenario(self, scenario_id: int) -> Scenario:
        """One scenario; :class:`NietGevonden` when it does not exist."""
        return self.scenarios_repo.lees(scenario_id)

    def scenarios(self, **filters: Any) -> list[Scenario]:
        """Scenarios, filtered by ``gemeente``, ``casus`` or ``status``."""
        return self.scenarios_repo.lijst(**filters)

    def wijzig_scenario(
        self, scenario_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Scenario:
        """Change a scenario that is still at ``versie``; :class:`Conflict` when it is not."""
        return self.scenarios_repo.wijzig(scenario_id, wijzigingen, versie)

    def verwijder_scenario(self, scenario_id: int, versie: int) -> None:
        """Delete a scenario that is still at ``versie``."""
        self.scenarios_repo.verwijder(scenario_id, versie)

    def pas_scenario_toe(self, scenario_id: int, versie: int) -> Scenario:
        """Apply a scenario's steps to the plan in ONE audited transaction with version
        checks; see :meth:`.scenarios.ScenariosRepository.pas_toe`."""
        return self.scenarios_repo.pas_toe(scenario_id, versie)

    def weigering_toepassen(self, scenario_id: int) -> str | None:
        """Why this account cannot apply the scenario now, or None (reads only)."""
        return self.scenarios_repo.weigering_toepassen(scenario_id)

    # ------------------------------------------------------------------ gespreksagenda

    def startoverleg(self, gemeente: str) -> Startoverleg | None:
        """The start meeting of a municipality's conversation agenda (None when not recorded)."""
        return self.agenda_repo.startoverleg(gemeente)

    def zet_startoverleg(self, overleg: Startoverleg, versie: int | None = None) -> Startoverleg:
        """Record a municipality's start meeting: new (``versie`` None) or a change of the
        stored one still at ``versie``; only that municipality (or the administrator) may."""
        return self.agenda_repo.zet_startoverleg(overleg, versie)

    def agendapunt(self, punt_id: int) -> Agendapunt:
        """One agenda item; :class:`NietGevonden` when it does not exist."""
        return self.agenda_repo.agendapunt(punt_id)

    def agendapunten(self, **filters: Any) -> list[Agendapunt]:
        """Agenda items, filtered by ``gemeente`` (code or codes), ``status`` or ``partij`` (a
        party that proposed or carries them)."""
        return self.agenda_repo.agendapunten(**filters)

    def voeg_agendapunt_toe(self, punt: Agendapunt) -> Agendapunt:
        """Store a new agenda item: the municipality any, another party its own proposal."""
        return self.agenda_repo.voeg_agendapunt_toe(punt)

    def wijzig_agendapunt(
        self, punt_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Agendapunt:
        """Change fields of an agenda item still at ``versie``; :class:`Conflict` when not."""
        return self.agenda_repo.wijzig_agendapunt(punt_id, wijzigingen, versie)

    def verwijder_agendapunt(self, punt_id: int, versie: int) -> None:
        """Delete an agenda item still at ``versie``."""
        self.agenda_repo.verwijder_agendapunt(punt_id, versie)

    def geinformeerd(self, gemeente: str | None = None) -> list[Geinformeerd]:
        """The corporations' marks "huurdersorganisatie geïnformeerd" (of one municipality)."""
        return self.agenda_repo.geinformeerd(gemeente)

    def zet_geinformeerd(self, melding: Geinformeerd, versie: int | None = None) -> Geinformeerd:
        """Record a corporation's mark "huurdersorganisatie geïnformeerd" in a municipality:
        new (``versie`` None) or a change of the stored one; only that corporation may."""
        return self.agenda_repo.zet_geinformeerd(melding, versie)

    # ------------------------------------------------------------------ audit log

    # ------------------------------------------------------------------ peildata

    def leg_peildatum_vast(
        self,
        naam: str,
        datum: date,
        analyse: Callable[[Peilstand], Any] | None = None,
        opmerking: str | None = None,
    ) -> Peilstand:
        """Freeze the complete plan data as ``naam`` at reference date ``datum`` (read-only
        from then on); ``analyse`` computes the analysis JSON stored with it."""
        return self.peildata_repo.vastleggen(naam, datum, analyse, opmerking)

    def peildata(self) -> list[dict[str, Any]]:
        """The frozen states, newest reference date first."""
        return self.peildata_repo.lijst()

    def peilstand(self, naam_of_id: str | int) -> Peilstand:
        """A frozen state: it reads like the store (regio, gemeenten, locaties, ...)."""
        return self.peildata_repo.lees(naam_of_id)

    def verwijder_peildatum(self, naam_of_id: str | int) -> None:
        """Delete a frozen state (administrator only)."""
        self.peildata_repo.verwijder(naam_of_id)

    # ------------------------------------------------------------------ toelichtingen

    def toelichting(self, gemeente: str) -> Toelichting | None:
        """The explanation or course of action of ``gemeente`` (None when it has none)."""
        return self.toelichtingen_repo.lees(gemeente)

    def bewaar_toelichting(self, gemeente: str, tekst: str, versie: int) -> Toelichting:
        """Store the explanation of ``gemeente`` if it is still at ``versie`` (0: none yet);
        the municipality itself (its own) or the administrator; :class:`Conflict` when stale."""
        return self.toelichtingen_repo.bewaar(gemeente, tekst, versie)

    def geschiedenis(self, tabel: str | None = None, sleutel: Any = None) -> list[dict[str, Any]]:
        """Audit-log entries (oldest first), optionally of one table and key."""
        return self.wijzigingen_repo.geschiedenis(tabel, sleutel)

    def tellingen(self) -> dict[str, int]:
        """Number of rows per table (for status output)."""
        uit: dict[str, int] = {}
        with self._db.lezen() as conn:
            for repository in self._repositories:
                uit.update(repository.tel(conn))
            uit["gemeentegrenzen"] = self.gemeenten_repo.tel_grenzen(conn)
        return uit

    # ------------------------------------------------------------------ bulk import

    def importeer_locaties(
        self,
        locaties: Sequence[Locatie],
        droog: bool = False,
        velden: Iterable[str] | None = None,
        labels: Sequence[str | None] | None = None,
        nieuwe_corporaties: bool = False,
    ) -> dict[str, Any]:
        """Add or update many sites in ONE transaction: all or nothing.

        A site whose ``bron_id`` already exists in its (derived) municipality updates that site
        (upsert on ``(gemeente, bron_id)``); with ``velden`` only those fields are taken from the
        import (``toewijzingen`` counts as a field; the geometry always), the rest is kept. A
        site that would not change is left alone. Everything is checked before anything is
        written: domain rules, known corporations and municipalities, inside the region, no
        ``(gemeente, bron_id)`` twice. Problems raise :class:`ValidatieFout` with all of them
        (``item`` is ``labels[i]`` when given). ``droog``: check and count, then roll back.

        All checks run before the write lock is taken (a file with problems never waits for
        it); the write transaction itself is short, and ``slotduur`` in the result is how long
        it took in seconds (not for ``droog``). Every row is checked against every rule, so one
        run reports all problems. An unknown corporation is a problem (with the closest
        registered name as a suggestion) unless ``nieuwe_corporaties``: then the import
        registers it in its own transaction (only for an account that may add corporations,
        else :class:`GeenToegang`); ``nieuwe_corporaties`` in the result names them.

        Returns ``{"toegevoegd": n, "gewijzigd": n, "ongewijzigd": n, "uitkomsten": [...],
        "ids": [...], "gemeenten": [...], "liggingen": [...], "nieuwe_corporaties": [...],
        "slotduur": s}`` with one entry per site in the lists.
        """
        return self.locaties_repo.importeer(locaties, droog, velden, labels, nieuwe_corporaties)

    def importeer_onttrekkingen(
        self,
        onttrekkingen: Sequence[Onttrekking],
        droog: bool = False,
        labels: Sequence[str | None] | None = None,
        nieuwe_corporaties: bool = False,
    ) -> dict[str, Any]:
        """Add many removals in ONE transaction: all or nothing. A removal equal in every field
        to a stored one counts as ``ongewijzigd`` (so a file can be imported twice). Problems
        raise :class:`ValidatieFout` (``item`` = ``labels[i]``); ``droog`` rolls back.
        ``nieuwe_corporaties`` as in :meth:`importeer_locaties`."""
        return self.onttrekkingen_repo.importeer(
            onttrekkingen, droog, labels, nieuwe_corporaties=nieuwe_corporaties
        )

    def importeer_biedingen(
        self,
        biedingen: Sequence[Bod],
        droog: bool = False,
        labels: Sequence[str | None] | None = None,
    ) -> dict[str, Any]:
        """Add or update many bid versions (key ``(gemeente, versie)``) in ONE transaction: all
        or nothing. Problems raise :class:`ValidatieFout`; ``droog`` rolls back."""
        return self.biedingen_repo.importeer(biedingen, droog, labels)
