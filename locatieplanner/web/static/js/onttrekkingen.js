/*
 * locatieplanner, the planner's map: the removals (sloop, verkoop, ...) as markers with the
 * number removed, at their site (just above and right of it) or at the centre of their
 * municipality. They cluster too (the cluster shows the total removed) and follow the filters.
 */
import {api} from "./api.js";
import {el, getal} from "./gedeeld.js";
import {gemeenten, sites} from "./lagen.js";
import {staat} from "./staat.js";

let onttrekkingslaag = null;
let onttrekkingen = [];
/** What the "Bewerken" button of a removal in a popup does (set by onttrekkingbeheer.js). */
let bewerkActie = null;
const losseLocaties = new Map(); // site id -> centre, for removals linked to filtered-out sites

/** The layer of the removals, on the map. */
export function maakOnttrekkingslaag(kaart) {
    onttrekkingslaag = L.markerClusterGroup({
        maxClusterRadius: 35,
        disableClusteringAtZoom: 14,
        clusterPane: "lpOnttrekkingen",
        showCoverageOnHover: false,
        iconCreateFunction: (c) => {
            let som = 0;
            c.getAllChildMarkers().forEach((m) => {
                som += m.options.aantal || 0;
            });
            const tekst = "−" + getal(som);
            return L.divIcon({
                html: el("span", null, tekst),
                className: "lp-onttrekking lp-onttrekking-groep",
                iconSize: [Math.max(26, 12 + tekst.length * 7), 22],
            });
        },
    }).addTo(kaart);
    return onttrekkingslaag;
}

/** What the "Bewerken" button of a removal in a popup does: ``actie(removal)``. */
export function zetOnttrekkingActie(actie) {
    bewerkActie = actie;
}

/** Every removal as the API gave it. */
export function alleOnttrekkingen() {
    return onttrekkingen;
}

/** The removals from the API (a list, or an object with one). */
export function zetOnttrekkingen(lijst) {
    onttrekkingen = Array.isArray(lijst) ? lijst : (lijst && lijst.onttrekkingen) || [];
}

function onttrekkingPopup(groep, som) {
    const div = el("div", "lp-popup");
    div.appendChild(el("div", "lp-popup-naam", "Onttrekkingen: " + getal(som) + " woningen"));
    div.appendChild(el("div", "small text-secondary mb-1", groep.plek));
    const tabel = el("table", "table table-sm mb-0");
    const kop = el("tr");
    ["Jaar", "Soort", "Aantal", "Corporatie", ""].forEach((t) => kop.appendChild(el("th", null, t)));
    tabel.appendChild(kop);
    groep.rijen
        .slice()
        .sort((a, b) => a.jaar - b.jaar)
        .forEach((o) => {
            const tr = el("tr");
            tr.appendChild(el("td", null, o.jaar));
            tr.appendChild(el("td", null, o.soort));
            tr.appendChild(el("td", null, getal(o.aantal)));
            tr.appendChild(el("td", null, o.corporatie || "–"));
            const td = el("td");
            if (bewerkActie) {
                const knop = el("button", "btn btn-link btn-sm p-0 lp-ott-bewerk", "Bewerken");
                knop.type = "button";
                knop.dataset.id = o.id;
                knop.addEventListener("click", () => bewerkActie(o));
                td.appendChild(knop);
            }
            tr.appendChild(td);
            tr.title = o.opmerking || "";
            tabel.appendChild(tr);
        });
    div.appendChild(tabel);
    return div;
}

const onderweg = new Set(); // site ids asked for and not yet answered
let naEersteBeeld = Promise.resolve();

/** Look up the sites outside the view only after ``belofte`` (the first view): its own
 * requests go first, these removals follow. */
export function zoekPlekkenNa(belofte) {
    naEersteBeeld = belofte;
}

/** The ids in parts whose request line stays well under the server's limit (gunicorn: 4094
 * bytes), each part at most a thousand. */
function delenVan(ids) {
    const delen = [];
    let deel = [];
    let lengte = 0;
    ids.forEach((id) => {
        const tekst = String(id);
        if (deel.length && (deel.length >= 1000 || lengte + tekst.length + 1 > 3000)) {
            delen.push(deel);
            deel = [];
            lengte = 0;
        }
        deel.push(id);
        lengte += tekst.length + 1;
    });
    if (deel.length) {
        delen.push(deel);
    }
    return delen;
}

async function haalLosseLocaties(ids, filterWaarden) {
    // a few requests for all of them (GET /locaties/plekken), not one per site; a site already
    // asked for is not asked again
    const nieuw = ids.filter((id) => !onderweg.has(id));
    if (!nieuw.length) {
        return;
    }
    nieuw.forEach((id) => onderweg.add(id));
    await naEersteBeeld;
    await Promise.all(
        delenVan(nieuw).map(async (deel) => {
            let gevonden = new Map();
            try {
                const antwoord = await api("GET", "locaties/plekken?ids=" + deel.join(","));
                gevonden = new Map(antwoord.plekken.map((p) => [p.id, p]));
            } catch {
                // not available: every site of this part falls back to its municipality
            }
            deel.forEach((id) => {
                const p = gevonden.get(id);
                // a deleted site falls back to the municipality
                losseLocaties.set(id, p ? {midden: L.latLng(p.bbox[3], p.bbox[2]), naam: p.naam} : null);
                onderweg.delete(id);
            });
        })
    );
    toonOnttrekkingen(filterWaarden);
}

/** The removals that pass the filters (``filterWaarden()``: the filter form's values). */
export function toonOnttrekkingen(filterWaarden) {
    onttrekkingslaag.clearLayers();
    const f = filterWaarden();
    const groepenPerPlek = new Map();
    let zonderPlek = 0;
    const teHalen = [];
    onttrekkingen.forEach((o) => {
        if (f.gemeente && o.gemeente !== f.gemeente) {
            return;
        }
        if (f.corporatie && o.corporatie !== f.corporatie) {
            return;
        }
        if (f.oplevering_van && o.jaar < Number(f.oplevering_van)) {
            return;
        }
        if (f.oplevering_tot && o.jaar > Number(f.oplevering_tot)) {
            return;
        }
        let sleutel;
        let midden = null;
        let plek;
        if (o.locatie !== null && o.locatie !== undefined) {
            sleutel = "l" + o.locatie;
            const site = sites.get(o.locatie);
            if (site) {
                midden = site.bounds.getNorthEast();
                plek = site.feature.properties.naam;
            } else if (losseLocaties.has(o.locatie)) {
                const los = losseLocaties.get(o.locatie);
                midden = los && los.midden;
                plek = los && los.naam;
            } else {
                teHalen.push(o.locatie);
                return;
            }
        }
        if (!midden) {
            const g = gemeenten.get(o.gemeente);
            sleutel = "g" + o.gemeente;
            midden = g && g.midden;
            plek = "gemeente " + (g && g.naam ? g.naam + " (" + o.gemeente + ")" : o.gemeente);
        }
        if (!midden) {
            zonderPlek += 1;
            return;
        }
        if (!groepenPerPlek.has(sleutel)) {
            groepenPerPlek.set(sleutel, {midden: midden, plek: plek, bijLocatie: sleutel[0] === "l", rijen: []});
        }
        groepenPerPlek.get(sleutel).rijen.push(o);
    });
    const markers = [];
    groepenPerPlek.forEach((groep) => {
        const som = groep.rijen.reduce((s, o) => s + (Number(o.aantal) || 0), 0);
        const tekst = "−" + getal(som);
        const breedte = Math.max(22, 10 + tekst.length * 7);
        // at a site: just above and right of its north-east corner, so that the site stays
        // visible and clickable; at a municipality: centred on its centre
        const marker = L.marker(groep.midden, {
            icon: L.divIcon({
                html: el("span", null, tekst),
                className: "lp-onttrekking",
                iconSize: [breedte, 18],
                iconAnchor: groep.bijLocatie ? [-6, 24] : [breedte / 2, 9],
            }),
            aantal: som,
            pane: "lpOnttrekkingen",
        });
        marker.bindTooltip(() => el("span", null, getal(som) + " onttrokken woningen: " + groep.plek), {
            direction: "top",
            offset: [0, -10],
        });
        marker.bindPopup(() => onttrekkingPopup(groep, som), {maxWidth: 380});
        markers.push(marker);
    });
    // at once: the cluster group clusters them in one pass (one by one costs seconds for thousands)
    onttrekkingslaag.addLayers(markers);
    staat.onttrekkingenGetekend = (staat.onttrekkingenGetekend || 0) + 1;
    staat.aantallen.onttrekkingen = groepenPerPlek.size;
    staat.onttrekkingenZonderPlek = zonderPlek;
    if (teHalen.length) {
        haalLosseLocaties(Array.from(new Set(teHalen)), filterWaarden);
    }
}
