/*
 * locatieplanner, the planner's map: the filters (municipality, corporation, hard/soft, delivery
 * years, statuses) and loading the sites that pass them from the API, filtered on the server.
 * Only the map's view is loaded (GET /kaartbeeld: sites at the detail of the zoom, clusters
 * where dense), again after each move of the map; the count summary of all sites that pass the
 * filters comes from one lean call (GET /locaties?limit=1) when the filters change. A bad
 * filter shows the server's message next to the filters.
 */
import {leesAdres, zetAdresFilters} from "./adres.js";
import {api} from "./api.js";
import {el, getal} from "./gedeeld.js";
import {kaart, toonLaden} from "./kaart.js";
import {gemeenten, toonLocaties} from "./lagen.js";
import {melding} from "./meldingen.js";
import {toonOnttrekkingen} from "./onttrekkingen.js";
import {staat} from "./staat.js";

const filterForm = document.getElementById("filters");

/** The corporations' names, sorted (also the choice in the form's assignments). */
export let corporaties = [];

export function filterWaarden() {
    const w = {};
    ["gemeente", "corporatie", "hardheid", "oplevering_van", "oplevering_tot"].forEach((naam) => {
        const v = filterForm.elements[naam].value.trim();
        if (v) {
            w[naam] = v;
        }
    });
    const statussen = Array.from(filterForm.querySelectorAll("input[name=status]:checked")).map((i) => i.value);
    if (statussen.length) {
        w.status = statussen.join(",");
    }
    return w;
}

export function filtersActief() {
    return Object.keys(filterWaarden()).length > 0;
}

function toonSamenvatting(s, fc) {
    s = s || {};
    staat.samenvatting = s;
    document.getElementById("som-locaties").textContent = getal(s.locaties !== undefined ? s.locaties : fc.numberMatched);
    document.getElementById("som-daeb").textContent = getal(s.daeb);
    document.getElementById("som-hard").textContent = getal(s.daeb_hard);
    document.getElementById("som-zacht").textContent = getal(s.daeb_zacht);
    // what does not count in the period (the labels with the years come from the region)
    document.getElementById("som-na").textContent = getal(s.daeb_na_periode);
    document.getElementById("som-zonder-jaar").textContent = getal(s.daeb_zonder_jaar);
    const overig = (s.daeb_voor_periode || 0) + (s.daeb_buiten_regio || 0);
    document.getElementById("som-overig").textContent = getal(overig);
    document.getElementById("som-overig-blok").hidden = overig === 0;
    document.getElementById("som-corporatie-naam").textContent = s.corporatie || "";
    document.getElementById("som-corporatie").hidden = !s.corporatie;
}

let ladingNr = 0;
let lopend = null;
/** The summary asked last: its filters, the promise of showing it, and its AbortController. */
let gevraagd = {sleutel: null, belofte: null, afbreken: null};

/** The map's view as the API's bbox (lon/lat), a quarter wider on each side so a small move
 * needs nothing new; clipped to the world. */
function beeldVak() {
    const b = kaart.getBounds().pad(0.25);
    const rond = (v) => v.toFixed(5);
    return [
        rond(Math.max(-180, b.getWest())),
        rond(Math.max(-90, b.getSouth())),
        rond(Math.min(180, b.getEast())),
        rond(Math.min(90, b.getNorth())),
    ].join(",");
}

/** Show the summary of every site that passes the filters (not only those in view). It is
 * asked again only for other filters or ``opnieuw`` (after a change of the data); a move of
 * the map shares the one in progress. */
function laadSamenvatting(filters, opnieuw) {
    const sleutel = new URLSearchParams(filters).toString();
    if (!opnieuw && sleutel === gevraagd.sleutel) {
        return gevraagd.belofte;
    }
    if (gevraagd.afbreken) {
        gevraagd.afbreken.abort();
    }
    const afbreken = new AbortController();
    const params = new URLSearchParams(filters);
    params.set("limit", "1");
    const deze = {sleutel: sleutel, belofte: null, afbreken: afbreken};
    deze.belofte = api("GET", "locaties?" + params.toString(), {signal: afbreken.signal}).then(
        (fc) => {
            if (gevraagd === deze) {
                toonSamenvatting(fc.samenvatting, fc);
            }
        },
        (fout) => {
            if (gevraagd === deze) {
                deze.sleutel = null; // failed: ask again next time
            }
            throw fout;
        }
    );
    gevraagd = deze;
    return deze.belofte;
}

/** Load the sites in the map's view that pass the filters (a newer load with other filters cancels an
 * older one); staat.ladingen counts the loads that completed. ``opties.samenvatting``: load the
 * summary again even when the filters are the same (after a change of the data);
 * ``opties.onttrekkingen`` false: leave the removals as they are (the first view draws them
 * once, when they and the municipalities have arrived). */
export async function laadLocaties(opties) {
    const nr = ++ladingNr;
    const filters = filterWaarden();
    const sleutel = new URLSearchParams(filters).toString();
    // a load for other filters is of no use any more: cancel it; one for the same filters (a
    // move of the map) finishes, and its answer is ignored when a newer load was started
    if (lopend && lopend.sleutel !== sleutel) {
        lopend.afbreken.abort();
    }
    const afbreken = new AbortController();
    lopend = {sleutel: sleutel, afbreken: afbreken};
    const params = new URLSearchParams(filters);
    params.set("bbox", beeldVak());
    params.set("zoom", String(Math.round(kaart.getZoom())));
    const samenvatting = document.getElementById("samenvatting");
    const filterfout = document.getElementById("filterfout");
    samenvatting.setAttribute("aria-busy", "true");
    toonLaden(true);
    try {
        // the view is drawn as soon as it arrives; the load completes with the summary
        const som = laadSamenvatting(filters, !opties || opties.samenvatting !== false);
        som.catch(() => {}); // its failure is handled below, while this load is the newest
        const fc = await api("GET", "kaartbeeld?" + params.toString(), {signal: afbreken.signal});
        if (nr !== ladingNr) {
            return;
        }
        filterfout.textContent = "";
        zetAdresFilters(filters);
        toonLocaties(fc.features || []);
        if (!opties || (opties.samenvatting !== false && opties.onttrekkingen !== false)) {
            toonOnttrekkingen(filterWaarden); // a move keeps them (they find their sites)
        }
        staat.beeldGetekend = (staat.beeldGetekend || 0) + 1;
        await som;
    } catch (fout) {
        if (fout.name === "AbortError" || nr !== ladingNr) {
            return;
        }
        if (fout.status === 400) {
            filterfout.textContent = fout.message;
        } else {
            melding("fout", "Locaties konden niet worden geladen", [fout.message]);
            staat.fouten.push(fout.message);
        }
    } finally {
        if (nr === ladingNr) {
            samenvatting.removeAttribute("aria-busy");
            toonLaden(false);
            staat.ladingen += 1;
            document.dispatchEvent(new CustomEvent("locatieplanner:geladen", {detail: staat.aantallen}));
        }
    }
}

/** After a move or zoom of the map, the sites of the new view (a quarter of a second after
 * the last move; the summary stays). */
export function volgKaartbeeld() {
    let timer = null;
    kaart.on("moveend", () => {
        clearTimeout(timer);
        timer = setTimeout(() => laadLocaties({samenvatting: false}), 250);
    });
}

/** The region's municipalities as choices of the municipality filter, by name. */
export function vulGemeentefilter() {
    const select = document.getElementById("filter-gemeente");
    Array.from(gemeenten.entries())
        .sort((a, b) => String(a[1].naam).localeCompare(String(b[1].naam), "nl"))
        .forEach(([code, g]) => {
            const optie = el("option", null, g.naam ? g.naam + " (" + code + ")" : code);
            optie.value = code;
            select.appendChild(optie);
        });
}

/** The corporations from the API as choices of the corporation filter. */
export function toonCorporaties(lijst) {
    corporaties = (lijst || []).map((c) => (typeof c === "string" ? c : c.naam)).filter((n) => n);
    corporaties.sort((a, b) => a.localeCompare(b, "nl"));
    const select = document.getElementById("filter-corporatie");
    corporaties.forEach((naam) => {
        const optie = el("option", null, naam);
        optie.value = naam;
        select.appendChild(optie);
    });
}

/** The filters of the address (a shared link, a reload) in the form; the municipality chosen
 * there, if any. Call after the choices of the selects are filled. */
export function filtersUitAdres() {
    const {filters} = leesAdres();
    ["gemeente", "corporatie", "hardheid", "oplevering_van", "oplevering_tot"].forEach((naam) => {
        if (filters[naam] !== undefined) {
            filterForm.elements[naam].value = filters[naam];
        }
    });
    if (filters.status) {
        const gekozen = new Set(filters.status.split(","));
        filterForm.querySelectorAll("input[name=status]").forEach((i) => {
            i.checked = gekozen.has(i.value);
        });
    }
    return filterForm.elements.gemeente.value || null;
}

/** Zoom the map to municipality ``code`` (its boundary); false when it has none.
 * ``animeren`` false: at once (the view is read right after). */
export function zoomNaarGemeente(code, animeren) {
    const g = gemeenten.get(code);
    if (!g || !g.grenzen || !g.grenzen.isValid()) {
        return false;
    }
    kaart.fitBounds(g.grenzen, {padding: [20, 20], maxZoom: 15, animate: animeren !== false});
    return true;
}

/** A change of a filter loads the sites again (a year while typing: after half a second);
 * choosing a municipality also zooms the map to it. */
export function startFilters() {
    let filterTimer = null;
    filterForm.addEventListener("change", (e) => {
        clearTimeout(filterTimer);
        if (e.target.type === "number" && !e.target.checkValidity()) {
            return; // not a year (yet): the browser marks the field
        }
        if (e.target.name === "gemeente" && e.target.value) {
            zoomNaarGemeente(e.target.value);
        }
        laadLocaties();
    });
    filterForm.addEventListener("input", (e) => {
        if (e.target.type === "number") {
            clearTimeout(filterTimer);
            filterTimer = setTimeout(laadLocaties, 500);
        }
    });
    filterForm.addEventListener("submit", (e) => {
        e.preventDefault();
        clearTimeout(filterTimer);
        laadLocaties();
    });
    filterForm.addEventListener("reset", () => {
        setTimeout(laadLocaties, 0);
    });
}
