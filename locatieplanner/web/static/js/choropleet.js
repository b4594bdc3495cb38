/*
 * locatieplanner: the static meeting map's choropleth (locatieplanner.weergave.analysekaart):
 * municipalities filled by their class of net DAEB growth, with the title box and the class
 * legend (HTML in the page) as controls.
 *
 * Settings as JSON (data-lp-module="choropleet"): the names folium gave the map and the group,
 * the municipalities as a FeatureCollection (with fill and figures), the ids of the title box and
 * the legend. The map file inlines this module (no request); every text is set with textContent.
 *
 * window.locatieplanner_keuze holds the aantal of municipalities drawn.
 */
import {alsControl, el, foliumObject, gegevensVoor, getal} from "./gedeeld.js";

function tooltip(p) {
    const div = el("div");
    div.appendChild(el("strong", null, p.gemeente + " " + p.naam));
    div.appendChild(el("div", null, "Netto groei DAEB: " + getal(p.netto_daeb, true) + " (hard " + getal(p.netto_daeb_hard, true) + ")"));
    div.appendChild(el("div", null, "DAEB-nieuwbouw " + p.daeb_totaal + ", onttrekkingen " + p.onttrekkingen_daeb));
    return div;
}

function start(opties) {
    const kaart = foliumObject(opties.kaart);
    const groep = foliumObject(opties.groep);
    const staat = (window.locatieplanner_keuze = {aantal: 0});
    kaart.createPane("lpKeuze").style.zIndex = 360;
    // credit Leaflet without a link: the page makes no request and has no external link
    if (kaart.attributionControl) {
        kaart.attributionControl.setPrefix("Leaflet");
    }
    L.geoJSON(opties.gemeenten, {
        pane: "lpKeuze",
        style: (f) => ({
            color: "#343a40",
            weight: 1,
            opacity: 0.8,
            fillColor: f.properties.kleur,
            fillOpacity: 0.7,
            className: "lp-keuze lp-keuze-" + f.properties.gemeente,
        }),
        onEachFeature: (f, laag) => {
            laag.bindTooltip(() => tooltip(f.properties), {sticky: true});
            staat.aantal += 1;
        },
    }).addTo(groep);
    // the mouse wheel over the boxes still zooms the map
    alsControl(kaart, document.getElementById(opties.titel), "topleft", true);
    alsControl(kaart, document.getElementById(opties.legenda), "bottomleft", true);
}

gegevensVoor("choropleet").forEach(start);
