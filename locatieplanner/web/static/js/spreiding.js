/*
 * locatieplanner: the parts of the distribution page (/spreiding) that are fetched when they are
 * needed, so that the page stays small with hundreds of municipalities.
 *
 * - Stock charts (#voorraad): each municipality's <figure data-gemeente> gets its SVG when it
 *   comes into view (IntersectionObserver), from GET /spreiding/voorraad.json?gemeenten=...
 *   (the page's own settings repeated, ETag so an unchanged chart is not resent); the button
 *   #voorraad-alle fetches all (before printing).
 * - Parts with a row per municipality (<details data-laad>: the signal list of each municipality,
 *   the tables of cases, dips and Meer Evenwicht, and with many municipalities the table per
 *   municipality and the signal overview) are fetched when they are opened, from the URL of the
 *   link they hold (GET /spreiding/signalen/<code>, /spreiding/deel/<naam>); a part fetched may
 *   hold parts of its own. A link to #signalen-<code> opens that section (first the overview
 *   that holds it), #kop-tabel the table per municipality.
 *
 * The server makes the SVG and the HTML (escaped there); they are parsed with DOMParser and
 * imported, never set as innerHTML. window.locatieplanner_spreiding_lijsten holds the number of
 * charts and parts loaded and the errors.
 */

const MAX_PER_VRAAG = 60;
const staat = (window.locatieplanner_spreiding_lijsten = {grafieken: 0, delen: 0, fouten: []});

function metInstellingen(pad, extra) {
    const params = new URLSearchParams(window.location.search);
    for (const [sleutel, waarde] of Object.entries(extra)) {
        params.set(sleutel, waarde);
    }
    const vraag = params.toString();
    return vraag ? `${pad}?${vraag}` : pad;
}

async function haal(url, soort) {
    const antwoord = await fetch(url, {credentials: "same-origin", headers: {Accept: soort}});
    if (!antwoord.ok) {
        throw new Error(`${url}: HTTP ${antwoord.status}`);
    }
    return antwoord;
}

function meldFout(plek, tekst, fout) {
    staat.fouten.push(String(fout));
    plek.classList.add("sp-mislukt");
    const p = document.createElement("p");
    p.className = "sp-klein";
    p.textContent = tekst;
    plek.appendChild(p);
}

function grafieken() {
    const vak = document.getElementById("voorraad");
    if (!vak) {
        return;
    }
    const figuren = new Map([...vak.querySelectorAll("figure[data-gemeente]")].map((f) => [f.dataset.gemeente, f]));
    const wachtend = new Set();
    const gevraagd = new Set();
    let gepland = false;

    async function vraagOp(codes) {
        try {
            const antwoord = await haal(metInstellingen(vak.dataset.url, {gemeenten: codes.join(",")}), "application/json");
            const data = await antwoord.json();
            for (const code of codes) {
                const figuur = figuren.get(code);
                const svg = data.grafieken[code];
                if (!figuur || !svg) {
                    continue;
                }
                const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
                figuur.appendChild(document.importNode(doc.documentElement, true));
                figuur.classList.add("sp-geladen");
                staat.grafieken += 1;
            }
        } catch (fout) {
            for (const code of codes) {
                gevraagd.delete(code);
                meldFout(figuren.get(code), "De grafiek kon niet worden geladen; laad de pagina opnieuw.", fout);
            }
        }
    }

    function verstuur() {
        gepland = false;
        const codes = [...wachtend];
        wachtend.clear();
        for (let i = 0; i < codes.length; i += MAX_PER_VRAAG) {
            vraagOp(codes.slice(i, i + MAX_PER_VRAAG));
        }
    }

    function vraag(code) {
        if (gevraagd.has(code)) {
            return;
        }
        gevraagd.add(code);
        wachtend.add(code);
        if (!gepland) {
            gepland = true;
            window.setTimeout(verstuur, 50);
        }
    }

    if ("IntersectionObserver" in window) {
        const waarnemer = new IntersectionObserver((items) => {
            for (const item of items) {
                if (item.isIntersecting) {
                    waarnemer.unobserve(item.target);
                    vraag(item.target.dataset.gemeente);
                }
            }
        }, {rootMargin: "300px 0px"});
        figuren.forEach((f) => waarnemer.observe(f));
    } else {
        figuren.forEach((_f, code) => vraag(code));
    }
    const alle = document.getElementById("voorraad-alle");
    if (alle) {
        alle.addEventListener("click", () => figuren.forEach((_f, code) => vraag(code)));
    }
}

/* Where a link into the page may point at something inside a part that is not loaded yet:
 * the part that holds it (#signalen-<code> is in the signal overview, #kop-tabel opens the table
 * per municipality when the page fetches it). */
function deelVan(hash) {
    if (hash.startsWith("#signalen-")) {
        return document.getElementById("deel-signaaloverzicht");
    }
    return hash === "#kop-tabel" ? document.getElementById("deel-gemeenten") : null;
}

function openDoel() {
    const hash = window.location.hash;
    const doel = hash.startsWith("#signalen-") ? document.getElementById(hash.slice(1)) : null;
    if (doel && doel.tagName === "DETAILS") {
        doel.open = true;
        return;
    }
    const deel = deelVan(hash);
    if (deel && !deel.open) {
        deel.open = true; // fetched on opening; openDoel runs again once it is in
    }
}

function bindDelen(wortel) {
    for (const sectie of wortel.querySelectorAll("details[data-laad]")) {
        const inhoud = sectie.querySelector(".sp-laadinhoud");
        if (sectie.open || sectie.dataset.gebonden) {
            continue; // the print version has it inline
        }
        sectie.dataset.gebonden = "ja";
        const link = inhoud.querySelector("a");
        const url = link.getAttribute("href");
        let geladen = false;
        sectie.addEventListener("toggle", async () => {
            if (!sectie.open || geladen) {
                return;
            }
            geladen = true;
            sectie.setAttribute("aria-busy", "true");
            try {
                const antwoord = await haal(metInstellingen(url, {}), "text/html");
                const doc = new DOMParser().parseFromString(await antwoord.text(), "text/html");
                inhoud.replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
                bindDelen(inhoud); // a part may hold parts of its own (the signal lists)
                sectie.dataset.geladen = "ja";
                staat.delen += 1;
                openDoel();
            } catch (fout) {
                geladen = false;
                meldFout(inhoud, "Dit deel kon niet worden geladen; sluit en open het opnieuw.", fout);
            } finally {
                sectie.removeAttribute("aria-busy");
            }
        });
    }
}

function delen() {
    bindDelen(document);
    window.addEventListener("hashchange", openDoel);
    openDoel();
}

grafieken();
delen();
