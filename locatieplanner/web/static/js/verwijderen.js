/*
 * locatieplanner, the planner's map: deleting the selected site after confirmation, with the
 * version it was based on; a site changed by someone else meanwhile is not deleted (412).
 */
import {api} from "./api.js";
import {toonPaneel} from "./details.js";
import {laadLocaties} from "./filters.js";
import {toonConflict} from "./formulier.js";
import {gemeenteTekst, getal} from "./gedeeld.js";
import {selectielaag} from "./kaart.js";
import {melding} from "./meldingen.js";
import {staat} from "./staat.js";

const verwijdervenster = document.getElementById("verwijdervenster");

function vraag() {
    const f = staat.geselecteerd;
    if (!f) {
        return;
    }
    document.getElementById("verwijder-tekst").textContent =
        "Weet u zeker dat u “" + f.properties.naam + "” (" + gemeenteTekst(f.properties) + ", " + getal(f.properties.daeb) + " DAEB) wilt verwijderen?";
    verwijdervenster.returnValue = "";
    verwijdervenster.showModal();
}

async function verwijder() {
    if (verwijdervenster.returnValue !== "verwijderen") {
        return;
    }
    const f = staat.geselecteerd;
    if (!f) {
        return;
    }
    try {
        await api("DELETE", "locaties/" + encodeURIComponent(f.id), {versie: f.properties.versie});
    } catch (fout) {
        if (fout.status === 412) {
            toonConflict(fout, null, {id: f.id, feature: f});
        } else {
            melding("fout", "“" + f.properties.naam + "” is niet verwijderd", [fout.message], true);
        }
        return;
    }
    staat.geselecteerd = null;
    selectielaag.clearLayers();
    toonPaneel("paneel-leeg");
    melding("goed", "Locatie “" + f.properties.naam + "” verwijderd.");
    laadLocaties();
}

export function startVerwijderen() {
    document.getElementById("knop-verwijderen").addEventListener("click", vraag);
    verwijdervenster.addEventListener("close", verwijder);
}
