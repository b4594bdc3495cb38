/*
 * locatieplanner: sites and municipalities on a folium map of locatieplanner.weergave.kaartlaag
 * (class Kaartlagen).
 *
 * The page hands the settings as JSON (data-lp-module="kaartlagen"): the names folium gave the
 * map and its three feature groups, where the features come from (a URL to fetch, or the
 * FeatureCollection itself), the layer styles. Popups and tooltips are built from DOM nodes
 * with textContent, so names like <img onerror=...> stay text. A source whose layers are hidden
 * at first is fetched only when one of them is switched on.
 *
 * After loading, window.locatieplanner holds geladen and the aantallen per layer, the map
 * container gets data-geladen="ja" and the document the event locatieplanner:geladen.
 */
import {el, foliumObject, gegevensVoor, gemeenteTekst, haalGeoJson, meldOpKaart, rij} from "./gedeeld.js";

/** The style with a CSS class per site (lp-id-<id>), so that a feature can be found in the page. */
function metId(stijl, f) {
    const id = Number(f.properties.id);
    return Object.assign({}, stijl, {className: stijl.className + (isFinite(id) ? " lp-id-" + id : "")});
}

function popupLocatie(p) {
    const div = el("div", "lp-popup");
    div.appendChild(el("div", "lp-popup-naam", p.naam));
    const tabel = el("table");
    rij(tabel, "Gemeente", gemeenteTekst(p));
    rij(tabel, "Status", p.status + " (" + p.hardheid + ")" + (p.statusomschrijving ? ": " + p.statusomschrijving : ""));
    if (p.fasenaam) {
        rij(tabel, "Fase", p.fase + " " + p.fasenaam);
    }
    rij(tabel, "Corporaties", p.corporaties || "geen");
    rij(tabel, "DAEB-woningen", String(p.daeb) + (p.daeb_nt ? " (" + p.daeb_nt + " nog niet toegewezen)" : ""));
    rij(tabel, "Woningen totaal", p.totaal);
    if (p.oplevering) {
        rij(tabel, "Oplevering", p.oplevering);
    }
    div.appendChild(tabel);
    return div;
}

function laad(bron) {
    return typeof bron === "string" ? haalGeoJson(bron) : Promise.resolve(bron);
}

function start(opties) {
    const kaart = foliumObject(opties.kaart);
    const lagen = {
        hard: foliumObject(opties.lagen.hard),
        zacht: foliumObject(opties.lagen.zacht),
        gemeenten: foliumObject(opties.lagen.gemeenten),
    };
    const staat = (window.locatieplanner = {
        geladen: false,
        aantallen: {hard: 0, zacht: 0, gemeenten: 0},
        fouten: [],
        kaart: kaart,
        lagen: lagen,
    });
    kaart.createPane("lpGemeenten").style.zIndex = 350;
    L.control.scale({imperial: false}).addTo(kaart);

    function gemeentenLaag(fc) {
        const stijl = opties.stijlen.gemeenten;
        L.geoJSON(fc, {
            pane: "lpGemeenten",
            style: () => stijl,
            onEachFeature: (f, laag) => {
                const p = f.properties || {};
                laag.bindTooltip(el("span", null, gemeenteTekst({gemeente: p.gemeente, gemeentenaam: p.naam})), {
                    sticky: true,
                });
                staat.aantallen.gemeenten += 1;
            },
        }).addTo(lagen.gemeenten);
    }

    function locatieLagen(fc) {
        ["hard", "zacht"].forEach((h) => {
            const stijl = opties.stijlen[h];
            L.geoJSON(fc, {
                filter: (f) => f.properties && f.properties.hardheid === h,
                style: (f) => metId(stijl, f),
                pointToLayer: (f, latlng) => L.circleMarker(latlng, Object.assign({radius: opties.puntstraal}, metId(stijl, f))),
                onEachFeature: (f, laag) => {
                    const p = f.properties;
                    laag.bindPopup(() => popupLocatie(p), {maxWidth: 360});
                    laag.bindTooltip(() => el("span", null, p.naam), {sticky: true});
                    staat.aantallen[h] += 1;
                },
            }).addTo(lagen[h]);
        });
    }

    /* Fetch ``bron`` into ``groepen``; when none of them is on the map yet (a layer hidden at
     * first, e.g. the dashboard's sites) only once one is switched on. */
    function vul(groepen, bron, verwerk, melding) {
        const haal = () =>
            laad(bron)
                .then(verwerk)
                .catch((fout) => {
                    meldOpKaart(kaart, melding + " (" + fout.message + ").", "lp-melding", staat.fouten);
                });
        if (typeof bron !== "string" || groepen.some((g) => kaart.hasLayer(g))) {
            return haal();
        }
        let gevraagd = false;
        const aan = () => {
            if (!gevraagd) {
                gevraagd = true;
                groepen.forEach((g) => g.off("add", aan));
                haal();
            }
        };
        groepen.forEach((g) => g.on("add", aan));
        return Promise.resolve();
    }
    const gemeenten = vul([lagen.gemeenten], opties.bronnen.gemeenten, gemeentenLaag, "Gemeentegrenzen konden niet worden geladen");
    const locaties = vul([lagen.hard, lagen.zacht], opties.bronnen.locaties, locatieLagen, "Locaties konden niet worden geladen");
    Promise.all([gemeenten, locaties]).then(() => {
        if (opties.pasAanData) {
            const grenzen = L.latLngBounds([]);
            ["hard", "zacht", "gemeenten"].forEach((h) => {
                const b = lagen[h].getBounds();
                if (b.isValid()) {
                    grenzen.extend(b);
                }
            });
            if (grenzen.isValid()) {
                kaart.fitBounds(grenzen, {maxZoom: 15, padding: [20, 20]});
            }
        }
        staat.geladen = true;
        kaart.getContainer().setAttribute("data-geladen", "ja");
        document.dispatchEvent(new CustomEvent("locatieplanner:geladen", {detail: staat.aantallen}));
    });
}

gegevensVoor("kaartlagen").forEach(start);
