/*
 * locatieplanner, the planner's map: the layers of the sites (hard and soft) and of the
 * municipalities. A polygon big enough on screen is drawn; a smaller one, and a point, is a
 * marker in a cluster. Where the view is dense the server sends clusters (count, DAEB, the box
 * of their sites): a click zooms to that box. Popups and tooltips are DOM nodes with
 * textContent.
 */
import {el, gemeenteTekst, getal, rij} from "./gedeeld.js";
import {kaart, latlngsVan, middenVan} from "./kaart.js";
import {STIJL, corporatieNamen, faseTekst, hardheidVan, nietToegewezen, sessie, staat, statusTekst, totaal} from "./staat.js";

// a polygon smaller than this on screen is shown as a (clustered) marker at its centre
const MIN_VLAK_PX = 14;

/** id -> {feature, h, vlak (L.Polygon or null), punt (L.Marker), bounds, alsVlak} */
export const sites = new Map();
/** code -> {naam, midden, grenzen, geometrie (GeoJSON or null)} of every municipality of the region */
export const gemeenten = new Map();

let groepen = null;
let gemeentelaag = null;
/** The boxes of the server's clusters on the map (L.LatLngBounds). */
const clustervakken = [];

/** What a click on a site does; set by the entry module with zetActies. */
const acties = {selecteer: () => {}, bewerkGeselecteerde: () => {}};

export function zetActies(selecteer, bewerkGeselecteerde) {
    acties.selecteer = selecteer;
    acties.bewerkGeselecteerde = bewerkGeselecteerde;
}

function clusterIcoon(h, cluster) {
    const n = cluster.getChildCount();
    let daeb = 0;
    cluster.getAllChildMarkers().forEach((m) => {
        daeb += m.options.daeb || 0;
    });
    const maat = n < 10 ? 30 : n < 100 ? 36 : 44;
    const span = el("span", null, String(n));
    const icoon = L.divIcon({
        html: span,
        className: "lp-cluster lp-cluster-" + h,
        iconSize: [maat, maat],
    });
    cluster.options.title = n + " " + (h === "hard" ? "harde" : "zachte") + " locaties, " + getal(daeb) + " DAEB";
    return icoon;
}

function nieuweGroep(h) {
    const cluster = L.markerClusterGroup({
        maxClusterRadius: 40,
        disableClusteringAtZoom: 15,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        chunkedLoading: true,
        iconCreateFunction: (c) => clusterIcoon(h, c),
    });
    const vlakken = L.featureGroup();
    const laag = L.layerGroup([vlakken, cluster]).addTo(kaart);
    return {laag: laag, vlakken: vlakken, cluster: cluster};
}

/** The layers of the hard and the soft sites and of the municipalities, on the map. */
export function maakLagen() {
    groepen = {hard: nieuweGroep("hard"), zacht: nieuweGroep("zacht")};
    gemeentelaag = L.featureGroup().addTo(kaart);
    return {hard: groepen.hard.laag, zacht: groepen.zacht.laag, gemeenten: gemeentelaag};
}

function puntIcoon(h, id, isVlak) {
    return L.divIcon({
        className: "lp-punt lp-" + h + (isVlak ? " lp-vlakpunt" : "") + " lp-id-" + id,
        iconSize: isVlak ? [14, 14] : [16, 16],
    });
}

function vlakStijl(h, id) {
    const s = Object.assign({}, STIJL[h]);
    s.className = STIJL[h].className + " lp-id-" + id;
    return s;
}

// ------------------------------------------------------------------ popups

function popupInhoud(id) {
    const site = sites.get(id);
    const p = site ? site.feature.properties : {};
    const div = el("div", "lp-popup");
    div.appendChild(el("div", "lp-popup-naam", p.naam));
    const tabel = el("table");
    const gemeente = gemeenten.get(p.gemeente);
    rij(tabel, "Gemeente", gemeenteTekst(Object.assign({gemeentenaam: gemeente ? gemeente.naam : null}, p)));
    rij(tabel, "Status", statusTekst(p));
    if (p.fase !== null && p.fase !== undefined) {
        rij(tabel, "Fase", faseTekst(p));
    }
    rij(tabel, "Corporaties", corporatieNamen(p) || "geen");
    const nt = nietToegewezen(p);
    rij(tabel, "DAEB-woningen", getal(p.daeb || 0) + (nt > 0 ? " (" + getal(nt) + " nog niet toegewezen)" : ""));
    rij(tabel, "Woningen totaal", getal(totaal(p)));
    if (p.oplevering) {
        rij(tabel, "Oplevering", p.oplevering);
    }
    div.appendChild(tabel);
    if (!sessie.bewerkt) {
        const knop = el("button", "btn btn-sm btn-outline-primary lp-popup-knop", "Bewerken");
        knop.type = "button";
        knop.addEventListener("click", async () => {
            kaart.closePopup();
            await acties.selecteer(id);
            if (staat.geselecteerd && staat.geselecteerd.id === id) {
                acties.bewerkGeselecteerde();
            }
        });
        div.appendChild(knop);
    }
    return div;
}

// ------------------------------------------------------------------ sites on the map

function koppel(laag, id, tooltipOpties) {
    laag.bindPopup(() => popupInhoud(id), {maxWidth: 360, autoPanPaddingTopLeft: [10, 60]});
    laag.bindTooltip(() => el("span", null, (sites.get(id) || {feature: {properties: {}}}).feature.properties.naam), tooltipOpties);
    laag.on("click", () => {
        if (sessie.kiesPlek) {
            // choosing the place of a new removal: this site
            const site = sites.get(id);
            sessie.kiesPlek({gemeente: site ? site.feature.properties.gemeente : null, locatie: id});
        } else if (!sessie.bewerkt) {
            acties.selecteer(id);
        }
    });
}

function maakSite(feature) {
    const id = feature.id;
    const p = feature.properties || {};
    const h = p.hardheid || hardheidVan(p.status);
    const site = {feature: feature, h: h, vlak: null, punt: null, bounds: null, alsVlak: false};
    if (!feature.geometry) {
        return null;
    }
    const latlngs = latlngsVan(feature.geometry);
    site.punt = L.marker(middenVan(feature.geometry), {
        icon: puntIcoon(h, id, latlngs !== null),
        keyboard: true,
        daeb: Number(p.daeb) || 0,
    });
    koppel(site.punt, id, {direction: "top", offset: [0, -8]});
    if (latlngs !== null) {
        site.vlak = L.polygon(latlngs, vlakStijl(h, id));
        site.bounds = site.vlak.getBounds();
        koppel(site.vlak, id, {sticky: true});
    } else {
        site.bounds = L.latLngBounds([site.punt.getLatLng()]);
    }
    return site;
}

function isGroot(site) {
    const z = kaart.getZoom();
    const a = kaart.project(site.bounds.getNorthWest(), z);
    const b = kaart.project(site.bounds.getSouthEast(), z);
    return Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y)) >= MIN_VLAK_PX;
}

/** Polygons big enough on screen are drawn; smaller ones cluster as markers. */
export function pasWeergaveAan() {
    const wijzig = {
        hard: {naarVlak: [], naarPunt: []},
        zacht: {naarVlak: [], naarPunt: []},
    };
    sites.forEach((site) => {
        if (!site.vlak || site.verborgen) {
            return;
        }
        const groot = isGroot(site);
        if (groot !== site.alsVlak) {
            site.alsVlak = groot;
            (groot ? wijzig[site.h].naarVlak : wijzig[site.h].naarPunt).push(site);
        }
    });
    ["hard", "zacht"].forEach((h) => {
        const g = groepen[h];
        const w = wijzig[h];
        if (w.naarVlak.length) {
            g.cluster.removeLayers(w.naarVlak.map((s) => s.punt));
            w.naarVlak.forEach((s) => g.vlakken.addLayer(s.vlak));
        }
        if (w.naarPunt.length) {
            w.naarPunt.forEach((s) => g.vlakken.removeLayer(s.vlak));
            g.cluster.addLayers(w.naarPunt.map((s) => s.punt));
        }
    });
}

/** A cluster of the server (``p.aantal`` sites of one hardness in a dense part of the view):
 * a marker with the count; a click zooms to its sites. */
function maakCluster(feature) {
    const p = feature.properties;
    const h = p.hard > 0 ? "hard" : "zacht";
    const n = p.aantal;
    const maat = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
    const [lon, lat] = feature.geometry.coordinates;
    const titel = getal(n) + " " + (h === "hard" ? "harde" : "zachte") + " locaties, " + getal(p.daeb) + " DAEB";
    const marker = L.marker([lat, lon], {
        icon: L.divIcon({html: el("span", null, getal(n)), className: "lp-cluster lp-cluster-" + h + " lp-servercluster", iconSize: [maat, maat]}),
        title: titel,
        keyboard: true,
    });
    const [w, z, o, n2] = p.vak;
    const vak = L.latLngBounds([z, w], [n2, o]);
    marker.on("click", () => {
        kaart.fitBounds(vak, {padding: [30, 30], maxZoom: Math.max(kaart.getZoom() + 2, 15)});
    });
    return {h: h, marker: marker, aantal: n, vak: vak};
}

export function toonLocaties(features) {
    ["hard", "zacht"].forEach((h) => {
        groepen[h].vlakken.clearLayers();
        groepen[h].cluster.clearLayers();
    });
    sites.clear();
    clustervakken.length = 0;
    const punten = {hard: [], zacht: []};
    const aantallen = {hard: 0, zacht: 0};
    features.forEach((f) => {
        if (f.properties && f.properties.soort === "cluster") {
            const c = maakCluster(f);
            aantallen[c.h] += c.aantal;
            clustervakken.push(c.vak);
            groepen[c.h].vlakken.addLayer(c.marker);
            return;
        }
        const site = maakSite(f);
        if (!site) {
            return;
        }
        sites.set(f.id, site);
        aantallen[site.h] += 1;
        if (sessie.bewerkt && sessie.bewerkt.id === f.id) {
            site.verborgen = true; // its editable copy is on the map
            return;
        }
        if (site.vlak && isGroot(site)) {
            site.alsVlak = true;
            groepen[site.h].vlakken.addLayer(site.vlak);
        } else {
            punten[site.h].push(site.punt);
        }
    });
    groepen.hard.cluster.addLayers(punten.hard);
    groepen.zacht.cluster.addLayers(punten.zacht);
    staat.aantallen.hard = aantallen.hard;
    staat.aantallen.zacht = aantallen.zacht;
}

export function verbergSite(id, verbergen) {
    const site = sites.get(id);
    if (!site) {
        return;
    }
    const g = groepen[site.h];
    if (verbergen) {
        site.verborgen = true;
        g.vlakken.removeLayer(site.vlak || site.punt);
        g.cluster.removeLayer(site.punt);
        site.alsVlak = false;
    } else if (site.verborgen) {
        site.verborgen = false;
        if (site.vlak && isGroot(site)) {
            site.alsVlak = true;
            g.vlakken.addLayer(site.vlak);
        } else {
            g.cluster.addLayer(site.punt);
        }
    }
}

/** The bounds of the municipalities drawn and of every site and cluster on the map. */
export function grenzenVanAlles() {
    const grenzen = L.latLngBounds([]);
    const b = gemeentelaag.getBounds();
    if (b.isValid()) {
        grenzen.extend(b);
    }
    sites.forEach((s) => grenzen.extend(s.bounds));
    clustervakken.forEach((v) => grenzen.extend(v));
    return grenzen;
}

// ------------------------------------------------------------------ municipalities

/** The bounds of each municipality's boundary, by code. */
const grenzen = new Map();

/** The municipalities with a boundary on the map, labelled with their names; every one of the
 * region in ``gemeenten`` (name, middle, bounds). */
export function toonGemeenten(fc) {
    const met = (fc.features || []).filter((f) => f.geometry);
    const omtrekken = L.geoJSON(
        {type: "FeatureCollection", features: met},
        {
            pane: "lpGemeenten",
            style: () => STIJL.gemeenten,
            onEachFeature: (f, laag) => {
                grenzen.set((f.properties || {}).gemeente || f.id, laag.getBounds());
            },
        }
    );
    // one tooltip for all outlines (not one per municipality: hundreds at national scale),
    // naming the one under the pointer
    omtrekken.bindTooltip(
        (laag) => {
            const f = laag.feature || {};
            const p = f.properties || {};
            return el("span", null, gemeenteTekst({gemeente: p.gemeente || f.id, gemeentenaam: p.naam}));
        },
        {sticky: true}
    );
    omtrekken.addTo(gemeentelaag);
    staat.aantallen.gemeenten = met.length;
    (fc.features || []).forEach((f) => {
        const p = f.properties || {};
        const code = p.gemeente || f.id;
        const midden = f.geometry ? middenVan(f.geometry) : null;
        gemeenten.set(code, {naam: p.naam, midden: midden, grenzen: grenzen.get(code) || null, geometrie: f.geometry || null});
        if (midden && p.naam) {
            // the name as a label in the middle (text, never HTML), under the sites: a marker
            // centred by CSS, since a permanent tooltip measures itself (a layout per label)
            L.marker(midden, {
                icon: L.divIcon({html: el("span", null, p.naam), className: "lp-gemeentelabel", iconSize: [0, 0]}),
                pane: "lpGemeentelabels",
                interactive: false,
                keyboard: false,
            }).addTo(gemeentelaag);
        }
    });
}
