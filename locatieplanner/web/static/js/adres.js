/*
 * locatieplanner, the planner's map: the view in the address bar. The filters and the selected
 * site are query parameters (?gemeente=GM0518&status=1A,1B&locatie=12), so a view can be shared
 * as a link and survives a reload. Only replaceState: the back button leaves the page.
 */

/** The filters kept in the address, in the names of the API's query parameters. */
export const FILTERS = ["gemeente", "corporatie", "hardheid", "oplevering_van", "oplevering_tot", "status"];

/** The filters and the selected site's id in the current address. */
export function leesAdres() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    FILTERS.forEach((naam) => {
        const waarde = params.get(naam);
        if (waarde) {
            filters[naam] = waarde;
        }
    });
    const locatie = Number.parseInt(params.get("locatie") || "", 10);
    return {filters: filters, locatie: Number.isInteger(locatie) && locatie > 0 ? locatie : null};
}

function vervang(params) {
    const zoek = params.toString();
    const url = window.location.pathname + (zoek ? "?" + zoek : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
    }
}

/** Put ``filters`` in the address (the selected site stays). */
export function zetAdresFilters(filters) {
    const params = new URLSearchParams(window.location.search);
    FILTERS.forEach((naam) => params.delete(naam));
    FILTERS.forEach((naam) => {
        if (filters[naam]) {
            params.set(naam, filters[naam]);
        }
    });
    vervang(params);
}

/** Put the selected site's id in the address (null: none selected). */
export function zetAdresLocatie(id) {
    const params = new URLSearchParams(window.location.search);
    if (id) {
        params.set("locatie", String(id));
    } else {
        params.delete("locatie");
    }
    vervang(params);
}
