/*
 * locatieplanner: the dashboard's choropleth (locatieplanner.weergave.spreidingskaart, class
 * Keuzekaart). Fetches the municipalities into a feature group and colours them by the indicator
 * chosen with the page's radio buttons, without a reload.
 *
 * Settings as JSON (data-lp-module="keuzekaart"): the names folium gave the map and the group,
 * the GeoJSON URL, the indicators with their classes and colours, per municipality its name and
 * values, the radio buttons' name and the id prefix of the table rows. Every text is set with
 * textContent.
 *
 * window.locatieplanner_spreiding holds geladen, aantal, indicator and kies(code); the map
 * container gets data-spreiding="geladen" and data-indicator.
 */
import {alsControl, el, foliumObject, gegevensVoor, haalGeoJson, meldOpKaart} from "./gedeeld.js";

function start(opties) {
    const kaart = foliumObject(opties.kaart);
    const groep = foliumObject(opties.groep);
    const indicatoren = {};
    opties.indicatoren.forEach((i) => {
        indicatoren[i.code] = i;
    });
    const staat = (window.locatieplanner_spreiding = {
        geladen: false,
        aantal: 0,
        indicator: opties.standaard,
        fouten: [],
        kies: kies,
    });
    let laag = null;
    kaart.createPane("lpSpreiding").style.zIndex = 360;
    if (kaart.attributionControl) {
        kaart.attributionControl.setPrefix("Leaflet");
    }

    function waarde(code, ind) {
        const g = opties.gemeenten[code];
        return g ? g.waarden[ind] : null;
    }
    function kleur(code) {
        const w = waarde(code, staat.indicator);
        return w ? indicatoren[staat.indicator].klassen[w[1]].kleur : "#ffffff";
    }
    function stijl(f) {
        const code = f.properties.gemeente;
        return {
            color: "#343a40",
            weight: 1.2,
            opacity: 0.9,
            fillColor: kleur(code),
            fillOpacity: 0.78,
            className: "lp-spreiding lp-spreiding-" + code,
        };
    }
    const legendaDiv = el("div", "lp-kleurlegenda");
    legendaDiv.setAttribute("role", "region");
    legendaDiv.setAttribute("aria-live", "polite");
    legendaDiv.setAttribute("aria-label", "Legenda van de kleuren");
    legendaDiv.id = "lp-kleurlegenda";
    function tekenLegenda() {
        const ind = indicatoren[staat.indicator];
        legendaDiv.textContent = "";
        legendaDiv.appendChild(el("div", "lp-kl-titel", ind.titel));
        legendaDiv.appendChild(el("div", "lp-kl-uitleg", ind.uitleg));
        ind.klassen.forEach((k) => {
            const regel = el("div", "lp-kl-rij");
            const vak = el("span", "lp-kl-vak");
            vak.style.background = k.kleur;
            regel.appendChild(vak);
            regel.appendChild(el("span", null, k.label));
            legendaDiv.appendChild(regel);
        });
    }
    // top left lies over the sea for Haaglanden; the sites' legend is bottom right
    alsControl(kaart, legendaDiv, "topleft");

    const keuzes = 'input[name="' + opties.keuze + '"]';
    function kies(code) {
        if (!indicatoren[code]) {
            return;
        }
        staat.indicator = code;
        if (laag) {
            laag.setStyle(stijl);
        }
        tekenLegenda();
        kaart.getContainer().setAttribute("data-indicator", code);
        document.querySelectorAll(keuzes).forEach((r) => {
            r.checked = r.value === code;
        });
    }
    document.querySelectorAll(keuzes).forEach((r) => {
        r.addEventListener("change", () => {
            if (r.checked) {
                kies(r.value);
            }
        });
    });
    const gekozen = document.querySelector(keuzes + ":checked");
    kies(gekozen && indicatoren[gekozen.value] ? gekozen.value : opties.standaard);

    function tip(code) {
        const g = opties.gemeenten[code];
        const div = el("div", "lp-spreiding-tip");
        div.appendChild(el("strong", null, g.naam));
        opties.indicatoren.forEach((i) => {
            div.appendChild(el("div", i.code === staat.indicator ? "lp-actief" : null, i.titel + ": " + g.waarden[i.code][0]));
        });
        return div;
    }
    function licht(code) {
        const rij = document.getElementById(opties.rijPrefix + code);
        if (rij) {
            rij.scrollIntoView({behavior: "smooth", block: "center"});
            rij.classList.add("lp-uitgelicht");
            setTimeout(() => rij.classList.remove("lp-uitgelicht"), 2500);
        }
    }
    haalGeoJson(opties.bron)
        .then((fc) => {
            laag = L.geoJSON(fc, {
                pane: "lpSpreiding",
                filter: (f) => !!(f.properties && opties.gemeenten[f.properties.gemeente]),
                style: stijl,
                onEachFeature: (f, l) => {
                    const code = f.properties.gemeente;
                    l.bindTooltip(() => tip(code), {sticky: true});
                    l.on("click", () => licht(code));
                    staat.aantal += 1;
                },
            }).addTo(groep);
        })
        .catch((fout) => {
            meldOpKaart(kaart, "De gemeenten konden niet worden geladen (" + fout.message + ").", "lp-spreiding-melding", staat.fouten);
        })
        .then(() => {
            staat.geladen = true;
            kaart.getContainer().setAttribute("data-spreiding", "geladen");
        });
}

gegevensVoor("keuzekaart").forEach(start);
