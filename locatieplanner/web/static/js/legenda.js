/*
 * locatieplanner: the legend of the sites on a folium map of locatieplanner.weergave.kaartlaag
 * (class Legenda). The legend itself is HTML in the page; this puts it in the map's bottom
 * right corner. Settings as JSON (data-lp-module="legenda"): the map's name and the legend's id.
 */
import {alsControl, foliumObject, gegevensVoor} from "./gedeeld.js";

gegevensVoor("legenda").forEach((g) => {
    alsControl(foliumObject(g.kaart), document.getElementById(g.id), "bottomright");
});
