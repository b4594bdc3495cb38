/*
 * locatieplanner, the planner's map: the side panels (empty, details, form) and the details of
 * the selected site, fetched from the API: its data, assignments, warnings, the analysis' open
 * signals and history.
 */
import {zetAdresLocatie} from "./adres.js";
import {api} from "./api.js";
import {el, gemeenteTekst, getal, leeg, rij, volleRij} from "./gedeeld.js";
import {laadLocaties} from "./filters.js";
import {laadGeschiedenis} from "./geschiedenis.js";
import {markeer, selectielaag, zoomNaar} from "./kaart.js";
import {melding, waarschuwingTekst} from "./meldingen.js";
import {laadSignalen} from "./signalen.js";

import {toonBijLocatie} from "./onttrekkingbeheer.js";
import {SEGMENTEN, config, faseTekst, nietToegewezen, sessie, staat, statusTekst, tijdTekst, totaal} from "./staat.js";

const LIGGING = {
    grens: "ligt over een gemeentegrens",
    buiten: "ligt buiten de regio",
    onbekend: "niet ruimtelijk gecontroleerd (geen grenzen geladen)",
};

/** Show one side panel: "paneel-leeg", "details", "bewerken" or "onttrekking-paneel". */
export function toonPaneel(naam) {
    ["paneel-leeg", "details", "bewerken", "onttrekking-paneel"].forEach((id) => {
        document.getElementById(id).hidden = id !== naam;
    });
    if (naam === "bewerken" || naam === "onttrekking-paneel") {
        document.getElementById("filterblok").open = false;
    }
    const paneel = document.getElementById(naam);
    if (paneel && naam !== "paneel-leeg") {
        paneel.scrollIntoView({block: "start"});
    }
}

function toonWaarschuwingen(waarschuwingen) {
    const waarsch = leeg(document.getElementById("detail-waarschuwingen"));
    if (waarschuwingen && waarschuwingen.length) {
        const doos = el("div", "alert alert-warning py-2 small mb-2");
        doos.setAttribute("role", "status");
        doos.appendChild(el("strong", null, "Let op:"));
        const ul = el("ul", "mb-0");
        waarschuwingen.forEach((w) => ul.appendChild(el("li", null, waarschuwingTekst(w))));
        doos.appendChild(ul);
        waarsch.appendChild(doos);
    }
}

function toonGegevens(p) {
    const tabel = leeg(document.getElementById("detail-gegevens"));
    rij(tabel, "Gemeente", gemeenteTekst(p));
    if (p.ligging && p.ligging !== "binnen") {
        rij(tabel, "Ligging", LIGGING[p.ligging] || p.ligging).classList.add("table-warning");
    }
    rij(tabel, "Status", statusTekst(p));
    rij(tabel, "Fase", p.fase === null || p.fase === undefined ? "onbekend" : faseTekst(p));
    SEGMENTEN.forEach((s) => {
        if (s === "daeb" || Number(p[s])) {
            let tekst = getal(p[s] || 0);
            if (s === "daeb") {
                const nt = nietToegewezen(p);
                if (nt > 0) {
                    tekst += " (" + getal(nt) + " nog niet toegewezen)";
                }
            }
            rij(tabel, config.segmentlabels[s] || s, tekst).title = config.segmenten[s];
        }
    });
    rij(tabel, "Woningen totaal", getal(totaal(p)));
    rij(tabel, "Start bouw", p.start || "–");
    rij(tabel, "Oplevering", p.oplevering || "–");
    if (p.bron_id) {
        rij(tabel, "Bron-id", p.bron_id);
    }
    if (p.opmerking) {
        rij(tabel, "Opmerking", p.opmerking);
    }
    rij(tabel, "Versie", (p.versie || "–") + (p.gewijzigd ? ", " + tijdTekst(p.gewijzigd) : ""));
}

function toonToewijzingen(p) {
    const toew = leeg(document.getElementById("detail-toewijzingen"));
    (p.toewijzingen || []).forEach((t) => {
        const tr = el("tr");
        tr.appendChild(el("td", null, t.corporatie));
        tr.appendChild(el("td", "text-end", getal(t.daeb)));
        tr.appendChild(el("td", "text-end", t.oplevering || "–"));
        toew.appendChild(tr);
    });
    if (!(p.toewijzingen || []).length) {
        volleRij(toew, "text-secondary", "Nog aan geen corporatie toegewezen", 3);
    }
}

/** Show ``feature`` (with the server's ``waarschuwingen`` after a save) in the details panel. */
export function toonDetails(feature, waarschuwingen) {
    staat.geselecteerd = feature;
    zetAdresLocatie(feature.id);
    const p = feature.properties || {};
    document.getElementById("detail-naam").textContent = p.naam;
    toonWaarschuwingen(waarschuwingen);
    toonGegevens(p);
    toonToewijzingen(p);
    toonBijLocatie();
    markeer(feature);
    toonPaneel("details");
    laadSignalen(feature.id);
    laadGeschiedenis(feature.id);
}

/** Select site ``id``: fetch it and show its details (``opties.zoom``: zoom to it). Nothing
 * while a site is being edited. */
export async function selecteer(id, opties) {
    opties = opties || {};
    if (sessie.bewerkt) {
        return;
    }
    let feature;
    try {
        feature = await api("GET", "locaties/" + encodeURIComponent(id));
    } catch (fout) {
        melding("fout", "Locatie " + id + " kon niet worden geopend", [fout.message]);
        if (fout.status === 404) {
            laadLocaties();
        }
        return;
    }
    toonDetails(feature, opties.waarschuwingen);
    if (opties.zoom) {
        zoomNaar(feature);
    }
}

export function startDetails() {
    document.getElementById("detail-sluiten").addEventListener("click", () => {
        staat.geselecteerd = null;
        zetAdresLocatie(null);
        selectielaag.clearLayers();
        toonPaneel("paneel-leeg");
    });
    document.getElementById("knop-inzoomen").addEventListener("click", () => zoomNaar(staat.geselecteerd));
}
