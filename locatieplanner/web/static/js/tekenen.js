/*
 * locatieplanner, the planner's map: drawing a new site with Leaflet.draw (a polygon or a
 * point), in Dutch. staat.tekenen is the active drawing handler (tests wait until it accepts
 * the next click).
 */
import {staat} from "./staat.js";

/** The icon of a new or edited point. */
export const nieuwPuntIcoon = L.divIcon({className: "lp-nieuw-punt", iconSize: [18, 18]});

let tekenControl = null;

function vertaal() {
    Object.assign(L.drawLocal.draw.toolbar.buttons, {
        polygon: "Teken een vlak (nieuwe locatie)",
        marker: "Zet een punt (nieuwe locatie)",
    });
    Object.assign(L.drawLocal.draw.toolbar.actions, {title: "Tekenen afbreken", text: "Annuleren"});
    Object.assign(L.drawLocal.draw.toolbar.finish, {title: "Vlak afsluiten", text: "Klaar"});
    Object.assign(L.drawLocal.draw.toolbar.undo, {title: "Laatste punt weghalen", text: "Laatste punt weg"});
    L.drawLocal.draw.handlers.polygon.tooltip = {
        start: "Klik om het eerste hoekpunt te zetten.",
        cont: "Klik om verder te tekenen.",
        end: "Klik op het eerste punt (of op Klaar) om het vlak te sluiten.",
    };
    L.drawLocal.draw.handlers.polyline.error = "<strong>Fout:</strong> randen mogen elkaar niet kruisen.";
    L.drawLocal.draw.handlers.marker.tooltip = {start: "Klik op de kaart om het punt te zetten."};
}

/** The drawing buttons on ``kaart``; ``getekend(laag)`` gets every finished shape. */
export function maakTekenControl(kaart, getekend) {
    vertaal();
    tekenControl = new L.Control.Draw({
        position: "topleft",
        draw: {
            polygon: {
                allowIntersection: false,
                showArea: false,
                drawError: {color: "#dc3545", timeout: 2500},
                shapeOptions: {color: "#f59f00", weight: 3, fillColor: "#ffd43b", fillOpacity: 0.25, className: "lp-nieuw-vlak"},
            },
            marker: {icon: nieuwPuntIcoon},
            polyline: false,
            rectangle: false,
            circle: false,
            circlemarker: false,
        },
        edit: false,
    });
    kaart.addControl(tekenControl);

    kaart.on(L.Draw.Event.DRAWSTART, (e) => {
        const modus = tekenControl._toolbars.draw._modes[e.layerType];
        staat.tekenen = modus ? modus.handler : null;
    });
    kaart.on(L.Draw.Event.DRAWSTOP, () => {
        staat.tekenen = null;
    });
    kaart.on(L.Draw.Event.CREATED, (e) => getekend(e.layer));
}

/** Show or hide the drawing buttons (hidden while the form is open). */
export function toonTekenknoppen(tonen) {
    tekenControl.getContainer().hidden = !tonen;
}
