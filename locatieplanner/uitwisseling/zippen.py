"""A zip file whose members are compressed in parallel threads and written in name order.

The shapefile export's zip holds ~135 MB of files for 100,000 sites; compressing them one by one
is a tenth of the export. zlib releases the GIL while it compresses, so the members go to a
small thread pool as soon as each is complete (while the export builds and writes the next
layers), and :meth:`Zip.sluit` writes them in name order. Each member is the same raw deflate
stream (level :data:`NIVEAU`) that :mod:`zipfile` would write, with the same header fields
(time from the file, or now for texts from memory; Unix permissions); archives that need
ZIP64 (a member or the archive of 4 GB or more, 65,535 members or more) are written by
:mod:`zipfile` instead.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NIVEAU", "Zip"]

#: Deflate level: fast (a national export is tens of megabytes; level 1 is ~4x faster than 6).
NIVEAU = 1
#: Largest size or offset without ZIP64.
_GRENS = 0xFFFFFFFF
#: Largest number of members without ZIP64.
_MAX_LEDEN = 0xFFFF
#: Version 2.0 (deflate), made on Unix, as :mod:`zipfile` writes them.
_VERSIE, _GEMAAKT_OP = 20, 3
#: Local file header, central directory entry and end record (as :mod:`zipfile`'s structs).
_LOKAAL = "<4s2B4HL2L2H"
_CENTRAAL = "<4s4B4HL2L5H2L"
_EINDE = "<4s4H2LH"


@dataclass
class _Lid:
    naam: str
    tijd: tuple[int, int, int, int, int, int]
    attributen: int
    grootte: int
    crc: int
    data: bytes


def _comprimeer(naam: str, inhoud: bytes | Path) -> _Lid:
    if isinstance(inhoud, Path):
        st = inhoud.stat()
        tijd = time.localtime(st.st_mtime)[:6]
        attributen = (st.st_mode & 0xFFFF) << 16
        inhoud = inhoud.read_bytes()
    else:
        tijd = time.localtime(time.time())[:6]
        attributen = 0o600 << 16
    compressor = zlib.compressobj(NIVEAU, zlib.DEFLATED, -15)
    data = compressor.compress(inhoud) + compressor.flush()
    return _Lid(naam, tijd, attributen, len(inhoud), zlib.crc32(inhoud), data)


def _dos_tijd(tijd: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    jaar, maand, dag, uur, minuut, seconde = tijd
    if jaar < 1980:  # zipfile refuses these; files of the export are never that old
        raise ValueError("tijden voor 1980 passen niet in een zip")
    return uur << 11 | minuut << 5 | seconde // 2, (jaar - 1980) << 9 | maand << 5 | dag


class Zip:
    """Add members with :meth:`voeg_toe` (bytes, or a complete file that is read in a worker
    thread); :meth:`sluit` waits for them and writes ``pad``. Use as a context manager: on an
    error the workers are stopped and nothing is written."""

    def __init__(self, pad: str | os.PathLike[str], threads: int | None = None) -> None:
        self.pad = Path(pad)
        self._pool = ThreadPoolExecutor(max_workers=threads or min(4, os.cpu_count() or 1))
        self._leden: dict[str, Future[_Lid]] = {}

    def voeg_toe(self, naam: str, inhoud: bytes | Path) -> None:
        """Start compressing member ``naam`` (a file must not change afterwards)."""
        if naam in self._leden:
            raise ValueError(f"{naam} staat al in de zip")
        self._leden[naam] = self._pool.submit(_comprimeer, naam, inhoud)

    def __enter__(self) -> Zip:
        return self

    def __exit__(self, soort: object, *_: object) -> None:
        if soort is not None:
            for lid in self._leden.values():
                lid.cancel()
        self._pool.shutdown(wait=True)

    def sluit(self) -> None:
        """Write the zip: the members in name order."""
        leden = [self._leden[naam].result() for naam in sorted(self._leden)]
        self._pool.shutdown(wait=True)
        offset = sum(30 + len(lid.naam.encode()) + len(lid.data) for lid in leden)
        if (
            len(leden) >= _MAX_LEDEN
            or offset >= _GRENS
            or any(lid.grootte >= _GRENS for lid in leden)
        ):
            self._met_zipfile(leden)
            return
        centraal: list[bytes] = []
        with open(self.pad, "wb") as uit:
            for lid in leden:
                naam = lid.naam.encode("utf-8")
                vlag = 0 if lid.naam.isascii() else 0x800  # UTF-8 name
                velden = (vlag, 8, *_dos_tijd(lid.tijd), lid.crc, len(lid.data), lid.grootte)
                centraal.append(
                    struct.pack(
                        _CENTRAAL,
                        b"PK\x01\x02",
                        _VERSIE,
                        _GEMAAKT_OP,
                        _VERSIE,
                        0,
                        *velden,
                        len(naam),
                        0,
                        0,
                        0,
                        0,
                        lid.attributen,
                        uit.tell(),
                    )
                    + naam
                )
                uit.write(struct.pack(_LOKAAL, b"PK\x03\x04", _VERSIE, 0, *velden, len(naam), 0))
                uit.write(naam)
                uit.write(lid.data)
            begin = uit.tell()
            for kop in centraal:
                uit.write(kop)
            lengte = uit.tell() - begin
            n = len(leden)
            uit.write(struct.pack(_EINDE, b"PK\x05\x06", 0, 0, n, n, lengte, begin, 0))

    def _met_zipfile(self, leden: list[_Lid]) -> None:
        """Large archives (ZIP64): :mod:`zipfile` writes them (compressing once more)."""
        with zipfile.ZipFile(self.pad, "w", zipfile.ZIP_DEFLATED) as zf:
            for lid in leden:
                info = zipfile.ZipInfo(lid.naam, lid.tijd)
                info.external_attr = lid.attributen
                zf.writestr(
                    info,
                    zlib.decompress(lid.data, -15),
                    compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=NIVEAU,
                )
