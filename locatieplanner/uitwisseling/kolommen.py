"""Which source column feeds which field of an imported file: the user's column mapping first, then
known names (case-insensitive); a clear error for an unknown field or a missing column."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..errors import BestandFout

__all__ = ["koppel_kolommen", "eis_kolommen"]


def _namen(veld: str, aliassen: Mapping[str, Sequence[str]]) -> Sequence[str]:
    return aliassen.get(veld, (veld,))


def koppel_kolommen(
    aanwezig: Sequence[str],
    velden: Sequence[str],
    aliassen: Mapping[str, Sequence[str]],
    kolommen: Mapping[str, str] | None,
    bron: str,
) -> dict[str, str]:
    """Field -> source column of ``aanwezig``: the explicit mapping ``kolommen`` (field -> column)
    first, then the names of ``aliassen`` per field in order (a field without aliases: its own
    name). A mapping with an unknown field or a column the source lacks is a
    :class:`BestandFout` naming ``bron``."""
    klein = {k.lower(): k for k in aanwezig}
    gekozen: dict[str, str] = {}
    for veld, bronkolom in (kolommen or {}).items():
        if veld not in velden:
            raise BestandFout(
                f"kolomkoppeling {veld}={bronkolom}: onbekend veld {veld!r}; toegestaan zijn "
                + ", ".join(velden)
            )
        echt = bronkolom if bronkolom in aanwezig else klein.get(bronkolom.lower())
        if echt is None:
            raise BestandFout(
                f"kolomkoppeling {veld}={bronkolom}: {bron} heeft geen kolom {bronkolom!r}; "
                f"aanwezige kolommen: {', '.join(aanwezig) or '(geen)'}"
            )
        gekozen[veld] = echt
    for veld in velden:
        if veld in gekozen:
            continue
        for alias in _namen(veld, aliassen):
            if alias in klein and klein[alias] not in gekozen.values():
                gekozen[veld] = klein[alias]
                break
    return gekozen


def eis_kolommen(
    gekozen: Mapping[str, str],
    velden: Iterable[str],
    aanwezig: Sequence[str],
    aliassen: Mapping[str, Sequence[str]],
    bron: str,
    uitleg: Mapping[str, str] | None = None,
) -> None:
    """A :class:`BestandFout` when a required field of ``velden`` has no column in ``gekozen``:
    it names the fields (with ``uitleg`` where given), the columns present, the names
    recognised and the column mapping to use instead."""
    ontbreekt = [v for v in velden if v not in gekozen]
    if ontbreekt:
        raise BestandFout(
            f"{bron} mist een kolom voor "
            + " en ".join(
                f"{v!r} ({uitleg[v]})" if uitleg and v in uitleg else repr(v) for v in ontbreekt
            )
            + f". Aanwezige kolommen: {', '.join(aanwezig) or '(geen)'}. Herkend worden "
            + "; ".join(f"{v}: {', '.join(_namen(v, aliassen))}" for v in ontbreekt)
            + ". Koppel een andere kolom met de instelling 'Kolomkoppeling', bijv. "
            + ", ".join(f"{v}=KOLOM" for v in ontbreekt)
        )
