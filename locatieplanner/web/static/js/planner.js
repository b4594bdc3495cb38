/*
 * locatieplanner: the planner's map (kaart.html), the entry module.
 *
 * Everything comes from the REST API (/api/v1): the sites of the map's view as GeoJSON (filtered
 * on the server, at the detail of the zoom, with a count summary of all that pass the filters),
 * municipalities, corporations and removals. Planners draw a new site (polygon or
 * point, Leaflet.draw), fill in the form and save; edit attributes, assignments and the geometry
 * of an existing site; delete it; and see its history. Every write carries the version it was
 * based on (If-Match); a stale write shows the other change.
 *
 * All text from the server is put in the page with textContent (never innerHTML), so names like
 * <img onerror=...> stay text. The page's Content-Security-Policy allows no inline script.
 *
 * The modules: staat (settings and the state for tests, window.locatieplanner), api, kaart (the
 * map and its controls), lagen (sites and municipalities), onttrekkingen (and onttrekkingbeheer:
 * adding, changing and deleting them), casuskaart (the cases of 5b), filters (and loading),
 * details, zoeken, geschiedenis, tekenen, formulier (and conflicts), verwijderen, meldingen and
 * gedeeld (helpers of every script). This one builds the map in order and loads the data.
 */
import {api, zetApiBasis} from "./api.js";
import {maakCasuslaag, toonCasussen} from "./casuskaart.js";
import {selecteer, startDetails} from "./details.js";
import {leesAdres} from "./adres.js";
import {filterWaarden, filtersUitAdres, laadLocaties, startFilters, toonCorporaties, volgKaartbeeld, vulGemeentefilter, zoomNaarGemeente} from "./filters.js";
import {bewerkGeselecteerde, nieuwGetekend, startFormulier} from "./formulier.js";
import {kaart, kaartmelding, maakKaart, maakWerklagen, pasKaartAan, voegBedieningenToe, voegLegendaToe} from "./kaart.js";
import {grenzenVanAlles, maakLagen, pasWeergaveAan, toonGemeenten, zetActies} from "./lagen.js";
import {startOnttrekkingbeheer} from "./onttrekkingbeheer.js";
import {maakOnttrekkingslaag, toonOnttrekkingen, zetOnttrekkingen, zoekPlekkenNa} from "./onttrekkingen.js";
import {config, kaartEl, staat} from "./staat.js";
import {maakTekenControl} from "./tekenen.js";
import {startVerwijderen} from "./verwijderen.js";
import {startZoeken} from "./zoeken.js";

const LAAGNAAM_ONTTREKKINGEN = "Onttrekkingen";
const LAAGNAAM_CASUSSEN = "Kansen en knelpunten";

zetApiBasis(config.api);
const basislagen = maakKaart(kaartEl);
const lagen = maakLagen();
const onttrekkingslaag = maakOnttrekkingslaag(kaart);
const casuslaag = maakCasuslaag();
maakWerklagen();
staat.lagen = {hard: lagen.hard, zacht: lagen.zacht, gemeenten: lagen.gemeenten, onttrekkingen: onttrekkingslaag, casussen: casuslaag};

const overlays = {};
overlays[config.laagnamen.hard] = lagen.hard;
overlays[config.laagnamen.zacht] = lagen.zacht;
overlays[config.laagnamen.gemeenten] = lagen.gemeenten;
overlays[LAAGNAAM_ONTTREKKINGEN] = onttrekkingslaag;
overlays[LAAGNAAM_CASUSSEN] = casuslaag;
voegBedieningenToe(basislagen, overlays);

kaart.on("zoomend", pasWeergaveAan);
zetActies(selecteer, bewerkGeselecteerde);
voegLegendaToe();
startFilters();
startZoeken();
startDetails();
maakTekenControl(kaart, nieuwGetekend);
startFormulier();
startVerwijderen();
startOnttrekkingbeheer();

const vast = pasKaartAan();

async function start() {
    // the region's box is the first view and no filters are in the address: its sites are
    // loaded at once, next to the municipalities, corporations, removals and cases (which
    // the page asked for already: rel=preload in kaart.html); the removals are drawn once,
    // below, when they and the municipalities (their centres) have arrived
    const vroeg = vast && Object.keys(leesAdres().filters).length === 0 ? laadLocaties({onttrekkingen: false}) : null;
    const delen = [
        api("GET", "gemeenten")
            .then((fc) => {
                toonGemeenten(fc);
                vulGemeentefilter();
            })
            .catch((fout) => kaartmelding("Gemeentegrenzen konden niet worden geladen (" + fout.message + ").")),
        api("GET", "corporaties")
            .then(toonCorporaties)
            .catch((fout) => kaartmelding("Corporaties konden niet worden geladen (" + fout.message + ").")),
        api("GET", "onttrekkingen")
            .then(zetOnttrekkingen)
            .catch((fout) => kaartmelding("Onttrekkingen konden niet worden geladen (" + fout.message + ").")),
        api("GET", "casussen.geojson")
            .then(toonCasussen)
            .catch((fout) => kaartmelding("Kansen en knelpunten konden niet worden geladen (" + fout.message + ").")),
    ];
    await Promise.all(delen);
    // a shared link or a reload: its filters and selected site (zoomed to the municipality);
    // without the region's box, the municipalities (or, without boundaries, every site of the
    // first view: the Netherlands) decide the view before its sites are loaded
    const gemeente = filtersUitAdres();
    if (!vast && !(gemeente && zoomNaarGemeente(gemeente, false))) {
        let grenzen = grenzenVanAlles();
        if (!grenzen.isValid()) {
            await laadLocaties();
            grenzen = grenzenVanAlles();
        }
        if (grenzen.isValid()) {
            kaart.fitBounds(grenzen, {maxZoom: 15, padding: [20, 20], animate: false});
        }
    }
    await (vroeg || laadLocaties());
    if (vroeg) {
        // the early load left the removals out: draw them now, with everything they need
        toonOnttrekkingen(filterWaarden);
    }
    volgKaartbeeld();
    const {locatie} = leesAdres();
    if (locatie) {
        await selecteer(locatie, {zoom: !vast});
    }
    staat.geladen = true;
    // how often the removals were drawn for the first view (once; for the tests)
    staat.onttrekkingenBijEersteBeeld = staat.onttrekkingenGetekend || 0;
    kaartEl.setAttribute("data-geladen", "ja");
}

staat.selecteer = selecteer;
staat.laadLocaties = laadLocaties;
// the removals at sites outside the view are placed once the first view is drawn
let eersteBeeld = null;
zoekPlekkenNa(
    new Promise((klaar) => {
        eersteBeeld = klaar;
    })
);
start().finally(eersteBeeld);
