/*
 * locatieplanner, the planner's map: the filters (municipality, corporation, hard/soft, delivery
 * years, statuses) and loading the sites that pass them from the API, filtered on the server,
 * with the count summary. A bad filter shows the server's message next to the filters.
 */
import {leesAdres, zetAdresFilters} from "./adres.js";
import {haalAlles} from "./api.js";
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

/** Load the sites that pass the filters (a newer load cancels an older one); staat.ladingen
 * counts the loads that completed. */
export async function laadLocaties() {
    const nr = ++ladingNr;
    if (lopend) {
        lopend.abort();
    }
    lopend = new AbortController();
    const params = new URLSearchParams(filterWaarden());
    params.set("limit", "5000");
    const samenvatting = document.getElementById("samenvatting");
    const filterfout = document.getElementById("filterfout");
    samenvatting.setAttribute("aria-busy", "true");
    toonLaden(true);
    try {
        const fc = await haalAlles("locaties?" + params.toString(), lopend.signal);
        if (nr !== ladingNr) {
            return;
        }
        filterfout.textContent = "";
        zetAdresFilters(filterWaarden());
        toonLocaties(fc.features || []);
        toonSamenvatting(fc.samenvatting, fc);
        toonOnttrekkingen(filterWaarden);
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

/** Zoom the map to municipality ``code`` (its boundary); false when it has none. */
export function zoomNaarGemeente(code) {
    const g = gemeenten.get(code);
    if (!g || !g.grenzen || !g.grenzen.isValid()) {
        return false;
    }
    kaart.fitBounds(g.grenzen, {padding: [20, 20], maxZoom: 15});
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
