/*
 * locatieplanner: helpers shared by every script of the package (the planner's map and the
 * folium maps of locatieplanner.weergave).
 *
 * Text from the server only ever reaches the page through textContent (el), never as HTML.
 * This module imports nothing: a self-contained map file inlines it as the one module the
 * others import (weergave/analysekaart.py).
 */

/** A new element with an optional class and text (as text, never HTML). */
export function el(tag, klasse, tekst) {
    const e = document.createElement(tag);
    if (klasse) {
        e.className = klasse;
    }
    if (tekst !== undefined && tekst !== null) {
        e.textContent = String(tekst);
    }
    return e;
}

/** Remove every child of ``e``; returns ``e``. */
export function leeg(e) {
    while (e.firstChild) {
        e.removeChild(e.firstChild);
    }
    return e;
}

/** A table row with a heading and a value; returns the row. */
export function rij(tabel, kop, waarde) {
    const tr = el("tr");
    tr.appendChild(el("th", null, kop));
    tr.appendChild(el("td", null, waarde));
    tabel.appendChild(tr);
    return tr;
}

/** A table row with one cell over ``kolommen`` columns (a remark instead of data). */
export function volleRij(tabel, klasse, tekst, kolommen) {
    const tr = el("tr");
    const td = el("td", klasse, tekst);
    td.colSpan = kolommen;
    tr.appendChild(td);
    tabel.appendChild(tr);
    return tr;
}

// one formatter for every number (toLocaleString builds one per call: slow for thousands)
const NL_GETAL = new Intl.NumberFormat("nl-NL");

/** A number in Dutch notation ("–" when there is none); ``teken``: "+" before a positive one. */
export function getal(n, teken) {
    if (n === null || n === undefined || n === "") {
        return "–";
    }
    return (teken && n > 0 ? "+" : "") + NL_GETAL.format(Number(n));
}

/** "GM0518 's-Gravenhage" from a code and a name, "onbekend" without both. */
export function gemeenteTekst(p) {
    const delen = [p.gemeente, p.gemeentenaam].filter((x) => x);
    return delen.length ? delen.join(" ") : "onbekend";
}

/** The settings of every map element that uses ``module``: the JSON of the page's
 * ``<script type="application/json" data-lp-module="...">`` blocks (data, never code). */
export function gegevensVoor(module) {
    const blokken = document.querySelectorAll('script[type="application/json"][data-lp-module="' + module + '"]');
    return Array.from(blokken, (e) => JSON.parse(e.textContent));
}

/** The object folium declared under ``naam`` (a map or a feature group: a global variable). */
export function foliumObject(naam) {
    const object = window[naam];
    if (!object) {
        throw new Error("Kaartonderdeel " + naam + " ontbreekt in de pagina");
    }
    return object;
}

/** GeoJSON from a URL of this site; an error "HTTP <status>" when the answer is not OK. */
export async function haalGeoJson(url) {
    const r = await fetch(url, {headers: {Accept: "application/geo+json"}, credentials: "same-origin"});
    if (!r.ok) {
        throw new Error("HTTP " + r.status);
    }
    return r.json();
}

/** A message in a box at the top left of the map; the text is added to ``fouten``. */
export function meldOpKaart(kaart, tekst, klasse, fouten) {
    fouten.push(tekst);
    const c = L.control({position: "topleft"});
    c.onAdd = () => el("div", klasse, tekst);
    c.addTo(kaart);
    return c;
}

/** ``element`` as a control of the map at ``positie``: clicks (and, unless ``scrollt``, the
 * mouse wheel) on it do not reach the map. */
export function alsControl(kaart, element, positie, scrollt) {
    const c = L.control({position: positie});
    c.onAdd = () => {
        L.DomEvent.disableClickPropagation(element);
        if (!scrollt) {
            L.DomEvent.disableScrollPropagation(element);
        }
        return element;
    };
    c.addTo(kaart);
    return c;
}
