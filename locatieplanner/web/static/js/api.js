/*
 * locatieplanner, the planner's map: the client of the REST API (/api/v1). Every write can
 * carry the version it was based on (If-Match); an answer that is not OK becomes an ApiFout with
 * the server's Dutch message and details.
 */

let basis = "";

/** Where the API lives (config.api of the page), for paths relative to it. */
export function zetApiBasis(url) {
    basis = url;
}

export class ApiFout extends Error {
    constructor(status, data) {
        super((data && data.fout) || "De server antwoordde met HTTP " + status);
        this.status = status;
        this.data = data || {};
    }
}

/** The page's CSRF token (meta csrf-token): a write with the session cookie must carry it. */
function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
}

export async function api(methode, pad, opties) {
    opties = opties || {};
    const headers = {Accept: "application/json, application/geo+json"};
    if (methode !== "GET" && methode !== "HEAD") {
        const token = csrfToken();
        if (token) {
            headers["X-CSRFToken"] = token;
        }
    }
    let body;
    if (opties.json !== undefined) {
        headers["Content-Type"] = opties.contentType || "application/json";
        body = JSON.stringify(opties.json);
    }
    if (opties.versie !== undefined && opties.versie !== null) {
        headers["If-Match"] = '"' + opties.versie + '"';
    }
    const url = /^https?:/.test(pad) || pad.startsWith("/") ? pad : basis + "/" + pad;
    let antwoord;
    try {
        antwoord = await fetch(url, {
            method: methode,
            headers: headers,
            body: body,
            credentials: "same-origin",
            signal: opties.signal,
        });
    } catch (fout) {
        if (fout.name === "AbortError") {
            throw fout;
        }
        throw new ApiFout(0, {fout: "Geen verbinding met de server (" + fout.message + ")"});
    }
    let data = null;
    const type = antwoord.headers.get("Content-Type") || "";
    if (antwoord.status !== 204 && type.indexOf("json") >= 0) {
        try {
            data = await antwoord.json();
        } catch {
            data = null;
        }
    }
    if (!antwoord.ok) {
        throw new ApiFout(antwoord.status, data);
    }
    return data;
}

function volgendeLink(fc) {
    const link = (fc.links || []).find((l) => l.rel === "next");
    return link ? link.href : null;
}

/** All pages of a FeatureCollection (following the "next" links). */
export async function haalAlles(pad, signal) {
    const eerste = await api("GET", pad, {signal: signal});
    let volgende = volgendeLink(eerste);
    const features = eerste.features.slice();
    let veiligheid = 100;
    while (volgende && veiligheid-- > 0) {
        const pagina = await api("GET", volgende, {signal: signal});
        features.push.apply(features, pagina.features || []);
        volgende = volgendeLink(pagina);
    }
    eerste.features = features;
    return eerste;
}
