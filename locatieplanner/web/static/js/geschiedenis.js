/*
 * locatieplanner, the planner's map: the history of a site (newest first, who changed what
 * from what to what) and the texts of its fields, also used by the conflict dialog.
 */
import {api} from "./api.js";
import {el, leeg} from "./gedeeld.js";
import {config, staat, tijdTekst} from "./staat.js";

export const VELDNAMEN = Object.assign(
    {
        naam: "Naam",
        status: "Status",
        fase: "Fase",
        start: "Start bouw",
        oplevering: "Oplevering",
        opmerking: "Opmerking",
        bron_id: "Bron-id",
        gemeente: "Gemeente",
        ligging: "Ligging",
        toewijzingen: "Toewijzingen",
        geometry: "Vorm/ligging",
    },
    config.segmentlabels
);

export function waardeTekst(veld, w) {
    if (w === null || w === undefined || w === "") {
        return "–";
    }
    if (veld === "toewijzingen") {
        if (!w.length) {
            return "geen";
        }
        return w.map((t) => t.corporatie + " " + t.daeb + (t.oplevering ? " (" + t.oplevering + ")" : "")).join("; ");
    }
    if (typeof w === "object") {
        return JSON.stringify(w);
    }
    return String(w);
}

function verschillen(oud, nieuw) {
    const uit = [];
    const velden = new Set(Object.keys(oud || {}).concat(Object.keys(nieuw || {})));
    velden.forEach((v) => {
        if (v === "versie" || v === "id" || v === "aangemaakt" || v === "gewijzigd") {
            return;
        }
        const a = (oud || {})[v];
        const b = (nieuw || {})[v];
        if (JSON.stringify(a === undefined ? null : a) !== JSON.stringify(b === undefined ? null : b)) {
            uit.push(v);
        }
    });
    return uit;
}

function regel(r) {
    const li = el("li");
    const kop = el("div");
    kop.appendChild(el("span", "lp-actie", r.actie));
    kop.appendChild(document.createTextNode(" door "));
    kop.appendChild(el("span", "lp-gebruiker", r.gebruiker || "onbekend"));
    kop.appendChild(document.createTextNode(" · "));
    kop.appendChild(el("span", "lp-wanneer", tijdTekst(r.tijd)));
    li.appendChild(kop);
    if (r.actie === "gewijzigd" && r.oud && r.nieuw) {
        const ul = el("ul");
        verschillen(r.oud, r.nieuw).forEach((v) => {
            const item = el("li");
            item.appendChild(el("span", null, (VELDNAMEN[v] || v) + ": "));
            if (v === "geometry") {
                item.appendChild(el("span", null, "gewijzigd"));
            } else {
                item.appendChild(el("span", "lp-oud", waardeTekst(v, r.oud[v])));
                item.appendChild(document.createTextNode(" → "));
                item.appendChild(el("span", "lp-nieuw", waardeTekst(v, r.nieuw[v])));
            }
            ul.appendChild(item);
        });
        li.appendChild(ul);
    }
    return li;
}

/** The history of site ``id`` in #geschiedenis; its data-geladen is the id once shown. */
export async function laadGeschiedenis(id) {
    const lijst = leeg(document.getElementById("geschiedenis"));
    lijst.appendChild(el("li", "text-secondary", "Geschiedenis laden…"));
    let regels;
    try {
        regels = await api("GET", "locaties/" + encodeURIComponent(id) + "/geschiedenis");
    } catch (fout) {
        leeg(lijst).appendChild(el("li", "text-danger", "Geschiedenis niet beschikbaar: " + fout.message));
        return;
    }
    if (!staat.geselecteerd || staat.geselecteerd.id !== id) {
        return;
    }
    leeg(lijst);
    if (!Array.isArray(regels)) {
        regels = (regels && (regels.wijzigingen || regels.items)) || [];
    }
    regels
        .slice()
        .reverse()
        .forEach((r) => lijst.appendChild(regel(r)));
    if (!regels.length) {
        lijst.appendChild(el("li", "text-secondary", "Geen wijzigingen vastgelegd."));
    }
    lijst.dataset.geladen = String(id);
}
