/*
 * locatieplanner, the planner's map: the open data-quality signals of the selected site (the
 * analysis' signals that name it: overlap, border, DAEB without corporation, outside the
 * working area, delivery outside the period, ...), fetched from the API when a site is shown.
 */
import {api} from "./api.js";
import {el, leeg} from "./gedeeld.js";
import {staat} from "./staat.js";

/** The severities in Dutch (said in text, not by colour alone). */
const ERNST = {fout: "fout", waarschuwing: "waarschuwing", info: "ter informatie"};

function signaal(s) {
    const li = el("li");
    li.dataset.soort = s.soort;
    li.dataset.ernst = s.ernst;
    li.appendChild(el("span", "lp-ernst lp-ernst-" + s.ernst, ERNST[s.ernst] || s.ernst));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "lp-signaalmelding", s.melding));
    return li;
}

/** The signals of site ``id`` in #detail-signalen; its data-geladen is the id once shown. */
export async function laadSignalen(id) {
    const doos = leeg(document.getElementById("detail-signalen"));
    delete doos.dataset.geladen;
    let signalen;
    try {
        signalen = await api("GET", "locaties/" + encodeURIComponent(id) + "/signalen");
    } catch (fout) {
        doos.appendChild(el("p", "small text-danger", "Signalen niet beschikbaar: " + fout.message));
        return;
    }
    if (!staat.geselecteerd || staat.geselecteerd.id !== id) {
        return;
    }
    leeg(doos);
    if (!Array.isArray(signalen) || !signalen.length) {
        doos.appendChild(el("p", "small text-secondary mb-2", "Geen open signalen van de analyse."));
    } else {
        doos.appendChild(el("h3", null, "Signalen van de analyse (" + signalen.length + ")"));
        const ul = el("ul", "lp-signalen");
        signalen.forEach((s) => ul.appendChild(signaal(s)));
        doos.appendChild(ul);
    }
    doos.dataset.geladen = String(id);
}
