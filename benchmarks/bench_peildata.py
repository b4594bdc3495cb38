"""Benchmark: freezing a reference date (``peildatum vastleggen``) on generated sites, side by side
with a full backup copy of the database (SQLite's online backup, what ``locatieplanner backup``
does) as the reference for "copy everything".

Prints a table: time and database growth of the first freeze, of a second freeze without changes
(shared geometries: nothing new), of a freeze after 1% of the sites moved, and of reading a
frozen state back; and the same for a full backup. A freeze also computes the analysis of the
frozen state (as ``locatieplanner peildatum vastleggen`` does); the column "analyse" says how much
of the time that took (it runs before the write lock is taken), the rest is the copy itself. Run
as a plain script::

    python benchmarks/bench_peildata.py [--locaties 10000]   # 100000 for the national scale
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from shapely import affinity

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyse import maak_gegevens  # noqa: E402

from locatieplanner import analyse  # noqa: E402
from locatieplanner.store import Store  # noqa: E402
from locatieplanner.store.backup import maak_backup  # noqa: E402

__all__ = ["main"]


def _grootte(pad: Path) -> int:
    """Bytes the SQLite database uses (after a checkpoint: pages in use, not free ones)."""
    with sqlite3.connect(pad) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pagina = c.execute("PRAGMA page_size").fetchone()[0]
        aantal = c.execute("PRAGMA page_count").fetchone()[0]
        vrij = c.execute("PRAGMA freelist_count").fetchone()[0]
    return (aantal - vrij) * pagina


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _s(t: float) -> str:
    return f"{t:,.2f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locaties", type=int, default=10000, help="aantal locaties (10000)")
    args = parser.parse_args(argv)
    regio, gemeenten, locaties, onttrekkingen, biedingen, corporaties = maak_gegevens(args.locaties)
    rijen: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "bench.sqlite"
        store = Store.open(f"sqlite:///{pad}")
        store.zet_regio(regio)
        store.bewaar_gemeenten(gemeenten)
        for c in corporaties:
            store.bewaar_corporatie(c)
        # sites entirely outside every boundary are refused by an import; keep the others
        locaties = [loc for loc in locaties if loc.geometry.bounds[2] > 70000]
        for loc in locaties:
            loc.id = None
            loc.bron_id = loc.naam
        begin = time.perf_counter()
        store.importeer_locaties(locaties)
        for o in onttrekkingen:
            o.id = None
        store.importeer_onttrekkingen(onttrekkingen)
        for b in biedingen:
            store.bewaar_bod(b)
        print(f"Store gevuld met {len(locaties)} locaties in {_s(time.perf_counter() - begin)} s")

        analysetijd = [0.0]

        def bereken_stand(stand):
            """What analyse.leg_peildatum_vast gives the store, timed."""
            begin = time.perf_counter()
            uit = analyse.bereken(analyse.lees_invoer(stand), datum=stand.datum).als_dict()
            analysetijd[0] += time.perf_counter() - begin
            return uit

        def vastleggen(naam: str, datum: date):
            return lambda: store.leg_peildatum_vast(naam, datum, bereken_stand)

        def meet(naam: str, functie) -> None:
            voor = _grootte(pad)
            analysetijd[0] = 0.0
            begin = time.perf_counter()
            functie()
            duur = time.perf_counter() - begin
            deel = _s(analysetijd[0]) if analysetijd[0] else "-"
            rijen.append((naam, _s(duur), deel, _mb(_grootte(pad) - voor)))

        meet("peildatum 1 (alles nieuw)", vastleggen("een", date(2021, 12, 15)))
        meet("peildatum 2 (niets gewijzigd)", vastleggen("twee", date(2022, 6, 1)))
        verschuif = store.locaties()[: max(1, args.locaties // 100)]
        for loc in verschuif:
            store.wijzig_locatie(
                loc.id, {"geometry": affinity.translate(loc.geometry, 5, 5)}, loc.versie
            )
        meet("peildatum 3 (1% verschoven)", vastleggen("drie", date(2022, 12, 1)))
        meet("peilstand lezen", lambda: store.peilstand("drie").locaties())
        backup = Path(map_) / "kopie.sqlite"
        begin = time.perf_counter()
        maak_backup(store.url, backup)
        rijen.append(
            (
                "referentie: volledige backup",
                _s(time.perf_counter() - begin),
                "-",
                _mb(os.path.getsize(backup)),
            )
        )
        store.sluit()
    breedte = max(len(r[0]) for r in rijen)
    print(f"\n{'stap'.ljust(breedte)}  {'tijd (s)':>9}  {'analyse (s)':>11}  {'groei (MB)':>10}")
    print(f"{'-' * breedte}  {'-' * 9}  {'-' * 11}  {'-' * 10}")
    for naam, tijd, deel, groei in rijen:
        print(f"{naam.ljust(breedte)}  {tijd:>9}  {deel:>11}  {groei:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
