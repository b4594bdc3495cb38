/*
 * locatieplanner: the planner's map (kaart.html).
 *
 * Everything comes from the REST API (/api/v1): sites as GeoJSON (filtered on the server, with a
 * count summary), municipalities, corporations and removals. Planners draw a new site (polygon or
 * point, Leaflet.draw), fill in the form and save; edit attributes, assignments and the geometry
 * of an existing site; delete it; and see its history. Every write carries the version it was
 * based on (If-Match); a stale write shows the other change.
 *
 * All text from the server is put in the page with textContent (never innerHTML), so names like
 * <img onerror=...> stay text. The page's Content-Security-Policy allows no inline script.
 *
 * window.locatieplanner exposes the state for tests: geladen, ladingen (completed loads),
 * aantallen per layer, samenvatting, kaart, lagen, geselecteerd, bewerkVorm.
 */
(function () {
    "use strict";

    const kaartEl = document.getElementById("kaart");
    const config = JSON.parse(kaartEl.getAttribute("data-config"));
    const API = config.api;
    const STIJL = config.stijlen;
    const HARD = new Set(config.harde_statussen);
    const SEGMENTEN = Object.keys(config.segmenten);
    const LAAGNAAM_ONTTREKKINGEN = "Onttrekkingen";
    // a polygon smaller than this on screen is shown as a (clustered) marker at its centre
    const MIN_VLAK_PX = 14;

    const staat = (window.locatieplanner = {
        geladen: false,
        ladingen: 0,
        aantallen: {hard: 0, zacht: 0, gemeenten: 0, onttrekkingen: 0},
        samenvatting: null,
        fouten: [],
        kaart: null,
        lagen: {},
        geselecteerd: null,
        bewerkVorm: null,
    });

    // ------------------------------------------------------------------ small helpers

    function $(id) {
        return document.getElementById(id);
    }

    function el(tag, klasse, tekst) {
        const e = document.createElement(tag);
        if (klasse) {
            e.className = klasse;
        }
        if (tekst !== undefined && tekst !== null) {
            e.textContent = String(tekst);
        }
        return e;
    }

    function leeg(e) {
        while (e.firstChild) {
            e.removeChild(e.firstChild);
        }
        return e;
    }

    function getal(n) {
        if (n === null || n === undefined || n === "") {
            return "–";
        }
        return Number(n).toLocaleString("nl-NL");
    }

    function htmlTekst(s) {
        // only for Leaflet's attribution, which is HTML: escape the configured text
        return String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
    }

    function hardheidVan(status) {
        return HARD.has(status) ? "hard" : "zacht";
    }

    function tijdTekst(iso) {
        if (!iso) {
            return "";
        }
        const d = new Date(iso);
        if (isNaN(d.getTime())) {
            return String(iso);
        }
        return d.toLocaleString("nl-NL", {dateStyle: "medium", timeStyle: "short"});
    }

    function corporatieNamen(p) {
        if (Array.isArray(p.corporaties)) {
            return p.corporaties.join("; ");
        }
        if (p.corporaties) {
            return String(p.corporaties);
        }
        const namen = (p.toewijzingen || []).map((t) => t.corporatie);
        return Array.from(new Set(namen)).join("; ");
    }

    function gemeenteTekst(p) {
        const delen = [p.gemeente, p.gemeentenaam].filter((x) => x);
        return delen.length ? delen.join(" ") : "onbekend";
    }

    function totaal(p) {
        return SEGMENTEN.reduce((s, k) => s + (Number(p[k]) || 0), 0);
    }

    function nietToegewezen(p) {
        if (p.daeb_nt !== undefined && p.daeb_nt !== null) {
            return Number(p.daeb_nt);
        }
        const toegewezen = (p.toewijzingen || []).reduce((s, t) => s + (Number(t.daeb) || 0), 0);
        return (Number(p.daeb) || 0) - toegewezen;
    }

    // ------------------------------------------------------------------ the API

    class ApiFout extends Error {
        constructor(status, data) {
            super((data && data.fout) || "De server antwoordde met HTTP " + status);
            this.status = status;
            this.data = data || {};
        }
    }

    async function api(methode, pad, opties) {
        opties = opties || {};
        const headers = {Accept: "application/json, application/geo+json"};
        let body;
        if (opties.json !== undefined) {
            headers["Content-Type"] = opties.contentType || "application/json";
            body = JSON.stringify(opties.json);
        }
        if (opties.versie !== undefined && opties.versie !== null) {
            headers["If-Match"] = '"' + opties.versie + '"';
        }
        const url = /^https?:/.test(pad) || pad.startsWith("/") ? pad : API + "/" + pad;
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
            } catch (e) {
                data = null;
            }
        }
        if (!antwoord.ok) {
            throw new ApiFout(antwoord.status, data);
        }
        return data;
    }

    /** All pages of a FeatureCollection (following the "next" links). */
    async function haalAlles(pad, signal) {
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

    function volgendeLink(fc) {
        const link = (fc.links || []).find((l) => l.rel === "next");
        return link ? link.href : null;
    }

    // ------------------------------------------------------------------ map and layers

    const kaart = L.map(kaartEl, {minZoom: 6, maxZoom: 19, zoomControl: true});
    staat.kaart = kaart;
    kaart.createPane("lpGemeenten").style.zIndex = 350;
    // removals below the sites' markers (600), above the polygons (400)
    kaart.createPane("lpOnttrekkingen").style.zIndex = 550;
    // the outline of the selected site above the sites' polygons
    kaart.createPane("lpSelectie").style.zIndex = 450;
    kaart.attributionControl.setPrefix(false);

    const basislagen = {};
    config.basiskaarten.forEach((b, i) => {
        const laag = L.tileLayer(b.url, {
            attribution: htmlTekst(b.attributie),
            minZoom: 6,
            maxZoom: 19,
            maxNativeZoom: b.max_zoom || 19,
        });
        basislagen[b.naam] = laag;
        if (i === 0) {
            laag.addTo(kaart);
        }
    });

    function nieuweGroep(h) {
        const cluster = L.markerClusterGroup({
            maxClusterRadius: 40,
            disableClusteringAtZoom: 15,
            showCoverageOnHover: false,
            spiderfyOnMaxZoom: true,
            chunkedLoading: true,
            iconCreateFunction: (c) => clusterIcoon(h, c),
        });
        const vlakken = L.featureGroup();
        const laag = L.layerGroup([vlakken, cluster]).addTo(kaart);
        return {laag: laag, vlakken: vlakken, cluster: cluster};
    }

    const groepen = {hard: nieuweGroep("hard"), zacht: nieuweGroep("zacht")};
    const gemeentelaag = L.featureGroup().addTo(kaart);
    // removals cluster too (the cluster shows the total removed), so they do not cover the sites
    const onttrekkingslaag = L.markerClusterGroup({
        maxClusterRadius: 35,
        disableClusteringAtZoom: 14,
        clusterPane: "lpOnttrekkingen",
        showCoverageOnHover: false,
        iconCreateFunction: (c) => {
            let som = 0;
            c.getAllChildMarkers().forEach((m) => {
                som += m.options.aantal || 0;
            });
            const tekst = "−" + getal(som);
            return L.divIcon({
                html: el("span", null, tekst),
                className: "lp-onttrekking lp-onttrekking-groep",
                iconSize: [Math.max(26, 12 + tekst.length * 7), 22],
            });
        },
    }).addTo(kaart);
    const selectielaag = L.featureGroup().addTo(kaart);
    const bewerklaag = L.featureGroup().addTo(kaart);
    staat.lagen = {
        hard: groepen.hard.laag,
        zacht: groepen.zacht.laag,
        gemeenten: gemeentelaag,
        onttrekkingen: onttrekkingslaag,
    };

    const overlays = {};
    overlays[config.laagnamen.hard] = groepen.hard.laag;
    overlays[config.laagnamen.zacht] = groepen.zacht.laag;
    overlays[config.laagnamen.gemeenten] = gemeentelaag;
    overlays[LAAGNAAM_ONTTREKKINGEN] = onttrekkingslaag;
    L.control
        .layers(Object.keys(basislagen).length > 1 ? basislagen : {}, overlays, {
            collapsed: false,
            position: "topright",
        })
        .addTo(kaart);
    L.control.scale({imperial: false, position: "bottomleft"}).addTo(kaart);

    const ladenControl = L.control({position: "bottomleft"});
    ladenControl.onAdd = () => el("div", "lp-laden", "Locaties laden…");
    ladenControl.addTo(kaart);

    function clusterIcoon(h, cluster) {
        const n = cluster.getChildCount();
        let daeb = 0;
        cluster.getAllChildMarkers().forEach((m) => {
            daeb += m.options.daeb || 0;
        });
        const maat = n < 10 ? 30 : n < 100 ? 36 : 44;
        const span = el("span", null, String(n));
        const icoon = L.divIcon({
            html: span,
            className: "lp-cluster lp-cluster-" + h,
            iconSize: [maat, maat],
        });
        cluster.options.title = n + " " + (h === "hard" ? "harde" : "zachte") + " locaties, " + getal(daeb) + " DAEB";
        return icoon;
    }

    function puntIcoon(h, id, isVlak) {
        return L.divIcon({
            className: "lp-punt lp-" + h + (isVlak ? " lp-vlakpunt" : "") + " lp-id-" + id,
            iconSize: isVlak ? [14, 14] : [16, 16],
        });
    }

    function vlakStijl(h, id) {
        const s = Object.assign({}, STIJL[h]);
        s.className = STIJL[h].className + " lp-id-" + id;
        return s;
    }

    function latlngsVan(geometrie) {
        if (geometrie.type === "Polygon") {
            return L.GeoJSON.coordsToLatLngs(geometrie.coordinates, 1);
        }
        if (geometrie.type === "MultiPolygon") {
            return L.GeoJSON.coordsToLatLngs(geometrie.coordinates, 2);
        }
        return null;
    }

    function middenVan(geometrie) {
        if (geometrie.type === "Point") {
            return L.GeoJSON.coordsToLatLng(geometrie.coordinates);
        }
        // the centre of the largest exterior ring
        const ringen =
            geometrie.type === "Polygon"
                ? [geometrie.coordinates[0]]
                : geometrie.coordinates.map((p) => p[0]);
        let beste = null;
        let grootste = -1;
        ringen.forEach((r) => {
            const b = L.latLngBounds(r.map((c) => [c[1], c[0]]));
            const opp = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
            if (opp > grootste) {
                grootste = opp;
                beste = r;
            }
        });
        const latlngs = beste.map((c) => L.latLng(c[1], c[0]));
        try {
            return L.PolyUtil.polygonCenter(latlngs, kaart.options.crs);
        } catch (e) {
            return L.latLngBounds(latlngs).getCenter();
        }
    }

    // ------------------------------------------------------------------ popups

    function rij(tabel, kop, waarde) {
        const tr = el("tr");
        tr.appendChild(el("th", null, kop));
        tr.appendChild(el("td", null, waarde));
        tabel.appendChild(tr);
        return tr;
    }

    function statusTekst(p) {
        const omschrijving = config.statussen[p.status];
        return p.status + " (" + (p.hardheid || hardheidVan(p.status)) + ")" + (omschrijving ? ": " + omschrijving : "");
    }

    function popupInhoud(id) {
        const site = sites.get(id);
        const p = site ? site.feature.properties : {};
        const div = el("div", "lp-popup");
        div.appendChild(el("div", "lp-popup-naam", p.naam));
        const tabel = el("table");
        rij(tabel, "Gemeente", gemeenteTekst(p));
        rij(tabel, "Status", statusTekst(p));
        if (p.fase !== null && p.fase !== undefined) {
            rij(tabel, "Fase", p.fase + " " + (config.fasen[String(p.fase)] || ""));
        }
        rij(tabel, "Corporaties", corporatieNamen(p) || "geen");
        const nt = nietToegewezen(p);
        rij(tabel, "DAEB-woningen", getal(p.daeb || 0) + (nt > 0 ? " (" + getal(nt) + " nog niet toegewezen)" : ""));
        rij(tabel, "Woningen totaal", getal(totaal(p)));
        if (p.oplevering) {
            rij(tabel, "Oplevering", p.oplevering);
        }
        div.appendChild(tabel);
        if (!bewerkt) {
            const knop = el("button", "btn btn-sm btn-outline-primary lp-popup-knop", "Bewerken");
            knop.type = "button";
            knop.addEventListener("click", async () => {
                kaart.closePopup();
                await selecteer(id);
                if (staat.geselecteerd && staat.geselecteerd.id === id) {
                    bewerkGeselecteerde();
                }
            });
            div.appendChild(knop);
        }
        return div;
    }

    // ------------------------------------------------------------------ sites on the map

    /** id -> {feature, h, vlak (L.Polygon or null), punt (L.Marker), bounds, alsVlak} */
    const sites = new Map();

    function maakSite(feature) {
        const id = feature.id;
        const p = feature.properties || {};
        const h = p.hardheid || hardheidVan(p.status);
        const site = {feature: feature, h: h, vlak: null, punt: null, bounds: null, alsVlak: false};
        if (!feature.geometry) {
            return null;
        }
        const latlngs = latlngsVan(feature.geometry);
        site.punt = L.marker(middenVan(feature.geometry), {
            icon: puntIcoon(h, id, latlngs !== null),
            keyboard: true,
            daeb: Number(p.daeb) || 0,
        });
        koppel(site.punt, id, {direction: "top", offset: [0, -8]});
        if (latlngs !== null) {
            site.vlak = L.polygon(latlngs, vlakStijl(h, id));
            site.bounds = site.vlak.getBounds();
            koppel(site.vlak, id, {sticky: true});
        } else {
            site.bounds = L.latLngBounds([site.punt.getLatLng()]);
        }
        return site;
    }

    function koppel(laag, id, tooltipOpties) {
        laag.bindPopup(() => popupInhoud(id), {maxWidth: 360, autoPanPaddingTopLeft: [10, 60]});
        laag.bindTooltip(() => el("span", null, (sites.get(id) || {feature: {properties: {}}}).feature.properties.naam), tooltipOpties);
        laag.on("click", () => {
            if (!bewerkt) {
                selecteer(id);
            }
        });
    }

    function isGroot(site) {
        const z = kaart.getZoom();
        const a = kaart.project(site.bounds.getNorthWest(), z);
        const b = kaart.project(site.bounds.getSouthEast(), z);
        return Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y)) >= MIN_VLAK_PX;
    }

    /** Polygons big enough on screen are drawn; smaller ones cluster as markers. */
    function pasWeergaveAan() {
        const wijzig = {
            hard: {naarVlak: [], naarPunt: []},
            zacht: {naarVlak: [], naarPunt: []},
        };
        sites.forEach((site) => {
            if (!site.vlak || site.verborgen) {
                return;
            }
            const groot = isGroot(site);
            if (groot !== site.alsVlak) {
                site.alsVlak = groot;
                (groot ? wijzig[site.h].naarVlak : wijzig[site.h].naarPunt).push(site);
            }
        });
        ["hard", "zacht"].forEach((h) => {
            const g = groepen[h];
            const w = wijzig[h];
            if (w.naarVlak.length) {
                g.cluster.removeLayers(w.naarVlak.map((s) => s.punt));
                w.naarVlak.forEach((s) => g.vlakken.addLayer(s.vlak));
            }
            if (w.naarPunt.length) {
                w.naarPunt.forEach((s) => g.vlakken.removeLayer(s.vlak));
                g.cluster.addLayers(w.naarPunt.map((s) => s.punt));
            }
        });
    }

    function toonLocaties(features) {
        ["hard", "zacht"].forEach((h) => {
            groepen[h].vlakken.clearLayers();
            groepen[h].cluster.clearLayers();
        });
        sites.clear();
        const punten = {hard: [], zacht: []};
        const aantallen = {hard: 0, zacht: 0};
        features.forEach((f) => {
            const site = maakSite(f);
            if (!site) {
                return;
            }
            sites.set(f.id, site);
            aantallen[site.h] += 1;
            if (bewerkt && bewerkt.id === f.id) {
                site.verborgen = true; // its editable copy is on the map
                return;
            }
            if (site.vlak && isGroot(site)) {
                site.alsVlak = true;
                groepen[site.h].vlakken.addLayer(site.vlak);
            } else {
                punten[site.h].push(site.punt);
            }
        });
        groepen.hard.cluster.addLayers(punten.hard);
        groepen.zacht.cluster.addLayers(punten.zacht);
        staat.aantallen.hard = aantallen.hard;
        staat.aantallen.zacht = aantallen.zacht;
    }

    function verbergSite(id, verbergen) {
        const site = sites.get(id);
        if (!site) {
            return;
        }
        const g = groepen[site.h];
        if (verbergen) {
            site.verborgen = true;
            g.vlakken.removeLayer(site.vlak || site.punt);
            g.cluster.removeLayer(site.punt);
            site.alsVlak = false;
        } else if (site.verborgen) {
            site.verborgen = false;
            if (site.vlak && isGroot(site)) {
                site.alsVlak = true;
                g.vlakken.addLayer(site.vlak);
            } else {
                g.cluster.addLayer(site.punt);
            }
        }
    }

    kaart.on("zoomend", pasWeergaveAan);

    // ------------------------------------------------------------------ municipalities

    const gemeenten = new Map(); // code -> {naam, midden}

    function toonGemeenten(fc) {
        const met = (fc.features || []).filter((f) => f.geometry);
        L.geoJSON(
            {type: "FeatureCollection", features: met},
            {
                pane: "lpGemeenten",
                style: () => STIJL.gemeenten,
                onEachFeature: (f, laag) => {
                    const p = f.properties || {};
                    laag.bindTooltip(
                        () => el("span", null, gemeenteTekst({gemeente: p.gemeente || f.id, gemeentenaam: p.naam})),
                        {sticky: true}
                    );
                },
            }
        ).addTo(gemeentelaag);
        staat.aantallen.gemeenten = met.length;
        (fc.features || []).forEach((f) => {
            const p = f.properties || {};
            const code = p.gemeente || f.id;
            gemeenten.set(code, {naam: p.naam, midden: f.geometry ? middenVan(f.geometry) : null});
        });
        const select = $("filter-gemeente");
        Array.from(gemeenten.entries())
            .sort((a, b) => String(a[1].naam).localeCompare(String(b[1].naam), "nl"))
            .forEach(([code, g]) => {
                const optie = el("option", null, g.naam ? g.naam + " (" + code + ")" : code);
                optie.value = code;
                select.appendChild(optie);
            });
    }

    // ------------------------------------------------------------------ corporations

    let corporaties = [];

    function toonCorporaties(lijst) {
        corporaties = (lijst || []).map((c) => (typeof c === "string" ? c : c.naam)).filter((n) => n);
        corporaties.sort((a, b) => a.localeCompare(b, "nl"));
        const select = $("filter-corporatie");
        corporaties.forEach((naam) => {
            const optie = el("option", null, naam);
            optie.value = naam;
            select.appendChild(optie);
        });
    }

    // ------------------------------------------------------------------ removals

    let onttrekkingen = [];
    const losseLocaties = new Map(); // site id -> centre, for removals linked to filtered-out sites

    function toonOnttrekkingen() {
        onttrekkingslaag.clearLayers();
        const f = filterWaarden();
        const groepenPerPlek = new Map();
        let zonderPlek = 0;
        const teHalen = [];
        onttrekkingen.forEach((o) => {
            if (f.gemeente && o.gemeente !== f.gemeente) {
                return;
            }
            if (f.corporatie && o.corporatie !== f.corporatie) {
                return;
            }
            if (f.oplevering_van && o.jaar < Number(f.oplevering_van)) {
                return;
            }
            if (f.oplevering_tot && o.jaar > Number(f.oplevering_tot)) {
                return;
            }
            let sleutel;
            let midden = null;
            let plek;
            if (o.locatie !== null && o.locatie !== undefined) {
                sleutel = "l" + o.locatie;
                const site = sites.get(o.locatie);
                if (site) {
                    midden = site.bounds.getNorthEast();
                    plek = site.feature.properties.naam;
                } else if (losseLocaties.has(o.locatie)) {
                    const los = losseLocaties.get(o.locatie);
                    midden = los && los.midden;
                    plek = los && los.naam;
                } else {
                    teHalen.push(o.locatie);
                    return;
                }
            }
            if (!midden) {
                const g = gemeenten.get(o.gemeente);
                sleutel = "g" + o.gemeente;
                midden = g && g.midden;
                plek = "gemeente " + (g && g.naam ? g.naam + " (" + o.gemeente + ")" : o.gemeente);
            }
            if (!midden) {
                zonderPlek += 1;
                return;
            }
            if (!groepenPerPlek.has(sleutel)) {
                groepenPerPlek.set(sleutel, {midden: midden, plek: plek, bijLocatie: sleutel[0] === "l", rijen: []});
            }
            groepenPerPlek.get(sleutel).rijen.push(o);
        });
        groepenPerPlek.forEach((groep) => {
            const som = groep.rijen.reduce((s, o) => s + (Number(o.aantal) || 0), 0);
            const tekst = "−" + getal(som);
            const breedte = Math.max(22, 10 + tekst.length * 7);
            // at a site: just above and right of its north-east corner, so that the site stays
            // visible and clickable; at a municipality: centred on its centre
            const marker = L.marker(groep.midden, {
                icon: L.divIcon({
                    html: el("span", null, tekst),
                    className: "lp-onttrekking",
                    iconSize: [breedte, 18],
                    iconAnchor: groep.bijLocatie ? [-6, 24] : [breedte / 2, 9],
                }),
                aantal: som,
                pane: "lpOnttrekkingen",
            });
            marker.bindTooltip(() => el("span", null, getal(som) + " onttrokken woningen: " + groep.plek), {direction: "top", offset: [0, -10]});
            marker.bindPopup(() => onttrekkingPopup(groep, som), {maxWidth: 380});
            onttrekkingslaag.addLayer(marker);
        });
        staat.aantallen.onttrekkingen = groepenPerPlek.size;
        staat.onttrekkingenZonderPlek = zonderPlek;
        if (teHalen.length) {
            haalLosseLocaties(Array.from(new Set(teHalen)));
        }
    }

    async function haalLosseLocaties(ids) {
        await Promise.all(
            ids.map(async (id) => {
                try {
                    const f = await api("GET", "locaties/" + encodeURIComponent(id));
                    const b = L.geoJSON(f.geometry).getBounds();
                    losseLocaties.set(id, {midden: b.getNorthEast(), naam: f.properties.naam});
                } catch (e) {
                    losseLocaties.set(id, null); // deleted: fall back to the municipality
                }
            })
        );
        toonOnttrekkingen();
    }

    function onttrekkingPopup(groep, som) {
        const div = el("div", "lp-popup");
        div.appendChild(el("div", "lp-popup-naam", "Onttrekkingen: " + getal(som) + " woningen"));
        div.appendChild(el("div", "small text-secondary mb-1", groep.plek));
        const tabel = el("table", "table table-sm mb-0");
        const kop = el("tr");
        ["Jaar", "Soort", "Aantal", "Corporatie"].forEach((t) => kop.appendChild(el("th", null, t)));
        tabel.appendChild(kop);
        groep.rijen
            .slice()
            .sort((a, b) => a.jaar - b.jaar)
            .forEach((o) => {
                const tr = el("tr");
                tr.appendChild(el("td", null, o.jaar));
                tr.appendChild(el("td", null, o.soort));
                tr.appendChild(el("td", null, getal(o.aantal)));
                tr.appendChild(el("td", null, o.corporatie || "–"));
                tr.title = o.opmerking || "";
                tabel.appendChild(tr);
            });
        div.appendChild(tabel);
        return div;
    }

    // ------------------------------------------------------------------ legend

    function svgStaal(stijl) {
        const ns = "http://www.w3.org/2000/svg";
        const svg = document.createElementNS(ns, "svg");
        svg.setAttribute("width", "28");
        svg.setAttribute("height", "16");
        svg.setAttribute("class", "lp-staal");
        svg.setAttribute("aria-hidden", "true");
        const r = document.createElementNS(ns, "rect");
        r.setAttribute("x", "2");
        r.setAttribute("y", "2");
        r.setAttribute("width", "24");
        r.setAttribute("height", "12");
        r.setAttribute("fill", stijl.fillColor);
        r.setAttribute("fill-opacity", String(Math.max(stijl.fillOpacity, 0.15)));
        r.setAttribute("stroke", stijl.color);
        r.setAttribute("stroke-width", String(stijl.weight));
        if (stijl.dashArray) {
            r.setAttribute("stroke-dasharray", stijl.dashArray);
        }
        svg.appendChild(r);
        return svg;
    }

    function legendaRij(legenda, staal, tekst, uitleg) {
        const rijEl = el("div", "lp-legenda-rij");
        const vak = el("span", "lp-staalvak");
        vak.appendChild(staal);
        rijEl.appendChild(vak);
        const span = el("span", null, tekst);
        if (uitleg) {
            span.appendChild(document.createTextNode(" "));
            span.appendChild(el("small", null, uitleg));
        }
        rijEl.appendChild(span);
        legenda.appendChild(rijEl);
    }

    const legendaControl = L.control({position: "bottomright"});
    legendaControl.onAdd = () => {
        // a <details>: the planner can fold it away on a small screen
        const legenda = el("details", "lp-legenda");
        legenda.open = true;
        legenda.setAttribute("aria-label", "Legenda");
        legenda.appendChild(el("summary", "lp-legenda-titel", "Legenda"));
        const harde = Object.keys(config.statussen).filter((s) => HARD.has(s));
        const zachte = Object.keys(config.statussen).filter((s) => !HARD.has(s));
        legendaRij(legenda, svgStaal(STIJL.hard), "Harde plannen", "(status " + harde.join(", ") + ")");
        legendaRij(legenda, svgStaal(STIJL.zacht), "Zachte plannen", "(status " + zachte.join(", ") + ")");
        const punten = el("span", "d-inline-flex gap-1");
        punten.appendChild(el("span", "lp-punt lp-hard d-inline-block"));
        punten.appendChild(el("span", "lp-punt lp-zacht d-inline-block"));
        legendaRij(legenda, punten, "Locatie als punt", "(vierkant: vlak, ver uitgezoomd)");
        const cluster = el("span", "lp-cluster lp-cluster-hard", "5");
        legendaRij(legenda, cluster, "Groep locaties", "(klik om in te zoomen)");
        legendaRij(legenda, el("span", "lp-onttrekking", "−"), "Onttrekkingen", "(sloop, verkoop, …)");
        legendaRij(legenda, svgStaal(STIJL.gemeenten), "Gemeentegrens");
        L.DomEvent.disableClickPropagation(legenda);
        L.DomEvent.disableScrollPropagation(legenda);
        return legenda;
    };
    legendaControl.addTo(kaart);

    function kaartmelding(tekst) {
        staat.fouten.push(tekst);
        const c = L.control({position: "topleft"});
        c.onAdd = () => el("div", "lp-kaartmelding", tekst);
        c.addTo(kaart);
    }

    // ------------------------------------------------------------------ messages (toasts)

    function melding(soort, titel, regels, blijvend) {
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
        $("meldingen").appendChild(doos);
        if (!blijvend && soort === "goed") {
            setTimeout(() => doos.remove(), 6000);
        }
        return doos;
    }

    function waarschuwingTekst(w) {
        return w.melding || String(w.soort || "waarschuwing");
    }

    // ------------------------------------------------------------------ filters and loading

    const filterForm = $("filters");

    function filterWaarden() {
        const w = {};
        ["gemeente", "corporatie", "hardheid", "oplevering_van", "oplevering_tot"].forEach((naam) => {
            const v = filterForm.elements[naam].value.trim();
            if (v) {
                w[naam] = v;
            }
        });
        const statussen = Array.from(filterForm.querySelectorAll("input[name=status]:checked")).map((i) => i.value);
        if (statussen.length) {
            w.status = statussen.join(",");
        }
        return w;
    }

    function filtersActief() {
        return Object.keys(filterWaarden()).length > 0;
    }

    let ladingNr = 0;
    let lopend = null;

    async function laadLocaties() {
        const nr = ++ladingNr;
        if (lopend) {
            lopend.abort();
        }
        lopend = new AbortController();
        const params = new URLSearchParams(filterWaarden());
        params.set("limit", "5000");
        $("samenvatting").setAttribute("aria-busy", "true");
        ladenControl.getContainer().hidden = false;
        try {
            const fc = await haalAlles("locaties?" + params.toString(), lopend.signal);
            if (nr !== ladingNr) {
                return;
            }
            $("filterfout").textContent = "";
            toonLocaties(fc.features || []);
            toonSamenvatting(fc.samenvatting, fc);
            toonOnttrekkingen();
        } catch (fout) {
            if (fout.name === "AbortError" || nr !== ladingNr) {
                return;
            }
            if (fout.status === 400) {
                $("filterfout").textContent = fout.message;
            } else {
                melding("fout", "Locaties konden niet worden geladen", [fout.message]);
                staat.fouten.push(fout.message);
            }
        } finally {
            if (nr === ladingNr) {
                $("samenvatting").removeAttribute("aria-busy");
                ladenControl.getContainer().hidden = true;
                staat.ladingen += 1;
                document.dispatchEvent(new CustomEvent("locatieplanner:geladen", {detail: staat.aantallen}));
            }
        }
    }

    function toonSamenvatting(s, fc) {
        s = s || {};
        staat.samenvatting = s;
        $("som-locaties").textContent = getal(s.locaties !== undefined ? s.locaties : fc.numberMatched);
        $("som-daeb").textContent = getal(s.daeb);
        $("som-hard").textContent = getal(s.daeb_hard);
        $("som-zacht").textContent = getal(s.daeb_zacht);
    }

    let filterTimer = null;
    filterForm.addEventListener("change", (e) => {
        clearTimeout(filterTimer);
        if (e.target.type === "number" && !e.target.checkValidity()) {
            return; // not a year (yet): the browser marks the field
        }
        laadLocaties();
    });
    filterForm.addEventListener("input", (e) => {
        if (e.target.type === "number") {
            clearTimeout(filterTimer);
            filterTimer = setTimeout(laadLocaties, 500);
        }
    });
    filterForm.addEventListener("submit", (e) => {
        e.preventDefault();
        clearTimeout(filterTimer);
        laadLocaties();
    });
    filterForm.addEventListener("reset", () => {
        setTimeout(laadLocaties, 0);
    });

    // ------------------------------------------------------------------ search

    const zoekveld = $("zoekveld");
    const zoeklijst = $("zoekresultaten");
    let zoekTimer = null;
    let zoekNr = 0;

    function verbergZoeklijst() {
        zoeklijst.hidden = true;
        leeg(zoeklijst);
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
            features.forEach((f) => {
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
                zoeklijst.appendChild(li);
            });
            if (fc.numberMatched > features.length) {
                zoeklijst.appendChild(el("li", "list-group-item small text-secondary", "… en nog " + (fc.numberMatched - features.length) + "; typ meer van de naam"));
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

    // ------------------------------------------------------------------ panels

    function toonPaneel(naam) {
        ["paneel-leeg", "details", "bewerken"].forEach((id) => {
            $(id).hidden = id !== naam;
        });
        if (naam === "bewerken") {
            $("filterblok").open = false;
        }
        const paneel = $(naam);
        if (paneel && naam !== "paneel-leeg") {
            paneel.scrollIntoView({block: "start"});
        }
    }

    function markeer(feature) {
        selectielaag.clearLayers();
        if (!feature || !feature.geometry) {
            return;
        }
        const stijl = {pane: "lpSelectie", color: "#f59f00", weight: 4, fill: false, interactive: false, className: "lp-selectie"};
        L.geoJSON(feature.geometry, {
            style: () => stijl,
            pointToLayer: (f, ll) => L.circleMarker(ll, Object.assign({radius: 13}, stijl)),
        }).addTo(selectielaag);
    }

    function zoomNaar(feature) {
        if (!feature || !feature.geometry) {
            return;
        }
        const b = L.geoJSON(feature.geometry).getBounds();
        if (feature.geometry.type === "Point") {
            kaart.setView(b.getCenter(), Math.max(kaart.getZoom(), 15));
        } else {
            kaart.fitBounds(b, {maxZoom: 17, padding: [40, 40]});
        }
    }

    async function selecteer(id, opties) {
        opties = opties || {};
        if (bewerkt) {
            return;
        }
        let feature;
        try {
            feature = await api("GET", "locaties/" + encodeURIComponent(id));
        } catch (fout) {
            melding("fout", "Locatie " + id + " kon niet worden geopend", [fout.message]);
            if (fout.status === 404) {
                laadLocaties();
            }
            return;
        }
        toonDetails(feature, opties.waarschuwingen);
        if (opties.zoom) {
            zoomNaar(feature);
        }
    }

    function toonDetails(feature, waarschuwingen) {
        staat.geselecteerd = feature;
        const p = feature.properties || {};
        $("detail-naam").textContent = p.naam;
        const waarsch = leeg($("detail-waarschuwingen"));
        if (waarschuwingen && waarschuwingen.length) {
            const doos = el("div", "alert alert-warning py-2 small mb-2");
            doos.setAttribute("role", "status");
            doos.appendChild(el("strong", null, "Let op:"));
            const ul = el("ul", "mb-0");
            waarschuwingen.forEach((w) => ul.appendChild(el("li", null, waarschuwingTekst(w))));
            doos.appendChild(ul);
            waarsch.appendChild(doos);
        }
        const tabel = leeg($("detail-gegevens"));
        rij(tabel, "Gemeente", gemeenteTekst(p));
        if (p.ligging && p.ligging !== "binnen") {
            const uitleg = {grens: "ligt over een gemeentegrens", buiten: "ligt buiten de regio", onbekend: "niet ruimtelijk gecontroleerd (geen grenzen geladen)"};
            rij(tabel, "Ligging", uitleg[p.ligging] || p.ligging).classList.add("table-warning");
        }
        rij(tabel, "Status", statusTekst(p));
        rij(tabel, "Fase", p.fase === null || p.fase === undefined ? "onbekend" : p.fase + " " + (config.fasen[String(p.fase)] || ""));
        SEGMENTEN.forEach((s) => {
            if (s === "daeb" || Number(p[s])) {
                let tekst = getal(p[s] || 0);
                if (s === "daeb") {
                    const nt = nietToegewezen(p);
                    if (nt > 0) {
                        tekst += " (" + getal(nt) + " nog niet toegewezen)";
                    }
                }
                rij(tabel, config.segmentlabels[s] || s, tekst).title = config.segmenten[s];
            }
        });
        rij(tabel, "Woningen totaal", getal(totaal(p)));
        rij(tabel, "Start bouw", p.start || "–");
        rij(tabel, "Oplevering", p.oplevering || "–");
        if (p.bron_id) {
            rij(tabel, "Bron-id", p.bron_id);
        }
        if (p.opmerking) {
            rij(tabel, "Opmerking", p.opmerking);
        }
        rij(tabel, "Versie", (p.versie || "–") + (p.gewijzigd ? ", " + tijdTekst(p.gewijzigd) : ""));
        const toew = leeg($("detail-toewijzingen"));
        (p.toewijzingen || []).forEach((t) => {
            const tr = el("tr");
            tr.appendChild(el("td", null, t.corporatie));
            tr.appendChild(el("td", "text-end", getal(t.daeb)));
            tr.appendChild(el("td", "text-end", t.oplevering || "–"));
            toew.appendChild(tr);
        });
        if (!(p.toewijzingen || []).length) {
            const tr = el("tr");
            const td = el("td", "text-secondary", "Nog aan geen corporatie toegewezen");
            td.colSpan = 3;
            tr.appendChild(td);
            toew.appendChild(tr);
        }
        markeer(feature);
        toonPaneel("details");
        laadGeschiedenis(feature.id);
    }

    $("detail-sluiten").addEventListener("click", () => {
        staat.geselecteerd = null;
        selectielaag.clearLayers();
        toonPaneel("paneel-leeg");
    });
    $("knop-inzoomen").addEventListener("click", () => zoomNaar(staat.geselecteerd));

    // ------------------------------------------------------------------ history

    const VELDNAMEN = Object.assign(
        {
            naam: "Naam",
            status: "Status",
            fase: "Fase",
            start: "Start bouw",
            oplevering: "Oplevering",
            opmerking: "Opmerking",
            bron_id: "Bron-id",
            gemeente: "Gemeente",
            ligging: "Ligging",
            toewijzingen: "Toewijzingen",
            geometry: "Vorm/ligging",
        },
        config.segmentlabels
    );

    function waardeTekst(veld, w) {
        if (w === null || w === undefined || w === "") {
            return "–";
        }
        if (veld === "toewijzingen") {
            if (!w.length) {
                return "geen";
            }
            return w.map((t) => t.corporatie + " " + t.daeb + (t.oplevering ? " (" + t.oplevering + ")" : "")).join("; ");
        }
        if (typeof w === "object") {
            return JSON.stringify(w);
        }
        return String(w);
    }

    function verschillen(oud, nieuw) {
        const uit = [];
        const velden = new Set(Object.keys(oud || {}).concat(Object.keys(nieuw || {})));
        velden.forEach((v) => {
            if (v === "versie" || v === "id" || v === "aangemaakt" || v === "gewijzigd") {
                return;
            }
            const a = (oud || {})[v];
            const b = (nieuw || {})[v];
            if (JSON.stringify(a === undefined ? null : a) !== JSON.stringify(b === undefined ? null : b)) {
                uit.push(v);
            }
        });
        return uit;
    }

    async function laadGeschiedenis(id) {
        const lijst = leeg($("geschiedenis"));
        lijst.appendChild(el("li", "text-secondary", "Geschiedenis laden…"));
        let regels;
        try {
            regels = await api("GET", "locaties/" + encodeURIComponent(id) + "/geschiedenis");
        } catch (fout) {
            leeg(lijst).appendChild(el("li", "text-danger", "Geschiedenis niet beschikbaar: " + fout.message));
            return;
        }
        if (!staat.geselecteerd || staat.geselecteerd.id !== id) {
            return;
        }
        leeg(lijst);
        if (!Array.isArray(regels)) {
            regels = (regels && (regels.wijzigingen || regels.items)) || [];
        }
        regels
            .slice()
            .reverse()
            .forEach((r) => {
                const li = el("li");
                const kop = el("div");
                kop.appendChild(el("span", "lp-actie", r.actie));
                kop.appendChild(document.createTextNode(" door "));
                kop.appendChild(el("span", "lp-gebruiker", r.gebruiker || "onbekend"));
                kop.appendChild(document.createTextNode(" · "));
                kop.appendChild(el("span", "lp-wanneer", tijdTekst(r.tijd)));
                li.appendChild(kop);
                if (r.actie === "gewijzigd" && r.oud && r.nieuw) {
                    const ul = el("ul");
                    verschillen(r.oud, r.nieuw).forEach((v) => {
                        const item = el("li");
                        item.appendChild(el("span", null, (VELDNAMEN[v] || v) + ": "));
                        if (v === "geometry") {
                            item.appendChild(el("span", null, "gewijzigd"));
                        } else {
                            item.appendChild(el("span", "lp-oud", waardeTekst(v, r.oud[v])));
                            item.appendChild(document.createTextNode(" → "));
                            item.appendChild(el("span", "lp-nieuw", waardeTekst(v, r.nieuw[v])));
                        }
                        ul.appendChild(item);
                    });
                    li.appendChild(ul);
                }
                lijst.appendChild(li);
            });
        if (!regels.length) {
            lijst.appendChild(el("li", "text-secondary", "Geen wijzigingen vastgelegd."));
        }
        lijst.dataset.geladen = String(id);
    }

    // ------------------------------------------------------------------ drawing

    const nieuwPuntIcoon = L.divIcon({className: "lp-nieuw-punt", iconSize: [18, 18]});

    Object.assign(L.drawLocal.draw.toolbar.buttons, {
        polygon: "Teken een vlak (nieuwe locatie)",
        marker: "Zet een punt (nieuwe locatie)",
    });
    Object.assign(L.drawLocal.draw.toolbar.actions, {title: "Tekenen afbreken", text: "Annuleren"});
    Object.assign(L.drawLocal.draw.toolbar.finish, {title: "Vlak afsluiten", text: "Klaar"});
    Object.assign(L.drawLocal.draw.toolbar.undo, {title: "Laatste punt weghalen", text: "Laatste punt weg"});
    L.drawLocal.draw.handlers.polygon.tooltip = {
        start: "Klik om het eerste hoekpunt te zetten.",
        cont: "Klik om verder te tekenen.",
        end: "Klik op het eerste punt (of op Klaar) om het vlak te sluiten.",
    };
    L.drawLocal.draw.handlers.polyline.error = "<strong>Fout:</strong> randen mogen elkaar niet kruisen.";
    L.drawLocal.draw.handlers.marker.tooltip = {start: "Klik op de kaart om het punt te zetten."};

    const tekenControl = new L.Control.Draw({
        position: "topleft",
        draw: {
            polygon: {
                allowIntersection: false,
                showArea: false,
                drawError: {color: "#dc3545", timeout: 2500},
                shapeOptions: {color: "#f59f00", weight: 3, fillColor: "#ffd43b", fillOpacity: 0.25, className: "lp-nieuw-vlak"},
            },
            marker: {icon: nieuwPuntIcoon},
            polyline: false,
            rectangle: false,
            circle: false,
            circlemarker: false,
        },
        edit: false,
    });
    kaart.addControl(tekenControl);

    // the active drawing handler (tests wait until it accepts the next click)
    kaart.on(L.Draw.Event.DRAWSTART, (e) => {
        const modus = tekenControl._toolbars.draw._modes[e.layerType];
        staat.tekenen = modus ? modus.handler : null;
    });
    kaart.on(L.Draw.Event.DRAWSTOP, () => {
        staat.tekenen = null;
    });

    kaart.on(L.Draw.Event.CREATED, (e) => {
        if (bewerkt) {
            return;
        }
        openFormulier(null, e.layer);
    });

    // ------------------------------------------------------------------ the form

    const formulier = $("locatieformulier");
    const toewijzingRijen = $("toewijzingen");
    /** The site being edited: {id (null when new), versie, feature, vorm, vormGewijzigd} or null. */
    let bewerkt = null;

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

    function voegToewijzingToe(t) {
        const fragment = $("toewijzing-rij").content.cloneNode(true);
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

    $("toewijzing-toevoegen").addEventListener("click", () => {
        const tr = voegToewijzingToe(null);
        tr.querySelector("select").focus();
    });

    function werkToewijzingTotaalBij() {
        const daeb = Number(formulier.elements.daeb.value) || 0;
        let som = 0;
        toewijzingRijen.querySelectorAll("[name=t_daeb]").forEach((i) => {
            som += Number(i.value) || 0;
        });
        const span = $("toewijzing-totaal");
        span.textContent = "Toegewezen: " + getal(som) + " van " + getal(daeb) + " DAEB-woningen";
        span.classList.toggle("text-danger", som > daeb);
        span.classList.toggle("text-secondary", som <= daeb);
    }
    formulier.addEventListener("input", werkToewijzingTotaalBij);

    function werkStatusUitlegBij() {
        const s = formulier.elements.status.value;
        $("status-uitleg").textContent = (hardheidVan(s) === "hard" ? "Hard plan: " : "Zacht plan: ") + (config.statussen[s] || "");
    }
    formulier.elements.status.addEventListener("change", werkStatusUitlegBij);

    function wisFouten() {
        $("formulier-fouten").hidden = true;
        leeg($("formulier-foutlijst"));
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

    function maakBewerkbaar(laag) {
        if (laag.editing) {
            laag.editing.enable();
        } else if (laag.dragging) {
            laag.dragging.enable();
        }
        laag.on("edit dragend", () => {
            if (bewerkt) {
                bewerkt.vormGewijzigd = true;
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

    /** Open the form: ``feature`` to edit an existing site, or ``getekend`` a freshly drawn layer. */
    function openFormulier(feature, getekend) {
        wisFouten();
        bewerklaag.clearLayers();
        selectielaag.clearLayers();
        kaart.closePopup();
        tekenControl.getContainer().hidden = true;
        let vorm;
        if (feature) {
            bewerkt = {id: feature.id, versie: feature.properties.versie, feature: feature, vormGewijzigd: false};
            vorm = vormVan(feature);
            verbergSite(feature.id, true);
            $("formulier-titel").textContent = "Locatie bewerken";
            $("formulier-uitleg").textContent =
                "Pas de gegevens aan. Vorm of ligging wijzigen: versleep op de kaart de hoekpunten (of het punt).";
            vulFormulier(feature.properties);
        } else {
            bewerkt = {id: null, versie: null, feature: null, vormGewijzigd: true};
            vorm = getekend;
            $("formulier-titel").textContent = "Nieuwe locatie";
            $("formulier-uitleg").textContent =
                "Vul de gegevens in en sla op. De gemeente wordt afgeleid uit de ligging op de kaart.";
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

    function sluitFormulier() {
        if (!bewerkt) {
            return;
        }
        const id = bewerkt.id;
        if (bewerkt.vorm && bewerkt.vorm.editing && bewerkt.vorm.editing.enabled()) {
            bewerkt.vorm.editing.disable();
        }
        bewerklaag.clearLayers();
        bewerkt = null;
        staat.bewerkVorm = null;
        tekenControl.getContainer().hidden = false;
        wisFouten();
        if (id !== null) {
            verbergSite(id, false);
        }
    }

    function annuleer() {
        const id = bewerkt && bewerkt.id;
        sluitFormulier();
        if (id !== null && staat.geselecteerd) {
            toonDetails(staat.geselecteerd);
        } else {
            toonPaneel("paneel-leeg");
        }
    }
    $("knop-annuleren").addEventListener("click", annuleer);
    $("formulier-sluiten").addEventListener("click", annuleer);

    $("knop-bewerken").addEventListener("click", bewerkGeselecteerde);

    async function bewerkGeselecteerde() {
        if (!staat.geselecteerd || bewerkt) {
            return;
        }
        // start from the newest version, so that the form shows what is stored now
        try {
            const feature = await api("GET", "locaties/" + encodeURIComponent(staat.geselecteerd.id));
            staat.geselecteerd = feature;
            openFormulier(feature);
        } catch (fout) {
            melding("fout", "De locatie kon niet worden geopend", [fout.message]);
        }
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
        p.toewijzingen = Array.from(toewijzingRijen.querySelectorAll("tr")).map((tr) => ({
            corporatie: tr.querySelector("[name=t_corporatie]").value,
            daeb: (function () {
                const v = geheel(tr.querySelector("[name=t_daeb]"), lokaal);
                return v === null ? 0 : v;
            })(),
            oplevering: geheel(tr.querySelector("[name=t_oplevering]"), lokaal),
        }));
        return p;
    }

    function toonFouten(fout, details) {
        wisFouten();
        const lijst = $("formulier-foutlijst");
        const rijen = Array.from(toewijzingRijen.querySelectorAll("tr"));
        const algemeen = [];
        details.forEach((d) => {
            const tekst = (d.veld ? d.veld + " " : "") + (d.waarde !== undefined && d.waarde !== null && d.waarde !== "" ? "“" + d.waarde + "” " : "") + d.melding;
            let doel = null;
            // an assignment's field: "toewijzingen[0].daeb" (request schema) or item
            // "locatie 'X' toewijzing 1" with veld "daeb" (domain rules)
            const pad = /^toewijzingen\[(\d+)\]\.(\w+)$/.exec(d.veld || "");
            const m = /toewijzing (\d+)/.exec(d.item || "");
            if (d.input) {
                doel = d.input;
            } else if (pad && rijen[Number(pad[1])]) {
                doel = rijen[Number(pad[1])].querySelector('[data-veld="' + pad[2] + '"]');
            } else if (m && rijen[Number(m[1]) - 1]) {
                doel = rijen[Number(m[1]) - 1].querySelector('[data-veld="' + d.veld + '"]');
            } else if (d.veld === "corporatie") {
                const rijMet = rijen.find((tr) => tr.querySelector("[name=t_corporatie]").value === d.waarde);
                doel = rijMet ? rijMet.querySelector("[name=t_corporatie]") : null;
            } else if (d.veld && formulier.elements[d.veld] && formulier.elements[d.veld].nodeName) {
                doel = formulier.elements[d.veld];
            }
            if (doel) {
                doel.classList.add("is-invalid");
                const feedback =
                    doel.closest("tr") && doel.closest("#toewijzingen")
                        ? null
                        : formulier.querySelector('[data-fout-voor="' + doel.name + '"]');
                if (feedback) {
                    feedback.textContent = (feedback.textContent ? feedback.textContent + "; " : "") + d.melding;
                } else {
                    const td = doel.closest("td");
                    td.appendChild(el("div", "invalid-feedback d-block lp-rijfout", d.melding));
                }
            } else if (d.veld && formulier.querySelector('[data-fout-voor="' + d.veld + '"]')) {
                const fb = formulier.querySelector('[data-fout-voor="' + d.veld + '"]');
                fb.textContent = (fb.textContent ? fb.textContent + "; " : "") + d.melding;
            } else {
                algemeen.push(tekst);
            }
            lijst.appendChild(el("li", null, (d.item ? d.item + ": " : "") + tekst));
        });
        if (!details.length) {
            lijst.appendChild(el("li", null, fout));
        }
        $("formulier-fouten").hidden = false;
        $("formulier-fouten").scrollIntoView({block: "nearest"});
        return algemeen;
    }

    formulier.addEventListener("submit", async (e) => {
        e.preventDefault();
        if (!bewerkt) {
            return;
        }
        const lokaal = [];
        const props = leesFormulier(lokaal);
        if (lokaal.length) {
            toonFouten("Ongeldige invoer", lokaal);
            return;
        }
        const knop = $("knop-opslaan");
        knop.disabled = true;
        const doel = bewerkt;
        let data;
        try {
            if (doel.id === null) {
                data = await api("POST", "locaties", {
                    json: {type: "Feature", geometry: doel.vorm.toGeoJSON(7).geometry, properties: props},
                });
            } else {
                const patch = {properties: props};
                if (doel.vormGewijzigd) {
                    patch.geometry = doel.vorm.toGeoJSON(7).geometry;
                }
                data = await api("PATCH", "locaties/" + encodeURIComponent(doel.id), {
                    json: patch,
                    versie: doel.versie,
                    contentType: "application/merge-patch+json",
                });
            }
        } catch (fout) {
            knop.disabled = false;
            if (bewerkt !== doel) {
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
    });

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

    // ------------------------------------------------------------------ delete

    const verwijdervenster = $("verwijdervenster");

    $("knop-verwijderen").addEventListener("click", () => {
        const f = staat.geselecteerd;
        if (!f) {
            return;
        }
        $("verwijder-tekst").textContent =
            "Weet u zeker dat u “" + f.properties.naam + "” (" + gemeenteTekst(f.properties) + ", " + getal(f.properties.daeb) + " DAEB) wilt verwijderen?";
        verwijdervenster.returnValue = "";
        verwijdervenster.showModal();
    });

    verwijdervenster.addEventListener("close", async () => {
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
    });

    // ------------------------------------------------------------------ conflicts

    const conflictvenster = $("conflictvenster");
    let conflict = null;

    function toonConflict(fout, mijn, doel) {
        const huidig = fout.data.huidig || null;
        conflict = {huidig: huidig, doel: doel, bewerken: mijn !== null};
        $("conflict-melding").textContent = fout.message;
        const tabel = leeg($("conflict-verschillen"));
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
            const tr = el("tr", anders ? "lp-verschil" : "");
            tr.appendChild(el("th", null, VELDNAMEN[v] || v));
            tr.appendChild(el("td", null, a));
            tr.appendChild(el("td", null, b));
            tabel.appendChild(tr);
            aantal += anders ? 1 : 0;
        });
        if (nu.versie !== undefined) {
            const tr = el("tr");
            tr.appendChild(el("th", null, "Versie"));
            tr.appendChild(el("td", null, String((doel && doel.versie) || (doel.feature && doel.feature.properties.versie) || "")));
            tr.appendChild(el("td", null, String(nu.versie)));
            tabel.appendChild(tr);
        }
        if (!aantal) {
            const tr = el("tr");
            const td = el("td", "text-secondary", "De gegevens in dit formulier zijn gelijk; de vorm of ligging kan gewijzigd zijn.");
            td.colSpan = 3;
            tr.appendChild(td);
            tabel.appendChild(tr);
        }
        $("conflict-uitleg").firstChild.textContent = conflict.bewerken ? "Uw wijziging is " : "De locatie is ";
        $("conflict-uitleg").querySelector("strong").textContent = conflict.bewerken ? "niet" : "niet verwijderd";
        $("conflict-uitleg").lastChild.textContent = conflict.bewerken ? " opgeslagen. De verschillen met wat nu is opgeslagen:" : ". Wat nu is opgeslagen:";
        conflictvenster.returnValue = "";
        conflictvenster.showModal();
    }

    conflictvenster.addEventListener("close", async () => {
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
        const bewerken = c.bewerken && bewerkt && bewerkt.id === id;
        sluitFormulier();
        staat.geselecteerd = feature;
        if (bewerken) {
            openFormulier(feature);
            melding("goed", "De huidige gegevens zijn geladen; voer uw wijziging opnieuw in.");
        } else {
            toonDetails(feature);
        }
        laadLocaties();
    });

    // ------------------------------------------------------------------ start

    function pasKaartAan() {
        const g = config.grenzen;
        if (g) {
            kaart.fitBounds([[g[1], g[0]], [g[3], g[2]]], {padding: [10, 10]});
            return true;
        }
        kaart.setView([52.15, 5.3], 7);
        return false;
    }
    const vast = pasKaartAan();

    async function start() {
        const delen = [
            api("GET", "gemeenten")
                .then(toonGemeenten)
                .catch((fout) => kaartmelding("Gemeentegrenzen konden niet worden geladen (" + fout.message + ").")),
            api("GET", "corporaties")
                .then(toonCorporaties)
                .catch((fout) => kaartmelding("Corporaties konden niet worden geladen (" + fout.message + ").")),
            api("GET", "onttrekkingen")
                .then((lijst) => {
                    onttrekkingen = Array.isArray(lijst) ? lijst : (lijst && lijst.onttrekkingen) || [];
                })
                .catch((fout) => kaartmelding("Onttrekkingen konden niet worden geladen (" + fout.message + ").")),
        ];
        await Promise.all(delen);
        await laadLocaties();
        if (!vast) {
            const grenzen = L.latLngBounds([]);
            [gemeentelaag].forEach((l) => {
                const b = l.getBounds();
                if (b.isValid()) {
                    grenzen.extend(b);
                }
            });
            sites.forEach((s) => grenzen.extend(s.bounds));
            if (grenzen.isValid()) {
                kaart.fitBounds(grenzen, {maxZoom: 15, padding: [20, 20]});
            }
        }
        staat.geladen = true;
        kaartEl.setAttribute("data-geladen", "ja");
    }

    staat.selecteer = selecteer;
    staat.laadLocaties = laadLocaties;
    start();
})();
