"""Error pages speak the user's language in the same layout as the other pages."""

from __future__ import annotations


def test_foutpagina_in_de_huisstijl(client, app):
    r = client.get("/bestaat-niet", headers={"Accept": "text/html"})
    assert r.status_code == 404
    html = r.get_data(as_text=True)
    assert '<nav aria-label="Hoofdmenu">' in html and 'id="foutpagina"' in html
    assert "<h1>Niet gevonden</h1>" in html and "Deze pagina of dit item bestaat niet" in html
    assert "test-beheerder" in html, "wie aangemeld is, blijft zichtbaar"
    anoniem = app.test_client().get("/bestaat-niet")
    assert anoniem.status_code == 404 and 'id="foutpagina"' in anoniem.get_data(as_text=True)
    # the API answers JSON, never this page
    r = client.get("/api/v1/bestaat-niet")
    assert r.status_code == 404 and r.is_json


def test_foutpagina_noemt_geen_cli_opties(client):
    r = client.post(
        "/importeer",
        data={"soort": "verkeerd"},
        content_type="multipart/form-data",
        headers={"Accept": "text/html"},
    )
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "<h1>Ongeldig verzoek</h1>" in html and "--" not in html.split('id="foutpagina"')[1]
