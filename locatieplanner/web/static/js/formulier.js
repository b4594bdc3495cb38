/*
 * locatieplanner, the planner's map: the form of a new or an existing site (attributes,
 * assignments to corporations, and its shape on the map), saving it through the API with the
 * version it was based on, the server's validation errors next to the fields, and the dialog
 * for a conflicting change (412).
 */
import {api} from "./api.js";
import {toonDetails, toonPaneel} from "./details.js";
import {corporaties, filtersActief, laadLocaties} from "./filters.js";
import {el, getal, leeg, volleRij} from "./gedeeld.js";
import {VELDNAMEN, waardeTekst} from "./geschiedenis.js";
import {bewerklaag, kaart, latlngsVan, selectielaag, zoomNaar} from "./kaart.js";
import {sites, verbergSite} from "./lagen.js";
import {melding, waarschuwingTekst} from "./meldingen.js";
import {SEGMENTEN, config, hardheidVan, sessie, staat} from "./staat.js";
import {nieuwPuntIcoon, toonTekenknoppen} from "./tekenen.js";

const formulier = document.getElementById("locatieformulier");
const toewijzingRijen = document.getElementById("toewijzingen");

// ------------------------------------------------------------------ assignments

function corporatieOpties(select, gekozen) {
    leeg(select);
    const kies = el("option", null, "Kies een corporatie…");
    kies.value = "";
    select.appendChild(kies);
    const namen = corporaties.slice();
    if (gekozen && namen.indexOf(gekozen) < 0) {
        namen.push(gekozen);
    }
    namen.forEach((n) => {
        const o = el("option", null, n);
        o.value = n;
        select.appendChild(o);
    });
    select.value = gekozen || "";
}

function werkToewijzingTotaalBij() {
    const daeb = Number(formulier.elements.daeb.value) || 0;
    let som = 0;
    toewijzingRijen.querySelectorAll("[name=t_daeb]").forEach((i) => {
        som += Number(i.value) || 0;
    });
    const span = document.getElementById("toewijzing-totaal");
    span.textContent = "Toegewezen: " + getal(som) + " van " + getal(daeb) + " DAEB-woningen";
    span.classList.toggle("text-danger", som > daeb);
    span.classList.toggle("text-secondary", som <= daeb);
}

function voegToewijzingToe(t) {
    const fragment = document.getElementById("toewijzing-rij").content.cloneNode(true);
    const tr = fragment.querySelector("tr");
    corporatieOpties(tr.querySelector("[name=t_corporatie]"), t && t.corporatie);
    tr.querySelector("[name=t_daeb]").value = t && t.daeb !== null && t.daeb !== undefined ? t.daeb : "";
    tr.querySelector("[name=t_oplevering]").value = t && t.oplevering ? t.oplevering : "";
    tr.querySelector(".lp-rij-weg").addEventListener("click", () => {
        tr.remove();
        werkToewijzingTotaalBij();
    });
    toewijzingRijen.appendChild(tr);
    werkToewijzingTotaalBij();
    return tr;
}

function werkStatusUitlegBij() {
    const s = formulier.elements.status.value;
    document.getElementById("status-uitleg").textContent = (hardheidVan(s) === "hard" ? "Hard plan: " : "Zacht plan: ") + (config.statussen[s] || "");
}

// ------------------------------------------------------------------ filling and reading

function wisFouten() {
    document.getElementById("formulier-fouten").hidden = true;
    leeg(document.getElementById("formulier-foutlijst"));
    formulier.querySelectorAll(".is-invalid").forEach((e) => e.classList.remove("is-invalid"));
    formulier.querySelectorAll(".invalid-feedback").forEach((e) => {
        e.textContent = "";
    });
    toewijzingRijen.querySelectorAll(".lp-rijfout").forEach((e) => e.remove());
}

function vulFormulier(p) {
    const e = formulier.elements;
    e.naam.value = p.naam || "";
    e.status.value = p.status || "4B";
    e.fase.value = p.fase === null || p.fase === undefined ? "" : String(p.fase);
    SEGMENTEN.forEach((s) => {
        e[s].value = p[s] === null || p[s] === undefined ? 0 : p[s];
    });
    e.start.value = p.start || "";
    e.oplevering.value = p.oplevering || "";
    e.bron_id.value = p.bron_id || "";
    e.opmerking.value = p.opmerking || "";
    leeg(toewijzingRijen);
    (p.toewijzingen || []).forEach(voegToewijzingToe);
    werkStatusUitlegBij();
    werkToewijzingTotaalBij();
}

function geheel(input, lokaal) {
    if (input.validity && input.validity.badInput) {
        lokaal.push({veld: input.name, input: input, melding: "is geen getal"});
        return null;
    }
    const v = input.value.trim();
    if (v === "") {
        return null;
    }
    return Number(v);
}

function leesFormulier(lokaal) {
    const e = formulier.elements;
    const tekst = (v) => (v.trim() === "" ? null : v.trim());
    const p = {
        naam: e.naam.value.trim(),
        status: e.status.value,
        fase: e.fase.value === "" ? null : Number(e.fase.value),
        start: geheel(e.start, lokaal),
        oplevering: geheel(e.oplevering, lokaal),
        bron_id: tekst(e.bron_id.value),
        opmerking: tekst(e.opmerking.value),
    };
    SEGMENTEN.forEach((s) => {
        const v = geheel(e[s], lokaal);
        p[s] = v === null ? 0 : v;
    });
    p.toewijzingen = Array.from(toewijzingRijen.querySelectorAll("tr")).map((tr) => {
        const daeb = geheel(tr.querySelector("[name=t_daeb]"), lokaal);
        return {
            corporatie: tr.querySelector("[name=t_corporatie]").value,
            daeb: daeb === null ? 0 : daeb,
            oplevering: geheel(tr.querySelector("[name=t_oplevering]"), lokaal),
        };
    });
    return p;
}

/** The input that a problem of the server (or of the browser) is about, or null. */
function doelVan(d, rijen) {
    // an assignment's field: "toewijzingen[0].daeb" (request schema) or item
    // "locatie 'X' toewijzing 1" with veld "daeb" (domain rules)
    const pad = /^toewijzingen\[(\d+)\]\.(\w+)$/.exec(d.veld || "");
    const m = /toewijzing (\d+)/.exec(d.item || "");
    if (d.input) {
        return d.input;
    }
    if (pad && rijen[Number(pad[1])]) {
        return rijen[Number(pad[1])].querySelector('[data-veld="' + pad[2] + '"]');
    }
    if (m && rijen[Number(m[1]) - 1]) {
        return rijen[Number(m[1]) - 1].querySelector('[data-veld="' + d.veld + '"]');
    }
    if (d.veld === "corporatie") {
        const rijMet = rijen.find((tr) => tr.querySelector("[name=t_corporatie]").value === d.waarde);
        return rijMet ? rijMet.querySelector("[name=t_corporatie]") : null;
    }
    if (d.veld && formulier.elements[d.veld] && formulier.elements[d.veld].nodeName) {
        return formulier.elements[d.veld];
    }
    return null;
}

function voegFoutToe(feedback, tekst) {
    feedback.textContent = (feedback.textContent ? feedback.textContent + "; " : "") + tekst;
}

function toonFouten(fout, details) {
    wisFouten();
    const lijst = document.getElementById("formulier-foutlijst");
    const rijen = Array.from(toewijzingRijen.querySelectorAll("tr"));
    const algemeen = [];
    details.forEach((d) => {
        const tekst = (d.veld ? d.veld + " " : "") + (d.waarde !== undefined && d.waarde !== null && d.waarde !== "" ? "“" + d.waarde + "” " : "") + d.melding;
        const doel = doelVan(d, rijen);
        if (doel) {
            doel.classList.add("is-invalid");
            const feedback = doel.closest("tr") && doel.closest("#toewijzingen") ? null : formulier.querySelector('[data-fout-voor="' + doel.name + '"]');
            if (feedback) {
                voegFoutToe(feedback, d.melding);
            } else {
                const td = doel.closest("td");
                td.appendChild(el("div", "invalid-feedback d-block lp-rijfout", d.melding));
            }
        } else if (d.veld && formulier.querySelector('[data-fout-voor="' + d.veld + '"]')) {
            voegFoutToe(formulier.querySelector('[data-fout-voor="' + d.veld + '"]'), d.melding);
        } else {
            algemeen.push(tekst);
        }
        lijst.appendChild(el("li", null, (d.item ? d.item + ": " : "") + tekst));
    });
    if (!details.length) {
        lijst.appendChild(el("li", null, fout));
    }
    const fouten = document.getElementById("formulier-fouten");
    fouten.hidden = false;
    fouten.scrollIntoView({block: "nearest"});
    return algemeen;
}

// ------------------------------------------------------------------ the shape on the map

function maakBewerkbaar(laag) {
    if (laag.editing) {
        laag.editing.enable();
    } else if (laag.dragging) {
        laag.dragging.enable();
    }
    laag.on("edit dragend", () => {
        if (sessie.bewerkt) {
            sessie.bewerkt.vormGewijzigd = true;
        }
    });
}

function vormVan(feature) {
    const g = feature.geometry;
    if (g.type === "Point") {
        return L.marker(L.GeoJSON.coordsToLatLng(g.coordinates), {icon: nieuwPuntIcoon, draggable: true});
    }
    return L.polygon(latlngsVan(g), {color: "#f59f00", weight: 3, fillColor: "#ffd43b", fillOpacity: 0.25, className: "lp-bewerk-vlak"});
}

function vormGrenzen(vorm) {
    return vorm.getBounds ? vorm.getBounds() : L.latLngBounds([vorm.getLatLng()]);
}

// ------------------------------------------------------------------ open, close, save

/** Open the form: ``feature`` to edit an existing site, or ``getekend`` a freshly drawn layer. */
export function openFormulier(feature, getekend) {
    wisFouten();
    bewerklaag.clearLayers();
    selectielaag.clearLayers();
    kaart.closePopup();
    toonTekenknoppen(false);
    let vorm;
    let bewerkt;
    if (feature) {
        bewerkt = {id: feature.id, versie: feature.properties.versie, feature: feature, vormGewijzigd: false};
        sessie.bewerkt = bewerkt;
        vorm = vormVan(feature);
        verbergSite(feature.id, true);
        document.getElementById("formulier-titel").textContent = "Locatie bewerken";
        document.getElementById("formulier-uitleg").textContent =
            "Pas de gegevens aan. Vorm of ligging wijzigen: versleep op de kaart de hoekpunten (of het punt).";
        vulFormulier(feature.properties);
    } else {
        bewerkt = {id: null, versie: null, feature: null, vormGewijzigd: true};
        sessie.bewerkt = bewerkt;
        vorm = getekend;
        document.getElementById("formulier-titel").textContent = "Nieuwe locatie";
        document.getElementById("formulier-uitleg").textContent = "Vul de gegevens in en sla op. De gemeente wordt afgeleid uit de ligging op de kaart.";
        vulFormulier({status: "3", toewijzingen: []});
    }
    bewerkt.vorm = vorm;
    staat.bewerkVorm = vorm;
    bewerklaag.addLayer(vorm);
    maakBewerkbaar(vorm);
    if (feature && !kaart.getBounds().contains(vormGrenzen(vorm))) {
        zoomNaar(feature);
    }
    toonPaneel("bewerken");
    formulier.elements.naam.focus();
}

/** A shape just drawn opens the form of a new site (unless one is being edited). */
export function nieuwGetekend(laag) {
    if (sessie.bewerkt) {
        return;
    }
    openFormulier(null, laag);
}

export function sluitFormulier() {
    const bewerkt = sessie.bewerkt;
    if (!bewerkt) {
        return;
    }
    const id = bewerkt.id;
    if (bewerkt.vorm && bewerkt.vorm.editing && bewerkt.vorm.editing.enabled()) {
        bewerkt.vorm.editing.disable();
    }
    bewerklaag.clearLayers();
    sessie.bewerkt = null;
    staat.bewerkVorm = null;
    toonTekenknoppen(true);
    wisFouten();
    if (id !== null) {
        verbergSite(id, false);
    }
}

function annuleer() {
    const id = sessie.bewerkt && sessie.bewerkt.id;
    sluitFormulier();
    if (id !== null && staat.geselecteerd) {
        toonDetails(staat.geselecteerd);
    } else {
        toonPaneel("paneel-leeg");
    }
}

/** Edit the selected site, starting from its newest version so that the form shows what is
 * stored now. */
export async function bewerkGeselecteerde() {
    if (!staat.geselecteerd || sessie.bewerkt) {
        return;
    }
    try {
        const feature = await api("GET", "locaties/" + encodeURIComponent(staat.geselecteerd.id));
        staat.geselecteerd = feature;
        openFormulier(feature);
    } catch (fout) {
        melding("fout", "De locatie kon niet worden geopend", [fout.message]);
    }
}

async function opgeslagen(data, nieuw) {
    const waarschuwingen = data.waarschuwingen || [];
    delete data.waarschuwingen;
    sluitFormulier();
    toonDetails(data, waarschuwingen);
    const naam = data.properties.naam;
    if (waarschuwingen.length) {
        melding("waarschuwing", "Locatie “" + naam + "” opgeslagen, met waarschuwingen:", waarschuwingen.map(waarschuwingTekst), true);
    } else {
        melding("goed", (nieuw ? "Nieuwe locatie “" : "Locatie “") + naam + "” opgeslagen.");
    }
    await laadLocaties();
    if (!sites.has(data.id) && filtersActief()) {
        melding("waarschuwing", "“" + naam + "” valt buiten de filters en is daarom niet op de kaart te zien.", [], false);
    }
}

function schrijf(doel, props) {
    if (doel.id === null) {
        return api("POST", "locaties", {
            json: {type: "Feature", geometry: doel.vorm.toGeoJSON(7).geometry, properties: props},
        });
    }
    const patch = {properties: props};
    if (doel.vormGewijzigd) {
        patch.geometry = doel.vorm.toGeoJSON(7).geometry;
    }
    return api("PATCH", "locaties/" + encodeURIComponent(doel.id), {
        json: patch,
        versie: doel.versie,
        contentType: "application/merge-patch+json",
    });
}

async function slaOp(e) {
    e.preventDefault();
    if (!sessie.bewerkt) {
        return;
    }
    const lokaal = [];
    const props = leesFormulier(lokaal);
    if (lokaal.length) {
        toonFouten("Ongeldige invoer", lokaal);
        return;
    }
    const knop = document.getElementById("knop-opslaan");
    knop.disabled = true;
    const doel = sessie.bewerkt;
    let data;
    try {
        data = await schrijf(doel, props);
    } catch (fout) {
        knop.disabled = false;
        if (sessie.bewerkt !== doel) {
            return;
        }
        if (fout.status === 412) {
            toonConflict(fout, props, doel);
        } else if (fout.status === 422 || fout.status === 400) {
            toonFouten(fout.message, fout.data.details || []);
        } else if (fout.status === 404) {
            melding("fout", "Deze locatie bestaat niet meer", [fout.message]);
            sluitFormulier();
            staat.geselecteerd = null;
            toonPaneel("paneel-leeg");
            laadLocaties();
        } else {
            toonFouten(fout.message, []);
        }
        return;
    }
    knop.disabled = false;
    await opgeslagen(data, doel.id === null);
}

// ------------------------------------------------------------------ conflicts

const conflictvenster = document.getElementById("conflictvenster");
let conflict = null;

function conflictRij(tabel, kop, a, b, klasse) {
    const tr = el("tr", klasse);
    tr.appendChild(el("th", null, kop));
    tr.appendChild(el("td", null, a));
    tr.appendChild(el("td", null, b));
    tabel.appendChild(tr);
}

/** The dialog for a write refused with 412: what is stored now next to ``mijn`` (the form's
 * values, null when deleting); ``doel`` is the site written. */
export function toonConflict(fout, mijn, doel) {
    const huidig = fout.data.huidig || null;
    conflict = {huidig: huidig, doel: doel, bewerken: mijn !== null};
    document.getElementById("conflict-melding").textContent = fout.message;
    const tabel = leeg(document.getElementById("conflict-verschillen"));
    const nu = huidig && huidig.properties ? huidig.properties : huidig || {};
    const basis = mijn || (doel.feature ? doel.feature.properties : {});
    const velden = ["naam", "status", "fase"].concat(SEGMENTEN, ["start", "oplevering", "toewijzingen", "bron_id", "opmerking"]);
    let aantal = 0;
    velden.forEach((v) => {
        const a = waardeTekst(v, basis[v]);
        const b = waardeTekst(v, nu[v]);
        const anders = a !== b;
        if (!anders && v !== "naam") {
            return;
        }
        conflictRij(tabel, VELDNAMEN[v] || v, a, b, anders ? "lp-verschil" : "");
        aantal += anders ? 1 : 0;
    });
    if (nu.versie !== undefined) {
        conflictRij(tabel, "Versie", String((doel && doel.versie) || (doel.feature && doel.feature.properties.versie) || ""), String(nu.versie));
    }
    if (!aantal) {
        volleRij(tabel, "text-secondary", "De gegevens in dit formulier zijn gelijk; de vorm of ligging kan gewijzigd zijn.", 3);
    }
    const uitleg = document.getElementById("conflict-uitleg");
    uitleg.firstChild.textContent = conflict.bewerken ? "Uw wijziging is " : "De locatie is ";
    uitleg.querySelector("strong").textContent = conflict.bewerken ? "niet" : "niet verwijderd";
    uitleg.lastChild.textContent = conflict.bewerken ? " opgeslagen. De verschillen met wat nu is opgeslagen:" : ". Wat nu is opgeslagen:";
    conflictvenster.returnValue = "";
    conflictvenster.showModal();
}

async function naConflict() {
    const c = conflict;
    conflict = null;
    if (!c || conflictvenster.returnValue !== "herladen") {
        return;
    }
    const id = c.doel.id;
    let feature;
    try {
        feature = await api("GET", "locaties/" + encodeURIComponent(id));
    } catch (fout) {
        melding("fout", "De locatie kon niet opnieuw worden geladen", [fout.message]);
        sluitFormulier();
        toonPaneel("paneel-leeg");
        laadLocaties();
        return;
    }
    const bewerken = c.bewerken && sessie.bewerkt && sessie.bewerkt.id === id;
    sluitFormulier();
    staat.geselecteerd = feature;
    if (bewerken) {
        openFormulier(feature);
        melding("goed", "De huidige gegevens zijn geladen; voer uw wijziging opnieuw in.");
    } else {
        toonDetails(feature);
    }
    laadLocaties();
}

export function startFormulier() {
    document.getElementById("toewijzing-toevoegen").addEventListener("click", () => {
        const tr = voegToewijzingToe(null);
        tr.querySelector("select").focus();
    });
    formulier.addEventListener("input", werkToewijzingTotaalBij);
    formulier.elements.status.addEventListener("change", werkStatusUitlegBij);
    document.getElementById("knop-annuleren").addEventListener("click", annuleer);
    document.getElementById("formulier-sluiten").addEventListener("click", annuleer);
    document.getElementById("knop-bewerken").addEventListener("click", bewerkGeselecteerde);
    formulier.addEventListener("submit", slaOp);
    conflictvenster.addEventListener("close", naConflict);
}
