/*
 * locatieplanner, the planner's map: the layer "Kansen en knelpunten" (working agreement 5b).
 * Each case is a marker on each of its linked sites and its own area (a polygon, or a marker
 * when the area is a point), from GET /api/v1/casussen.geojson. An opportunity (kans) is a
 * triangle with "+" and a dashed outline, a bottleneck (knelpunt) a square with "!" and a dotted
 * outline, so the kind is clear without colour. The popup has the title, kind, status and a link
 * to the case page; all text is put in with textContent.
 */
import {el, rij} from "./gedeeld.js";
import {staat} from "./staat.js";

let casuslaag = null;

const SOORTNAAM = {kans: "Kans", knelpunt: "Knelpunt"};
const TEKEN = {kans: "+", knelpunt: "!"};
const GEBIEDSTIJL = {
    kans: {color: "#1a7f5a", weight: 3, dashArray: "8 5", fillOpacity: 0.12, className: "lp-casusgebied lp-casusgebied-kans"},
    knelpunt: {color: "#c92a2a", weight: 3, dashArray: "2 5", fillOpacity: 0.12, className: "lp-casusgebied lp-casusgebied-knelpunt"},
};

/** The layer of the cases (not shown until switched on in the layer control). */
export function maakCasuslaag() {
    casuslaag = L.featureGroup();
    return casuslaag;
}

function soortVan(p) {
    return p.soort === "knelpunt" ? "knelpunt" : "kans";
}

function casusPopup(p) {
    const div = el("div", "lp-popup lp-casuspopup");
    div.appendChild(el("div", "lp-popup-naam", p.titel));
    const tabel = el("table");
    rij(tabel, "Soort", SOORTNAAM[soortVan(p)]);
    rij(tabel, "Status", p.status);
    rij(tabel, "Categorie", p.categorie);
    rij(tabel, "Op de kaart", p.plaats === "gebied" ? "eigen gebied van de casus" : "gekoppelde locatie " + p.locatie);
    div.appendChild(tabel);
    if (typeof p.url === "string" && p.url.startsWith("/")) {
        const a = el("a", "lp-naar-casus", "Naar de casus");
        a.href = p.url;
        div.appendChild(a);
    }
    return div;
}

function casusmarker(p, latlng) {
    const soort = soortVan(p);
    const teken = el("span", null, TEKEN[soort]);
    return L.marker(latlng, {
        icon: L.divIcon({
            html: teken,
            className: "lp-casus lp-casus-" + soort + " lp-casus-" + p.casus,
            iconSize: [22, 22],
            iconAnchor: p.plaats === "locatie" ? [-4, 22] : [11, 11],
        }),
        title: SOORTNAAM[soort] + ": " + p.titel,
        keyboard: true,
    });
}

/** Put the cases (a GeoJSON FeatureCollection) in the layer. */
export function toonCasussen(fc) {
    casuslaag.clearLayers();
    let aantal = 0;
    L.geoJSON(fc, {
        style: (f) => GEBIEDSTIJL[soortVan(f.properties || {})],
        pointToLayer: (f, latlng) => casusmarker(f.properties || {}, latlng),
        onEachFeature: (f, laag) => {
            const p = f.properties || {};
            laag.bindPopup(() => casusPopup(p), {maxWidth: 360});
            laag.bindTooltip(() => el("span", null, SOORTNAAM[soortVan(p)] + ": " + p.titel), {sticky: true});
            aantal += 1;
        },
    }).addTo(casuslaag);
    staat.casussen = aantal;
}
