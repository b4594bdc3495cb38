/*
 * locatieplanner, the planner's map: the Leaflet map itself with its panes, basemaps and
 * controls (layers, scale, "loading", legend), the layers for the selected and the edited site,
 * and geometry helpers.
 */
import {alsControl, el, meldOpKaart} from "./gedeeld.js";
import {HARD, STIJL, config, staat} from "./staat.js";

/** The map (set by maakKaart). */
export let kaart = null;
/** The outline of the selected site, and the editable copy of the site in the form. */
export let selectielaag = null;
export let bewerklaag = null;
let ladenControl = null;

function htmlTekst(s) {
    // only for Leaflet's attribution, which is HTML: escape the configured text
    return String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
}

/** The map in ``kaartEl`` with its panes and basemaps (the first one shown); returns the
 * basemaps by name. */
export function maakKaart(kaartEl) {
    kaart = L.map(kaartEl, {minZoom: 6, maxZoom: 19, zoomControl: true});
    staat.kaart = kaart;
    kaart.createPane("lpGemeenten").style.zIndex = 350;
    // the municipalities' names above their boundaries, under the sites' polygons (400)
    kaart.createPane("lpGemeentelabels").style.zIndex = 360;
    // removals below the sites' markers (600), above the polygons (400)
    kaart.createPane("lpOnttrekkingen").style.zIndex = 550;
    // the outline of the selected site above the sites' polygons
    kaart.createPane("lpSelectie").style.zIndex = 450;
    kaart.attributionControl.setPrefix(false);

    const basislagen = {};
    config.basiskaarten.forEach((b, i) => {
        const laag = L.tileLayer(b.url, {
            attribution: htmlTekst(b.attributie),
            minZoom: 6,
            maxZoom: 19,
            maxNativeZoom: b.max_zoom || 19,
        });
        basislagen[b.naam] = laag;
        laag.on("tileerror", () => achtergrondOnbereikbaar(laag, b.naam));
        if (i === 0) {
            laag.addTo(kaart);
        }
    });
    return basislagen;
}

let achtergrondGemeld = false;

/** A basemap whose tiles cannot be loaded (offline, a government network without PDOK): say
 * so once and switch to the plain background. A basemap the planner then chooses again in the
 * layer menu stays, whatever its tiles do. */
function achtergrondOnbereikbaar(laag, naam) {
    if (achtergrondGemeld || !kaart.hasLayer(laag)) {
        return;
    }
    kaart.removeLayer(laag);
    achtergrondGemeld = true;
    kaart.getContainer().dataset.achtergrond = "effen";
    kaartmelding(
        "De achtergrondkaart (" + naam + ") kan niet worden geladen, mogelijk is er geen " +
            "internet: de kaart toont een effen achtergrond. Kies de achtergrond in het " +
            "lagenmenu om het opnieuw te proberen."
    );
}

/** The layers of the selection and of the site being edited (above the sites). */
export function maakWerklagen() {
    selectielaag = L.featureGroup().addTo(kaart);
    bewerklaag = L.featureGroup().addTo(kaart);
}

/** The layer control (basemaps only when there is a choice), the scale and the "loading" box. */
export function voegBedieningenToe(basislagen, overlays) {
    L.control
        .layers(Object.keys(basislagen).length > 1 ? basislagen : {}, overlays, {
            collapsed: false,
            position: "topright",
        })
        .addTo(kaart);
    L.control.scale({imperial: false, position: "bottomleft"}).addTo(kaart);
    ladenControl = L.control({position: "bottomleft"});
    ladenControl.onAdd = () => el("div", "lp-laden", "Locaties laden…");
    ladenControl.addTo(kaart);
}

/** Show or hide the "Locaties laden…" box. */
export function toonLaden(laden) {
    ladenControl.getContainer().hidden = !laden;
}

export function kaartmelding(tekst) {
    meldOpKaart(kaart, tekst, "lp-kaartmelding", staat.fouten);
}

// ------------------------------------------------------------------ legend

function svgStaal(stijl) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "16");
    svg.setAttribute("class", "lp-staal");
    svg.setAttribute("aria-hidden", "true");
    const r = document.createElementNS(ns, "rect");
    r.setAttribute("x", "2");
    r.setAttribute("y", "2");
    r.setAttribute("width", "24");
    r.setAttribute("height", "12");
    r.setAttribute("fill", stijl.fillColor);
    r.setAttribute("fill-opacity", String(Math.max(stijl.fillOpacity, 0.15)));
    r.setAttribute("stroke", stijl.color);
    r.setAttribute("stroke-width", String(stijl.weight));
    if (stijl.dashArray) {
        r.setAttribute("stroke-dasharray", stijl.dashArray);
    }
    svg.appendChild(r);
    return svg;
}

function legendaRij(legenda, staal, tekst, uitleg) {
    const rijEl = el("div", "lp-legenda-rij");
    const vak = el("span", "lp-staalvak");
    vak.appendChild(staal);
    rijEl.appendChild(vak);
    const span = el("span", null, tekst);
    if (uitleg) {
        span.appendChild(document.createTextNode(" "));
        span.appendChild(el("small", null, uitleg));
    }
    rijEl.appendChild(span);
    legenda.appendChild(rijEl);
}

export function voegLegendaToe() {
    // a <details>: the planner can fold it away on a small screen
    const legenda = el("details", "lp-legenda");
    legenda.open = true;
    legenda.setAttribute("aria-label", "Legenda");
    legenda.appendChild(el("summary", "lp-legenda-titel", "Legenda"));
    const harde = Object.keys(config.statussen).filter((s) => HARD.has(s));
    const zachte = Object.keys(config.statussen).filter((s) => !HARD.has(s));
    legendaRij(legenda, svgStaal(STIJL.hard), "Harde plannen", "(status " + harde.join(", ") + ")");
    legendaRij(legenda, svgStaal(STIJL.zacht), "Zachte plannen", "(status " + zachte.join(", ") + ")");
    const punten = el("span", "d-inline-flex gap-1");
    punten.appendChild(el("span", "lp-punt lp-hard d-inline-block"));
    punten.appendChild(el("span", "lp-punt lp-zacht d-inline-block"));
    legendaRij(legenda, punten, "Locatie als punt", "(vierkant: vlak, ver uitgezoomd)");
    const cluster = el("span", "lp-cluster lp-cluster-hard", "5");
    legendaRij(legenda, cluster, "Groep locaties", "(klik om in te zoomen)");
    legendaRij(legenda, el("span", "lp-onttrekking", "−"), "Onttrekkingen", "(sloop, verkoop, …)");
    legendaRij(legenda, svgStaal(STIJL.gemeenten), "Gemeentegrens");
    alsControl(kaart, legenda, "bottomright");
}

// ------------------------------------------------------------------ geometry

export function latlngsVan(geometrie) {
    if (geometrie.type === "Polygon") {
        return L.GeoJSON.coordsToLatLngs(geometrie.coordinates, 1);
    }
    if (geometrie.type === "MultiPolygon") {
        return L.GeoJSON.coordsToLatLngs(geometrie.coordinates, 2);
    }
    return null;
}

export function middenVan(geometrie) {
    if (geometrie.type === "Point") {
        return L.GeoJSON.coordsToLatLng(geometrie.coordinates);
    }
    // the centre of the largest exterior ring
    const ringen = geometrie.type === "Polygon" ? [geometrie.coordinates[0]] : geometrie.coordinates.map((p) => p[0]);
    let beste = null;
    let grootste = -1;
    ringen.forEach((r) => {
        const b = L.latLngBounds(r.map((c) => [c[1], c[0]]));
        const opp = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
        if (opp > grootste) {
            grootste = opp;
            beste = r;
        }
    });
    const latlngs = beste.map((c) => L.latLng(c[1], c[0]));
    try {
        return L.PolyUtil.polygonCenter(latlngs, kaart.options.crs);
    } catch {
        return L.latLngBounds(latlngs).getCenter();
    }
}

/** Outline ``feature`` (the selected site) on the map; nothing for null. */
export function markeer(feature) {
    selectielaag.clearLayers();
    if (!feature || !feature.geometry) {
        return;
    }
    const stijl = {pane: "lpSelectie", color: "#f59f00", weight: 4, fill: false, interactive: false, className: "lp-selectie"};
    L.geoJSON(feature.geometry, {
        style: () => stijl,
        pointToLayer: (f, ll) => L.circleMarker(ll, Object.assign({radius: 13}, stijl)),
    }).addTo(selectielaag);
}

export function zoomNaar(feature) {
    if (!feature || !feature.geometry) {
        return;
    }
    const b = L.geoJSON(feature.geometry).getBounds();
    if (feature.geometry.type === "Point") {
        kaart.setView(b.getCenter(), Math.max(kaart.getZoom(), 15));
    } else {
        kaart.fitBounds(b, {maxZoom: 17, padding: [40, 40]});
    }
}

/** The first view: the region's box (true), or the Netherlands until the data is loaded (false). */
export function pasKaartAan() {
    const g = config.grenzen;
    if (g) {
        kaart.fitBounds(
            [
                [g[1], g[0]],
                [g[3], g[2]],
            ],
            {padding: [10, 10]}
        );
        return true;
    }
    kaart.setView([52.15, 5.3], 7);
    return false;
}
