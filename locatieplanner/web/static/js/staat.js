/*
 * locatieplanner, the planner's map: its settings and the state it shares between its modules.
 *
 * The page hands the settings as JSON in data-config of #kaart (data, never code).
 * window.locatieplanner exposes the state for tests: geladen, ladingen (completed loads),
 * aantallen per layer, samenvatting, kaart, lagen, geselecteerd, bewerkVorm, tekenen (the active
 * drawing handler), selecteer and laadLocaties.
 */

export const kaartEl = document.getElementById("kaart");
export const config = JSON.parse(kaartEl.getAttribute("data-config"));
export const STIJL = config.stijlen;
export const HARD = new Set(config.harde_statussen);
export const SEGMENTEN = Object.keys(config.segmenten);

export const staat = (window.locatieplanner = {
    geladen: false,
    ladingen: 0,
    aantallen: {hard: 0, zacht: 0, gemeenten: 0, onttrekkingen: 0},
    samenvatting: null,
    fouten: [],
    kaart: null,
    lagen: {},
    geselecteerd: null,
    bewerkVorm: null,
});

/** The site being edited in the form: {id (null when new), versie, feature, vorm,
 * vormGewijzigd}, or null. While it is set, clicks on the map do not select a site.
 * ``kiesPlek``: while the planner chooses the place of a new removal, the function a click on
 * a site or on the map gives that place ({gemeente, locatie}); else null. */
export const sessie = {bewerkt: null, kiesPlek: null};

// ------------------------------------------------------------------ a site's properties as text

export function hardheidVan(status) {
    return HARD.has(status) ? "hard" : "zacht";
}

export function statusTekst(p) {
    const omschrijving = config.statussen[p.status];
    return p.status + " (" + (p.hardheid || hardheidVan(p.status)) + ")" + (omschrijving ? ": " + omschrijving : "");
}

export function faseTekst(p) {
    return p.fase + " " + (config.fasen[String(p.fase)] || "");
}

export function tijdTekst(iso) {
    if (!iso) {
        return "";
    }
    const d = new Date(iso);
    if (isNaN(d.getTime())) {
        return String(iso);
    }
    return d.toLocaleString("nl-NL", {dateStyle: "medium", timeStyle: "short"});
}

export function corporatieNamen(p) {
    if (Array.isArray(p.corporaties)) {
        return p.corporaties.join("; ");
    }
    if (p.corporaties) {
        return String(p.corporaties);
    }
    const namen = (p.toewijzingen || []).map((t) => t.corporatie);
    return Array.from(new Set(namen)).join("; ");
}

export function totaal(p) {
    if (p.woningen !== undefined && p.woningen !== null) {
        return Number(p.woningen); // the map's view sends the sum only
    }
    return SEGMENTEN.reduce((s, k) => s + (Number(p[k]) || 0), 0);
}

export function nietToegewezen(p) {
    if (p.daeb_nt !== undefined && p.daeb_nt !== null) {
        return Number(p.daeb_nt);
    }
    const toegewezen = (p.toewijzingen || []).reduce((s, t) => s + (Number(t.daeb) || 0), 0);
    return (Number(p.daeb) || 0) - toegewezen;
}
