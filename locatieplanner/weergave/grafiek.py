"""Accessible SVG charts as strings: vertical (stacked) bars, horizontal bars and lines.

Domain-free and without JavaScript, so a page shows its charts without any library or CDN. Every
chart is one ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (a text summary of all its
values, read by screen readers), visible axis labels and values, and a ``<title>`` tooltip on every
bar and point. Numbers are Dutch (``11.550``, ``40,3%``); every text is XML-escaped (characters
that XML 1.0 does not allow are dropped), so the result is well-formed XML that can be put inline
in HTML as is. Bars carry ``class="staaf"`` and points ``class="punt"`` (markers
``class="markering"``) with ``data-waarde``, so tests and styles can find them.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "Reeks",
    "Markering",
    "Referentie",
    "getal",
    "procent",
    "tekst",
    "schaal",
    "staafdiagram",
    "balkdiagram",
    "lijndiagram",
]

Waarde = float | int | None

#: Letter size of axis labels and values (SVG user units, about pixels).
LETTER = 12
#: Text colour, gridline colour and axis colour.
INKT = "#212529"
RASTER = "#dee2e6"
AS = "#6c757d"

_ONGELDIG_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KLEUR = re.compile(r"^(#[0-9A-Fa-f]{3,8}|[a-z]{3,20})$")
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")


@dataclass(frozen=True)
class Reeks:
    """A data series: ``naam`` (legend), one value per category (None: unknown), a colour
    (``#rrggbb`` or a CSS colour name) and, for lines, ``gestreept`` for a dashed line."""

    naam: str
    waarden: Sequence[Waarde]
    kleur: str
    gestreept: bool = False


@dataclass(frozen=True)
class Markering:
    """A marked point of a line chart: series index, category index and a short label."""

    reeks: int
    index: int
    label: str
    uitleg: str = ""


@dataclass(frozen=True)
class Referentie:
    """A reference line (e.g. a goal) at ``waarde`` with a label."""

    waarde: float
    label: str


# --------------------------------------------------------------------------- formatting


def _getal_of_none(waarde: Waarde) -> float | None:
    if waarde is None or isinstance(waarde, bool):
        return None
    try:
        w = float(waarde)
    except (TypeError, ValueError):
        return None
    return w if math.isfinite(w) else None


def getal(waarde: Waarde, decimalen: int = 0, teken: bool = False) -> str:
    """Dutch number: ``11.550``, ``-240``, ``0,1563``; ``+`` before positive numbers with
    ``teken``; an en dash for unknown (None, NaN)."""
    w = _getal_of_none(waarde)
    if w is None:
        return "–"
    tekst_ = f"{abs(w):,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if set(tekst_) <= {"0", ",", "."}:  # rounds to zero: no sign
        return tekst_
    if w < 0:
        return "-" + tekst_
    return ("+" if teken else "") + tekst_


def procent(fractie: Waarde, decimalen: int = 1) -> str:
    """Dutch percentage of a fraction: ``0.4028`` -> ``40,3%``; an en dash for unknown."""
    w = _getal_of_none(fractie)
    if w is None:
        return "–"
    return getal(w * 100, decimalen) + "%"


def tekst(waarde: object) -> str:
    """Text for XML content or a (double-quoted) attribute: escaped, invalid characters dropped."""
    return html.escape(_ONGELDIG_XML.sub("", str(waarde)), quote=True)


def _kleur(kleur: str) -> str:
    if not _KLEUR.match(kleur):
        raise ValueError(f"kleur {kleur!r}: gebruik #rrggbb of een CSS-kleurnaam")
    return kleur


def _ident(ident: str | None, *delen: object) -> str:
    if ident is None:
        return "grafiek-" + hashlib.sha1(repr(delen).encode("utf-8")).hexdigest()[:10]
    if not _IDENT.match(ident):
        raise ValueError(f"ident {ident!r}: alleen letters, cijfers, '-' en '_', eerst een letter")
    return ident


def _f(x: float) -> str:
    """Coordinate with at most one decimal."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x % 1 else str(int(x))


def _breedte(s: str, grootte: float = LETTER) -> float:
    """Estimated width of a text in a sans-serif font."""
    return len(s) * grootte * 0.6


def _tekstkleur(achtergrond: str) -> str:
    """Black or white text on a fill, whichever contrasts more (only for #rrggbb)."""
    if not re.match(r"^#[0-9A-Fa-f]{6}$", achtergrond):
        return INKT
    r, g, b = (int(achtergrond[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#ffffff" if lum < 0.4 else INKT


# --------------------------------------------------------------------------- scales


def _mooie_stap(ruw: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``ruw``."""
    macht = 10 ** math.floor(math.log10(ruw))
    for f in (1, 2, 5, 10):
        if f * macht >= ruw * (1 - 1e-9):
            return f * macht
    return 10 * macht  # pragma: no cover


def schaal(laag: float, hoog: float, stappen: int = 5, met_nul: bool = True) -> list[float]:
    """Axis ticks with a "nice" step (1, 2 or 5 times a power of ten) covering ``laag..hoog``
    (and 0 when ``met_nul``), about ``stappen`` intervals."""
    if met_nul:
        laag, hoog = min(laag, 0.0), max(hoog, 0.0)
    # One value (or a range too small to divide, e.g. denormal floats): a range around it
    # (only 0 with met_nul: 0..stappen).
    if hoog - laag <= 1e-9 * max(1.0, abs(laag), abs(hoog)):
        if met_nul and max(abs(laag), abs(hoog)) <= 1e-6:
            laag, hoog = 0.0, float(max(1, stappen))
        else:
            marge = abs(hoog) * 0.1 if abs(hoog) > 1e-6 else 1.0
            laag, hoog = laag - marge, hoog + marge
    stap = _mooie_stap((hoog - laag) / max(1, stappen))
    begin = math.floor(laag / stap + 1e-9) * stap
    eind = math.ceil(hoog / stap - 1e-9) * stap
    aantal = round((eind - begin) / stap)
    return [round(begin + i * stap, 10) for i in range(aantal + 1)]


def _decimalen(ticks: Sequence[float]) -> int:
    if len(ticks) < 2:
        return 0
    stap = abs(ticks[1] - ticks[0])
    return max(0, -math.floor(math.log10(stap) + 1e-9)) if stap < 1 else 0


# --------------------------------------------------------------------------- shared parts


def _kop(ident: str, breedte: float, hoogte: float, titel: str, beschrijving: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="lp-grafiek" '
        f'viewBox="0 0 {_f(breedte)} {_f(hoogte)}" width="{_f(breedte)}" height="{_f(hoogte)}" '
        f'role="img" aria-labelledby="{ident}-titel {ident}-beschrijving" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'font-size="{LETTER}" fill="{INKT}">',
        f'<title id="{ident}-titel">{tekst(titel)}</title>',
        f'<desc id="{ident}-beschrijving">{tekst(beschrijving)}</desc>',
    ]


def _zichtbare_titel(titel: str, x: float = 0) -> str:
    return (
        f'<text class="titel" x="{_f(x)}" y="16" font-size="{LETTER + 2}" '
        f'font-weight="600">{tekst(titel)}</text>'
    )


def _legenda(reeksen: Sequence[Reeks], x: float, y: float, lijn: bool = False) -> str:
    delen = ['<g class="legenda">']
    for r in reeksen:
        if lijn:
            streep = ' stroke-dasharray="5 3"' if r.gestreept else ""
            vorm = (
                f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 18)}" y2="{_f(y - 4)}" '
                f'stroke="{_kleur(r.kleur)}" stroke-width="2.5"{streep}/>'
            )
        else:
            vorm = (
                f'<rect x="{_f(x)}" y="{_f(y - 10)}" width="14" height="12" '
                f'fill="{_kleur(r.kleur)}"/>'
            )
        delen.append(vorm)
        delen.append(f'<text x="{_f(x + 22)}" y="{_f(y)}">{tekst(r.naam)}</text>')
        x += 22 + _breedte(r.naam) + 18
    delen.append("</g>")
    return "".join(delen)


def _controleer(reeksen: Sequence[Reeks], aantal: int) -> None:
    for r in reeksen:
        _kleur(r.kleur)
        if len(r.waarden) != aantal:
            raise ValueError(
                f"reeks {r.naam!r} heeft {len(r.waarden)} waarden, verwacht {aantal} "
                "(één per categorie)"
            )


def _samenvatting(
    categorieen: Sequence[object], reeksen: Sequence[Reeks], decimalen: int, eenheid: str
) -> str:
    achter = f" {eenheid}" if eenheid else ""
    delen = []
    for i, c in enumerate(categorieen):
        if len(reeksen) == 1:
            delen.append(f"{c}: {getal(reeksen[0].waarden[i], decimalen)}{achter}")
        else:
            waarden = ", ".join(f"{r.naam} {getal(r.waarden[i], decimalen)}" for r in reeksen)
            delen.append(f"{c}: {waarden}{achter}")
    return "; ".join(delen) + "."


# --------------------------------------------------------------------------- charts


def staafdiagram(
    titel: str,
    categorieen: Sequence[object],
    reeksen: Sequence[Reeks],
    *,
    gestapeld: bool = True,
    as_titel: str = "",
    beschrijving: str | None = None,
    breedte: float = 640,
    hoogte: float = 300,
    decimalen: int = 0,
    eenheid: str = "",
    toon_titel: bool = True,
    ident: str | None = None,
) -> str:
    """Vertical bars per category, stacked (positive values up, negative down from 0) or side
    by side. The total of a stack stands above it; a segment's value stands inside it when it
    fits. Every non-missing value gives one ``rect.staaf``."""
    _controleer(reeksen, len(categorieen))
    ident = _ident(ident, "staaf", titel, list(categorieen), [r.waarden for r in reeksen])
    waarden = [[_getal_of_none(w) for w in r.waarden] for r in reeksen]
    if gestapeld:
        pos = [sum(max(0.0, w[i] or 0.0) for w in waarden) for i in range(len(categorieen))]
        neg = [sum(min(0.0, w[i] or 0.0) for w in waarden) for i in range(len(categorieen))]
    else:
        pos = [max([0.0, *(w[i] or 0.0 for w in waarden)]) for i in range(len(categorieen))]
        neg = [min([0.0, *(w[i] or 0.0 for w in waarden)]) for i in range(len(categorieen))]
    ticks = schaal(min(neg, default=0.0), max(pos, default=0.0))
    tick_dec = max(decimalen, _decimalen(ticks))
    links = max(_breedte(getal(t, tick_dec)) for t in ticks) + 14 + (16 if as_titel else 0)
    boven = (26 if toon_titel else 6) + (22 if len(reeksen) > 1 else 0) + 16
    onder = 26
    plot_b = max(40.0, breedte - links - 10)
    plot_h = max(40.0, hoogte - boven - onder)
    laag, hoog = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return boven + (hoog - v) / (hoog - laag) * plot_h

    if beschrijving is None:
        beschrijving = f"{titel}. " + _samenvatting(categorieen, reeksen, decimalen, eenheid)
    uit = _kop(ident, breedte, hoogte, titel, beschrijving)
    if toon_titel:
        uit.append(_zichtbare_titel(titel))
    if len(reeksen) > 1:
        uit.append(_legenda(reeksen, links, (26 if toon_titel else 6) + 12))
    uit.append('<g class="assen" aria-hidden="true">')
    for t in ticks:
        kleur = AS if t == 0 else RASTER
        uit.append(
            f'<line x1="{_f(links)}" y1="{_f(y(t))}" x2="{_f(links + plot_b)}" y2="{_f(y(t))}" '
            f'stroke="{kleur}" stroke-width="1"/>'
            f'<text x="{_f(links - 6)}" y="{_f(y(t) + 4)}" text-anchor="end" '
            f'fill="{AS}">{tekst(getal(t, tick_dec))}</text>'
        )
    if as_titel:
        midden = boven + plot_h / 2
        uit.append(
            f'<text class="as-titel" x="12" y="{_f(midden)}" text-anchor="middle" '
            f'transform="rotate(-90 12 {_f(midden)})" fill="{AS}">{tekst(as_titel)}</text>'
        )
    uit.append("</g>")
    n = max(1, len(categorieen))
    vak = plot_b / n
    staaf_b = vak * 0.7 if gestapeld else vak * 0.8 / max(1, len(reeksen))
    achter = f" {eenheid}" if eenheid else ""
    for i, c in enumerate(categorieen):
        x0 = links + i * vak + (vak - (staaf_b if gestapeld else staaf_b * len(reeksen))) / 2
        uit.append(f'<g class="categorie" data-categorie="{tekst(c)}">')
        op, neer = 0.0, 0.0
        for j, r in enumerate(reeksen):
            w = waarden[j][i]
            if w is None:
                continue
            if gestapeld:
                van, tot = (op, op + w) if w >= 0 else (neer + w, neer)
                if w >= 0:
                    op += w
                else:
                    neer += w
                x = x0
            else:
                van, tot = min(0.0, w), max(0.0, w)
                x = x0 + j * staaf_b
            y1, y2 = y(tot), y(van)
            uit.append(
                f'<rect class="staaf" x="{_f(x)}" y="{_f(y1)}" width="{_f(staaf_b)}" '
                f'height="{_f(y2 - y1)}" fill="{_kleur(r.kleur)}" data-reeks="{tekst(r.naam)}" '
                f'data-waarde="{tekst(w)}"><title>{tekst(c)}, {tekst(r.naam)}: '
                f"{tekst(getal(w, decimalen))}{tekst(achter)}</title></rect>"
            )
            label = getal(w, decimalen)
            if w != 0 and y2 - y1 >= LETTER + 4 and _breedte(label) <= staaf_b - 2:
                uit.append(
                    f'<text class="waarde" x="{_f(x + staaf_b / 2)}" '
                    f'y="{_f((y1 + y2) / 2 + 4)}" text-anchor="middle" '
                    f'fill="{_tekstkleur(r.kleur)}">{tekst(label)}</text>'
                )
            elif not gestapeld:
                ty = y1 - 4 if w >= 0 else y2 + LETTER
                uit.append(
                    f'<text class="waarde" x="{_f(x + staaf_b / 2)}" y="{_f(ty)}" '
                    f'text-anchor="middle" font-size="{LETTER - 1}">{tekst(label)}</text>'
                )
        if gestapeld and any(waarden[j][i] is not None for j in range(len(reeksen))):
            totaal = sum(waarden[j][i] or 0.0 for j in range(len(reeksen)))
            ty = y(op) - 5 if totaal >= 0 else y(neer) + LETTER + 2
            uit.append(
                f'<text class="totaal" x="{_f(x0 + staaf_b / 2)}" y="{_f(ty)}" '
                f'text-anchor="middle" font-weight="600">{tekst(getal(totaal, decimalen))}</text>'
            )
        uit.append(
            f'<text class="categorielabel" x="{_f(links + (i + 0.5) * vak)}" '
            f'y="{_f(boven + plot_h + 17)}" text-anchor="middle">{tekst(c)}</text>'
        )
        uit.append("</g>")
    uit.append("</svg>")
    return "".join(uit)


def balkdiagram(
    titel: str,
    labels: Sequence[str],
    waarden: Sequence[Waarde],
    *,
    kleuren: str | Sequence[str] = "#2171b5",
    waardelabels: Sequence[str] | None = None,
    referentie: Referentie | None = None,
    waardekolom: bool = False,
    as_titel: str = "",
    beschrijving: str | None = None,
    breedte: float = 640,
    rijhoogte: float = 30,
    decimalen: int = 0,
    toon_titel: bool = True,
    ident: str | None = None,
) -> str:
    """Horizontal bars from 0 (negative values to the left), one row per label, with the value
    (or ``waardelabels[i]``) at the end of the bar, or with ``waardekolom`` in a column right of
    the plot (so that a reference line never crosses it), and an optional reference line."""
    if len(waarden) != len(labels):
        raise ValueError(f"{len(waarden)} waarden voor {len(labels)} labels")
    if waardelabels is not None and len(waardelabels) != len(labels):
        raise ValueError(f"{len(waardelabels)} waardelabels voor {len(labels)} labels")
    kleurlijst = [kleuren] * len(labels) if isinstance(kleuren, str) else list(kleuren)
    if len(kleurlijst) != len(labels):
        raise ValueError(f"{len(kleurlijst)} kleuren voor {len(labels)} labels")
    for k in kleurlijst:
        _kleur(k)
    ident = _ident(ident, "balk", titel, list(labels), list(waarden))
    w_ = [_getal_of_none(w) for w in waarden]
    teksten = [
        waardelabels[i] if waardelabels is not None else getal(w_[i], decimalen)
        for i in range(len(labels))
    ]
    bekend = [w for w in w_ if w is not None]
    extra = [referentie.waarde] if referentie is not None else []
    ticks = schaal(min([*bekend, *extra], default=0.0), max([*bekend, *extra], default=0.0))
    tick_dec = max(decimalen, _decimalen(ticks))
    labelruimte = min(240.0, max([_breedte(str(lbl)) for lbl in labels], default=0) + 12)
    rechts_tekst = max(
        [_breedte(t) for t, w in zip(teksten, w_, strict=True) if w is None or w >= 0] or [0]
    )
    links_tekst = max(
        [_breedte(t) for t, w in zip(teksten, w_, strict=True) if w is not None and w < 0] or [0]
    )
    if waardekolom:
        rechts_tekst = max([_breedte(t) for t in teksten] or [0])
        links_tekst = 0
    links = labelruimte + (links_tekst + 8 if links_tekst else 0) + 6
    rechts = rechts_tekst + (22 if waardekolom else 12)
    boven = (26 if toon_titel else 4) + (18 if referentie is not None else 4)
    plot_b = max(60.0, breedte - links - rechts)
    plot_h = rijhoogte * max(1, len(labels))
    hoogte = boven + plot_h + 24 + (16 if as_titel else 0)
    laag, hoog = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return links + (v - laag) / (hoog - laag) * plot_b

    if beschrijving is None:
        delen = [f"{lbl}: {t}" for lbl, t in zip(labels, teksten, strict=True)]
        if referentie is not None:
            delen.append(f"{referentie.label}: {getal(referentie.waarde, decimalen)}")
        beschrijving = f"{titel}. " + "; ".join(delen) + "."
    uit = _kop(ident, breedte, hoogte, titel, beschrijving)
    if toon_titel:
        uit.append(_zichtbare_titel(titel))
    uit.append('<g class="assen" aria-hidden="true">')
    for t in ticks:
        kleur = AS if t == 0 else RASTER
        uit.append(
            f'<line x1="{_f(x(t))}" y1="{_f(boven)}" x2="{_f(x(t))}" y2="{_f(boven + plot_h)}" '
            f'stroke="{kleur}" stroke-width="1"/>'
            f'<text x="{_f(x(t))}" y="{_f(boven + plot_h + 16)}" text-anchor="middle" '
            f'fill="{AS}">{tekst(getal(t, tick_dec))}</text>'
        )
    if as_titel:
        uit.append(
            f'<text class="as-titel" x="{_f(links + plot_b / 2)}" y="{_f(hoogte - 4)}" '
            f'text-anchor="middle" fill="{AS}">{tekst(as_titel)}</text>'
        )
    uit.append("</g>")
    balk_h = rijhoogte * 0.62
    for i, lbl in enumerate(labels):
        midden = boven + (i + 0.5) * rijhoogte
        w = w_[i]
        uit.append(f'<g class="rij" data-label="{tekst(lbl)}">')
        uit.append(
            f'<text class="label" x="{_f(labelruimte)}" y="{_f(midden + 4)}" '
            f'text-anchor="end">{tekst(lbl)}</text>'
        )
        if w is not None:
            x1, x2 = sorted((x(0.0), x(w)))
            uit.append(
                f'<rect class="staaf" x="{_f(x1)}" y="{_f(midden - balk_h / 2)}" '
                f'width="{_f(x2 - x1)}" height="{_f(balk_h)}" fill="{kleurlijst[i]}" '
                f'data-waarde="{tekst(w)}"><title>{tekst(lbl)}: {tekst(teksten[i])}</title></rect>'
            )
        if waardekolom:
            tx, anker = links + plot_b + 14, "start"
        elif w is None or w >= 0:
            tx, anker = x(w or 0.0) + 5, "start"
        else:
            tx, anker = x(w) - 5, "end"
        uit.append(
            f'<text class="waarde" x="{_f(tx)}" y="{_f(midden + 4)}" text-anchor="{anker}" '
            f'font-weight="600">{tekst(teksten[i])}</text>'
        )
        uit.append("</g>")
    if referentie is not None:
        rx = x(referentie.waarde)
        label = f"{referentie.label}"
        anker = "end" if rx - links > plot_b / 2 else "start"
        uit.append(
            f'<g class="referentie" data-waarde="{tekst(referentie.waarde)}">'
            f'<line x1="{_f(rx)}" y1="{_f(boven - 4)}" x2="{_f(rx)}" y2="{_f(boven + plot_h)}" '
            f'stroke="{INKT}" stroke-width="2" stroke-dasharray="6 3"/>'
            f'<text x="{_f(rx + (-4 if anker == "end" else 4))}" y="{_f(boven - 6)}" '
            f'text-anchor="{anker}" font-weight="600">{tekst(label)}</text></g>'
        )
    uit.append("</svg>")
    return "".join(uit)


def lijndiagram(
    titel: str,
    categorieen: Sequence[object],
    reeksen: Sequence[Reeks],
    *,
    markeringen: Sequence[Markering] = (),
    met_nul: bool = False,
    as_titel: str = "",
    beschrijving: str | None = None,
    breedte: float = 320,
    hoogte: float = 200,
    decimalen: int = 0,
    legenda: bool = True,
    toon_titel: bool = True,
    markeringskleur: str = "#c92a2a",
    ident: str | None = None,
) -> str:
    """Lines over the categories (e.g. years), one ``circle.punt`` per known value, the first
    and last value of the first series as text, and marked points (``path.markering``: a
    downward triangle with its label) such as temporary dips. The y axis starts at 0 only with
    ``met_nul``, so small changes stay visible."""
    _controleer(reeksen, len(categorieen))
    _kleur(markeringskleur)
    for m in markeringen:
        if not (0 <= m.reeks < len(reeksen) and 0 <= m.index < len(categorieen)):
            raise ValueError(f"markering {m.label!r} ligt buiten de reeksen of categorieën")
    ident = _ident(ident, "lijn", titel, list(categorieen), [r.waarden for r in reeksen])
    waarden = [[_getal_of_none(w) for w in r.waarden] for r in reeksen]
    bekend = [w for rij in waarden for w in rij if w is not None]
    laagste, hoogste = min(bekend, default=0.0), max(bekend, default=0.0)
    if markeringen and not met_nul:  # room below the lowest point for the markers
        laagste -= max(hoogste - laagste, abs(hoogste) * 0.001, 1.0) * 0.35
    ticks = schaal(laagste, hoogste, 4, met_nul)
    tick_dec = max(decimalen, _decimalen(ticks))
    links = max(_breedte(getal(t, tick_dec), LETTER - 1) for t in ticks) + 10
    links += 16 if as_titel else 0
    rechts = 14
    boven = (24 if toon_titel else 6) + (18 if legenda and len(reeksen) > 1 else 0) + 14
    onder = 22
    plot_b = max(40.0, breedte - links - rechts)
    plot_h = max(30.0, hoogte - boven - onder)
    laag, hoog = ticks[0], ticks[-1]
    n = len(categorieen)

    def x(i: int) -> float:
        return links + (plot_b / 2 if n <= 1 else i * plot_b / (n - 1))

    def y(v: float) -> float:
        return boven + (hoog - v) / (hoog - laag) * plot_h

    if beschrijving is None:
        beschrijving = f"{titel}. " + _samenvatting(categorieen, reeksen, decimalen, "")
        if markeringen:
            beschrijving += " Gemarkeerd: " + "; ".join(
                f"{categorieen[m.index]} {m.label}" + (f" ({m.uitleg})" if m.uitleg else "")
                for m in markeringen
            )
            beschrijving += "."
    uit = _kop(ident, breedte, hoogte, titel, beschrijving)
    if toon_titel:
        uit.append(_zichtbare_titel(titel))
    if legenda and len(reeksen) > 1:
        uit.append(_legenda(reeksen, links, (24 if toon_titel else 6) + 12, lijn=True))
    uit.append('<g class="assen" aria-hidden="true">')
    for t in ticks:
        uit.append(
            f'<line x1="{_f(links)}" y1="{_f(y(t))}" x2="{_f(links + plot_b)}" y2="{_f(y(t))}" '
            f'stroke="{RASTER}" stroke-width="1"/>'
            f'<text x="{_f(links - 5)}" y="{_f(y(t) + 4)}" text-anchor="end" '
            f'font-size="{LETTER - 1}" fill="{AS}">{tekst(getal(t, tick_dec))}</text>'
        )
    # x labels: as many as fit, always the first and the last
    stap = max(1, math.ceil(n * 40 / plot_b)) if n else 1
    zichtbaar = list(range(0, n, stap))
    if zichtbaar and zichtbaar[-1] != n - 1:
        if n - 1 - zichtbaar[-1] < stap / 2 and len(zichtbaar) > 1:
            zichtbaar[-1] = n - 1
        else:
            zichtbaar.append(n - 1)
    for i, c in enumerate(categorieen):
        if i in zichtbaar:
            uit.append(
                f'<text x="{_f(x(i))}" y="{_f(boven + plot_h + 16)}" text-anchor="middle" '
                f'font-size="{LETTER - 1}" fill="{AS}">{tekst(c)}</text>'
            )
    if as_titel:
        midden = boven + plot_h / 2
        uit.append(
            f'<text class="as-titel" x="10" y="{_f(midden)}" text-anchor="middle" '
            f'transform="rotate(-90 10 {_f(midden)})" font-size="{LETTER - 1}" '
            f'fill="{AS}">{tekst(as_titel)}</text>'
        )
    uit.append("</g>")
    for j, r in enumerate(reeksen):
        punten = [(i, w) for i, w in enumerate(waarden[j]) if w is not None]
        streep = ' stroke-dasharray="5 3"' if r.gestreept else ""
        uit.append(f'<g class="reeks" data-reeks="{tekst(r.naam)}">')
        if len(punten) > 1:
            d = " ".join(f"{_f(x(i))},{_f(y(w))}" for i, w in punten)
            uit.append(
                f'<polyline points="{d}" fill="none" stroke="{_kleur(r.kleur)}" '
                f'stroke-width="2.2" stroke-linejoin="round"{streep}/>'
            )
        for i, w in punten:
            uit.append(
                f'<circle class="punt" cx="{_f(x(i))}" cy="{_f(y(w))}" r="2.6" '
                f'fill="{_kleur(r.kleur)}" data-waarde="{tekst(w)}"><title>{tekst(r.naam)} '
                f"{tekst(categorieen[i])}: {tekst(getal(w, decimalen))}</title></circle>"
            )
        uit.append("</g>")
    if reeksen:
        punten = [(i, w) for i, w in enumerate(waarden[0]) if w is not None]
        for positie, (i, w) in enumerate(punten[:1] + punten[-1:] if len(punten) > 1 else punten):
            anker = "start" if positie == 0 else "end"
            tx = x(i) + (2 if positie == 0 else -2)
            uit.append(
                f'<text class="waarde" x="{_f(tx)}" y="{_f(y(w) - 7)}" text-anchor="{anker}" '
                f'font-size="{LETTER - 1}" font-weight="600">{tekst(getal(w, decimalen))}</text>'
            )
    for m in markeringen:
        w = waarden[m.reeks][m.index]
        if w is None:
            continue
        mx, my = x(m.index), y(w) + 5
        uitleg = f"{categorieen[m.index]}: {m.label}" + (f" ({m.uitleg})" if m.uitleg else "")
        uit.append(
            f'<g class="markeringgroep">'
            f'<path class="markering" d="M{_f(mx - 5.5)},{_f(my + 3)} h11 l-5.5,9 z" '
            f'fill="{markeringskleur}" stroke="#ffffff" stroke-width="1" '
            f'data-categorie="{tekst(categorieen[m.index])}"><title>{tekst(uitleg)}</title></path>'
            f'<text class="markeringlabel" x="{_f(mx)}" y="{_f(my + 24)}" text-anchor="middle" '
            f'font-size="{LETTER - 1}" font-weight="600" fill="{markeringskleur}">'
            f"{tekst(m.label)}</text></g>"
        )
    uit.append("</svg>")
    return "".join(uit)
