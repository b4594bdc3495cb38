"""Gzip of an HTML page that carries a secret (the session's CSRF token) without exposing it to
BREACH: the text between the secrets is compressed, each piece by its own compressor (so no piece
refers back to another), and every secret goes into the stream as a stored, uncompressed block.
The compressed length then depends only on the text around the secrets, never on how much of a
secret an attacker's reflected text matches.

The result is one ordinary gzip member (RFC 1952) that any browser decodes.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable

__all__ = ["gzip_buiten_geheimen"]

_KOP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, no time, OS unknown
_SLOT = b"\x01\x00\x00\xff\xff"  # an empty stored block marked final
_MAX_BLOK = 0xFFFF


def _opgeslagen(data: bytes) -> bytes:
    """``data`` as stored (uncompressed, non-final) deflate blocks."""
    uit = bytearray()
    for begin in range(0, len(data), _MAX_BLOK):
        stuk = data[begin : begin + _MAX_BLOK]
        uit += b"\x00" + struct.pack("<HH", len(stuk), len(stuk) ^ 0xFFFF) + stuk
    return bytes(uit)


def _gecomprimeerd(data: bytes, niveau: int) -> bytes:
    """``data`` as non-final deflate blocks of a fresh compressor, ending on a byte boundary."""
    c = zlib.compressobj(niveau, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)


def gzip_buiten_geheimen(tekst: str, geheimen: Iterable[str], niveau: int = 6) -> bytes:
    """``tekst`` (UTF-8) gzipped with every occurrence of each non-empty string in ``geheimen``
    stored uncompressed and the pieces between them compressed independently."""
    data = tekst.encode()
    namen = sorted({g for g in geheimen if g}, key=len, reverse=True)
    delen = (
        re.split(b"(" + b"|".join(re.escape(g.encode()) for g in namen) + b")", data)
        if namen
        else [data]
    )
    uit = bytearray(_KOP)
    for i, deel in enumerate(delen):
        if not deel:
            continue
        # re.split puts the separators (the secrets) at the odd places
        uit += _opgeslagen(deel) if i % 2 else _gecomprimeerd(deel, niveau)
    uit += _SLOT
    uit += struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return bytes(uit)
