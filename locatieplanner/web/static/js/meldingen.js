/*
 * locatieplanner, the planner's map: messages (toasts) in #meldingen beside the map. A good
 * message disappears after six seconds unless it should stay; warnings and errors stay until
 * closed.
 */
import {el} from "./gedeeld.js";

export function melding(soort, titel, regels, blijvend) {
    const doos = el("div", "lp-melding" + (soort === "goed" ? "" : " lp-" + soort));
    doos.setAttribute("role", soort === "fout" ? "alert" : "status");
    const tekst = el("div");
    tekst.appendChild(el("strong", null, titel));
    if (regels && regels.length) {
        const ul = el("ul");
        regels.forEach((r) => ul.appendChild(el("li", null, r)));
        tekst.appendChild(ul);
    }
    doos.appendChild(tekst);
    const sluit = el("button", "btn-close");
    sluit.type = "button";
    sluit.setAttribute("aria-label", "Melding sluiten");
    sluit.addEventListener("click", () => doos.remove());
    doos.appendChild(sluit);
    document.getElementById("meldingen").appendChild(doos);
    if (!blijvend && soort === "goed") {
        setTimeout(() => doos.remove(), 6000);
    }
    return doos;
}

export function waarschuwingTekst(w) {
    return w.melding || String(w.soort || "waarschuwing");
}
