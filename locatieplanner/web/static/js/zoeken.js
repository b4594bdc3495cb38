/*
 * locatieplanner, the planner's map: searching a site by name (from two characters, a quarter
 * of a second after typing stops); a result selects the site and zooms to it.
 */
import {api} from "./api.js";
import {selecteer} from "./details.js";
import {el, gemeenteTekst, leeg} from "./gedeeld.js";
import {statusTekst} from "./staat.js";

const zoekveld = document.getElementById("zoekveld");
const zoeklijst = document.getElementById("zoekresultaten");
let zoekNr = 0;

function verbergZoeklijst() {
    zoeklijst.hidden = true;
    leeg(zoeklijst);
}

function resultaat(f) {
    const li = el("li", "list-group-item list-group-item-action lp-zoekresultaat");
    li.tabIndex = 0;
    li.setAttribute("role", "button");
    li.dataset.id = String(f.id);
    li.appendChild(el("span", null, f.properties.naam));
    li.appendChild(el("span", "lp-sub", gemeenteTekst(f.properties) + " · " + statusTekst(f.properties)));
    const kies = () => {
        verbergZoeklijst();
        selecteer(f.id, {zoom: true});
    };
    li.addEventListener("click", kies);
    li.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            kies();
        }
    });
    return li;
}

async function zoek() {
    const q = zoekveld.value.trim();
    const nr = ++zoekNr;
    if (q.length < 2) {
        verbergZoeklijst();
        return;
    }
    try {
        const fc = await api("GET", "locaties?" + new URLSearchParams({q: q, limit: "12"}).toString());
        if (nr !== zoekNr) {
            return;
        }
        leeg(zoeklijst);
        const features = fc.features || [];
        if (!features.length) {
            zoeklijst.appendChild(el("li", "list-group-item text-secondary", "Geen locatie gevonden met “" + q + "”"));
        }
        features.forEach((f) => zoeklijst.appendChild(resultaat(f)));
        if (fc.numberMatched > features.length) {
            zoeklijst.appendChild(
                el("li", "list-group-item small text-secondary", "… en nog " + (fc.numberMatched - features.length) + "; typ meer van de naam")
            );
        }
        zoeklijst.hidden = false;
    } catch (fout) {
        if (nr === zoekNr) {
            leeg(zoeklijst);
            zoeklijst.appendChild(el("li", "list-group-item text-danger", fout.message));
            zoeklijst.hidden = false;
        }
    }
}

export function startZoeken() {
    let zoekTimer = null;
    zoekveld.addEventListener("input", () => {
        clearTimeout(zoekTimer);
        zoekTimer = setTimeout(zoek, 250);
    });
    zoekveld.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
            verbergZoeklijst();
        } else if (e.key === "Enter") {
            e.preventDefault();
            clearTimeout(zoekTimer);
            const eerste = zoeklijst.querySelector(".lp-zoekresultaat");
            if (eerste) {
                eerste.click();
            } else {
                zoek();
            }
        } else if (e.key === "ArrowDown") {
            const eerste = zoeklijst.querySelector(".lp-zoekresultaat");
            if (eerste) {
                e.preventDefault();
                eerste.focus();
            }
        }
    });
    document.addEventListener("click", (e) => {
        if (!e.target.closest(".lp-zoek")) {
            verbergZoeklijst();
        }
    });
}
