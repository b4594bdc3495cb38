/*
 * locatieplanner, the planner's map: adding, changing and deleting removals (sloop, verkoop, ...)
 * through the REST API (/api/v1/onttrekkingen; a change or deletion carries the version it was
 * based on in If-Match). A removal is added at a site (the button in its details, or a click on
 * the site after "+ Onttrekking op de kaart") or in a municipality (a click on a point in it), and
 * changed or deleted from its popup on the map or from the list in the details of its site. A
 * stale write (412) loads what is stored now into the form and says so; the server's Dutch
 * messages are shown at the form. Text from the server goes in with textContent only.
 */
import {api} from "./api.js";
import {toonPaneel} from "./details.js";
import {corporaties, filterWaarden} from "./filters.js";
import {el, getal, leeg} from "./gedeeld.js";
import {kaart} from "./kaart.js";
import {gemeenten, sites} from "./lagen.js";
import {melding} from "./meldingen.js";
import {alleOnttrekkingen, toonOnttrekkingen, zetOnttrekkingActie, zetOnttrekkingen} from "./onttrekkingen.js";
import {sessie, staat} from "./staat.js";

const formulier = document.getElementById("onttrekkingformulier");
const verwijderKnop = document.getElementById("onttrekking-verwijderen");
const kiesKnop = document.getElementById("knop-nieuwe-onttrekking");
const VELDEN = ["gemeente", "jaar", "aantal", "soort", "corporatie", "locatie", "opmerking"];

/** The removal in the form: {id, versie}, or null for a new one. */
let bewerkt = null;
/** The panel to return to after the form ("details" of a site, or "paneel-leeg"). */
let terugNaar = "paneel-leeg";

// ------------------------------------------------------------------ which municipality at a point

function binnenRing(ring, x, y) {
    let binnen = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
            binnen = !binnen;
        }
    }
    return binnen;
}

function binnenVlak(ringen, x, y) {
    return binnenRing(ringen[0], x, y) && !ringen.slice(1).some((r) => binnenRing(r, x, y));
}

/** The code of the region's municipality whose boundary holds ``latlng``; null when none. */
export function gemeenteOp(latlng) {
    for (const [code, g] of gemeenten) {
        const geo = g.geometrie;
        const vlakken = !geo ? [] : geo.type === "Polygon" ? [geo.coordinates] : geo.type === "MultiPolygon" ? geo.coordinates : [];
        if (vlakken.some((v) => binnenVlak(v, latlng.lng, latlng.lat))) {
            return code;
        }
    }
    return null;
}

// ------------------------------------------------------------------ the form

function vulKeuzes() {
    const gemeente = formulier.elements.gemeente;
    if (gemeente.options.length === 0) {
        Array.from(gemeenten.entries())
            .sort((a, b) => String(a[1].naam || a[0]).localeCompare(String(b[1].naam || b[0]), "nl"))
            .forEach(([code, g]) => {
                const optie = el("option", null, g.naam ? g.naam + " (" + code + ")" : code);
                optie.value = code;
                gemeente.appendChild(optie);
            });
    }
    const corporatie = formulier.elements.corporatie;
    if (corporatie.options.length === 1) {
        corporaties.forEach((naam) => {
            const optie = el("option", null, naam);
            optie.value = naam;
            corporatie.appendChild(optie);
        });
    }
}

function plekTekst(o) {
    if (o.locatie !== null && o.locatie !== undefined && o.locatie !== "") {
        const site = sites.get(Number(o.locatie));
        return "Bij locatie " + (site ? "“" + site.feature.properties.naam + "” " : "") + "(id " + o.locatie + ")";
    }
    const g = gemeenten.get(o.gemeente);
    return "In de gemeente als geheel" + (g && g.naam ? " (" + g.naam + ")" : "");
}

function vul(o) {
    vulKeuzes();
    VELDEN.forEach((v) => {
        const waarde = o[v];
        formulier.elements[v].value = waarde === null || waarde === undefined ? "" : String(waarde);
    });
    document.getElementById("onttrekking-plek").textContent = plekTekst(o);
}

function wisFouten() {
    document.getElementById("onttrekking-fouten").hidden = true;
    leeg(document.getElementById("onttrekking-foutlijst"));
    formulier.querySelectorAll(".is-invalid").forEach((e) => e.classList.remove("is-invalid"));
    formulier.querySelectorAll("[data-fout-voor]").forEach((e) => {
        e.textContent = "";
    });
}

function toonFouten(kop, regels, details) {
    document.getElementById("onttrekking-foutkop").textContent = kop;
    const lijst = leeg(document.getElementById("onttrekking-foutlijst"));
    regels.forEach((r) => lijst.appendChild(el("li", null, r)));
    (details || []).forEach((d) => {
        const veld = formulier.elements[d.veld];
        if (veld) {
            veld.classList.add("is-invalid");
        }
        const plek = formulier.querySelector('[data-fout-voor="' + d.veld + '"]');
        if (plek) {
            plek.textContent = d.melding;
        }
    });
    document.getElementById("onttrekking-fouten").hidden = false;
}

function getalOfNull(tekst) {
    const t = tekst.trim();
    return t === "" ? null : Number(t);
}

function waarden() {
    const e = formulier.elements;
    return {
        gemeente: e.gemeente.value,
        jaar: getalOfNull(e.jaar.value),
        aantal: getalOfNull(e.aantal.value),
        soort: e.soort.value,
        corporatie: e.corporatie.value || null,
        locatie: getalOfNull(e.locatie.value),
        opmerking: e.opmerking.value.trim() || null,
    };
}

function openFormulier(titel, o) {
    wisFouten();
    terugNaar = staat.geselecteerd ? "details" : "paneel-leeg";
    document.getElementById("onttrekking-titel").textContent = titel;
    verwijderKnop.hidden = bewerkt === null;
    zetVerwijderKnop(false);
    vul(o);
    toonPaneel("onttrekking-paneel");
    formulier.elements.jaar.focus();
}

/** The form for a new removal at ``plek``: {gemeente, locatie (a site id or null)}. */
export function nieuweOnttrekking(plek) {
    bewerkt = null;
    openFormulier("Nieuwe onttrekking", {gemeente: plek.gemeente, locatie: plek.locatie, soort: "sloop"});
}

/** The form for changing or deleting removal ``o`` (as the API gives it). */
export function bewerkOnttrekking(o) {
    kaart.closePopup();
    bewerkt = {id: o.id, versie: o.versie};
    openFormulier("Onttrekking " + o.id + " wijzigen", o);
}

function sluit() {
    bewerkt = null;
    wisFouten();
    toonPaneel(terugNaar === "details" && staat.geselecteerd ? "details" : "paneel-leeg");
}

/** Load the removals again and show them (map, details of the selected site). */
export async function herlaadOnttrekkingen() {
    zetOnttrekkingen(await api("GET", "onttrekkingen"));
    toonOnttrekkingen(filterWaarden);
    toonBijLocatie();
    staat.onttrekkingLadingen = (staat.onttrekkingLadingen || 0) + 1;
}

function omschrijving(o) {
    return o.jaar + " " + o.soort + ": " + getal(o.aantal) + " woningen" + (o.corporatie ? " (" + o.corporatie + ")" : "");
}

async function bewaar(e) {
    e.preventDefault();
    wisFouten();
    const w = waarden();
    let o;
    try {
        if (bewerkt === null) {
            o = await api("POST", "onttrekkingen", {json: w});
        } else {
            o = await api("PUT", "onttrekkingen/" + bewerkt.id, {json: w, versie: bewerkt.versie});
        }
    } catch (fout) {
        await foutBijSchrijven(fout);
        return;
    }
    melding("goed", "Onttrekking " + o.id + " opgeslagen: " + omschrijving(o) + ".");
    sluit();
    await herlaadOnttrekkingen();
}

async function foutBijSchrijven(fout) {
    if (fout.status === 412 && fout.data.huidig && bewerkt !== null) {
        // someone else changed it: show what is stored now, with its version
        bewerkt.versie = fout.data.huidig.versie;
        vul(fout.data.huidig);
        toonFouten("Niet opgeslagen: iemand anders heeft deze onttrekking intussen gewijzigd.", [
            fout.message,
            "Het formulier toont nu de opgeslagen gegevens (versie " + fout.data.huidig.versie + "); voer uw wijziging opnieuw in.",
        ]);
        await herlaadOnttrekkingen();
        return;
    }
    const details = (fout.data && fout.data.details) || [];
    const regels = details.length ? details.map((d) => d.veld + " = " + JSON.stringify(d.waarde) + ": " + d.melding) : [fout.message];
    toonFouten(details.length ? fout.message : "Niet opgeslagen.", regels, details);
    if (fout.status === 404) {
        await herlaadOnttrekkingen();
    }
}

function zetVerwijderKnop(bevestigen) {
    verwijderKnop.dataset.bevestigen = bevestigen ? "ja" : "";
    verwijderKnop.textContent = bevestigen ? "Zeker? Klik nogmaals om te verwijderen" : "Verwijderen";
}

async function verwijder() {
    if (bewerkt === null) {
        return;
    }
    if (verwijderKnop.dataset.bevestigen !== "ja") {
        zetVerwijderKnop(true);
        return;
    }
    zetVerwijderKnop(false);
    wisFouten();
    const id = bewerkt.id;
    try {
        await api("DELETE", "onttrekkingen/" + id, {versie: bewerkt.versie});
    } catch (fout) {
        await foutBijSchrijven(fout);
        return;
    }
    melding("goed", "Onttrekking " + id + " verwijderd.");
    sluit();
    await herlaadOnttrekkingen();
}

// ------------------------------------------------------------------ the removals of a site

/** The removals of the selected site in its details panel, each with a button to change it. */
export function toonBijLocatie() {
    const lijst = leeg(document.getElementById("detail-onttrekkingen"));
    const f = staat.geselecteerd;
    if (!f) {
        return;
    }
    const rijen = alleOnttrekkingen().filter((o) => o.locatie === f.id);
    if (!rijen.length) {
        lijst.appendChild(el("li", "text-secondary small", "Geen onttrekkingen bij deze locatie"));
    }
    rijen.forEach((o) => {
        const li = el("li", "lp-onttrekkingregel");
        li.dataset.id = o.id;
        li.appendChild(el("span", null, omschrijving(o)));
        const knop = el("button", "btn btn-link btn-sm py-0 lp-ott-bewerk", "Bewerken");
        knop.type = "button";
        knop.addEventListener("click", () => bewerkOnttrekking(o));
        li.appendChild(knop);
        lijst.appendChild(li);
    });
}

// ------------------------------------------------------------------ choosing a place on the map

function stopKiezen() {
    sessie.kiesPlek = null;
    kiesKnop.setAttribute("aria-pressed", "false");
    document.getElementById("kies-uitleg").hidden = true;
    kaart.getContainer().classList.remove("lp-kiezen");
}

function kies(plek) {
    stopKiezen();
    kaart.closePopup();
    nieuweOnttrekking(plek);
}

function startKiezen() {
    if (sessie.bewerkt) {
        return;
    }
    if (sessie.kiesPlek) {
        stopKiezen();
        return;
    }
    sessie.kiesPlek = kies;
    kiesKnop.setAttribute("aria-pressed", "true");
    document.getElementById("kies-uitleg").hidden = false;
    kaart.getContainer().classList.add("lp-kiezen");
}

export function startOnttrekkingbeheer() {
    zetOnttrekkingActie(bewerkOnttrekking);
    formulier.addEventListener("submit", bewaar);
    document.getElementById("onttrekking-annuleren").addEventListener("click", sluit);
    document.getElementById("onttrekking-sluiten").addEventListener("click", sluit);
    verwijderKnop.addEventListener("click", verwijder);
    kiesKnop.addEventListener("click", startKiezen);
    document.getElementById("knop-onttrekking").addEventListener("click", () => {
        const f = staat.geselecteerd;
        if (f) {
            nieuweOnttrekking({gemeente: f.properties.gemeente, locatie: f.id});
        }
    });
    kaart.on("click", (e) => {
        if (!sessie.kiesPlek) {
            return;
        }
        const code = gemeenteOp(e.latlng);
        if (!code) {
            melding("fout", "Hier ligt geen gemeente van de regio", ["Klik op een punt binnen een gemeente, of op een locatie."]);
            return;
        }
        sessie.kiesPlek({gemeente: code, locatie: null});
    });
    document.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && sessie.kiesPlek) {
            stopKiezen();
        }
    });
}
