"""Dutch dates for titles and pages: ``22 november 2026``."""

from __future__ import annotations

from datetime import date

__all__ = ["MAANDEN", "datum_tekst"]

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def datum_tekst(d: date) -> str:
    """Dutch date: ``3 maart 2026``."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
