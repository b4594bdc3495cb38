"""``locatieplanner.weergave.grafiek``: Dutch numbers, nice axes and accessible, well-formed SVG charts."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from locatieplanner.weergave.grafiek import (
    Markering,
    Reeks,
    Referentie,
    balkdiagram,
    getal,
    lijndiagram,
    procent,
    schaal,
    staafdiagram,
    tekst,
)

NS = {"s": "http://www.w3.org/2000/svg"}
XSS = '</title><script>alert(1)</script> & "x" \x01'


def _svg(tekst_: str) -> ET.Element:
    wortel = ET.fromstring(tekst_)
    assert wortel.tag == "{http://www.w3.org/2000/svg}svg"
    return wortel


def _toegankelijk(wortel: ET.Element) -> tuple[str, str]:
    """The root is an image labelled by its own title and desc; returns their texts."""
    assert wortel.get("role") == "img"
    ids = wortel.get("aria-labelledby", "").split()
    titel = wortel.find("s:title", NS)
    desc = wortel.find("s:desc", NS)
    assert titel is not None and desc is not None
    assert ids == [titel.get("id"), desc.get("id")]
    return titel.text or "", desc.text or ""


def _teksten(wortel: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in wortel.iter("{http://www.w3.org/2000/svg}text")]


def _staven(wortel: ET.Element) -> list[ET.Element]:
    return [r for r in wortel.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "staaf"]


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("waarde", "kwargs", "verwacht"),
    [
        (11550, {}, "11.550"),
        (-240, {}, "-240"),
        (1234567, {}, "1.234.567"),
        (0, {}, "0"),
        (0, {"teken": True}, "0"),
        (42, {"teken": True}, "+42"),
        (-1116, {"teken": True}, "-1.116"),
        (0.15626, {"decimalen": 4}, "0,1563"),
        (-0.002563, {"decimalen": 4, "teken": True}, "-0,0026"),
        (-0.00001, {"decimalen": 4}, "0,0000"),
        (1234.5, {"decimalen": 1}, "1.234,5"),
        (None, {}, "–"),
        (math.nan, {}, "–"),
        (math.inf, {}, "–"),
    ],
)
def test_getal_nederlands(waarde, kwargs, verwacht):
    assert getal(waarde, **kwargs) == verwacht


def test_procent():
    assert procent(0.4028) == "40,3%"
    assert procent(2 / 3) == "66,7%"
    assert procent(0.3, 0) == "30%"
    assert procent(None) == "–"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_getal_terug_te_lezen(n):
    assert int(getal(n).replace(".", "")) == n


def test_tekst_ontsnapt_en_laat_ongeldige_tekens_weg():
    assert tekst(XSS) == (
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; "
    )


# --------------------------------------------------------------------------- scales


def test_schaal_mooie_stappen():
    assert schaal(0, 1522) == [0, 500, 1000, 1500, 2000]
    assert schaal(-318, 1034) == [-500, 0, 500, 1000, 1500]
    assert schaal(12310, 13026, 4, met_nul=False) == [12200, 12400, 12600, 12800, 13000, 13200]
    assert schaal(-0.0026, 0.0004) == pytest.approx([-0.003, -0.002, -0.001, 0, 0.001])
    assert schaal(0, 0) == [0, 1, 2, 3, 4, 5]  # all zero: whole numbers
    assert schaal(5, 5, met_nul=False)[0] < 5 < schaal(5, 5, met_nul=False)[-1]
    # found by hypothesis: a range of denormal floats must not divide into a zero step
    assert schaal(0.0, 5e-324) == [0, 1, 2, 3, 4, 5]
    assert schaal(-5e-324, 5e-324, met_nul=False)[0] <= -1


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.booleans(),
)
def test_schaal_omvat_de_waarden(a, b, met_nul):
    laag, hoog = min(a, b), max(a, b)
    ticks = schaal(laag, hoog, met_nul=met_nul)
    marge = 1e-6 * max(1.0, hoog - laag)  # float noise, relative to the range
    assert ticks[0] <= laag + marge
    assert ticks[-1] >= hoog - marge
    assert 2 <= len(ticks) <= 12
    if met_nul:
        assert any(abs(t) < 1e-9 for t in ticks)


# --------------------------------------------------------------------------- bars


def test_staafdiagram_gestapeld():
    svg = staafdiagram(
        "DAEB per jaar",
        [2021, 2022, 2023],
        [Reeks("Hard", [100, 300, 0], "#2171b5"), Reeks("Zacht", [50, None, 1200], "#fd8d3c")],
        as_titel="woningen",
        ident="t-staaf",
    )
    wortel = _svg(svg)
    titel, desc = _toegankelijk(wortel)
    assert titel == "DAEB per jaar"
    # every known value in the description, in Dutch
    assert "2021: Hard 100, Zacht 50" in desc and "2023: Hard 0, Zacht 1.200" in desc
    assert "2022: Hard 300, Zacht –" in desc
    staven = _staven(wortel)
    assert len(staven) == 5  # 6 values, one unknown
    assert [float(s.get("data-waarde")) for s in staven] == [100, 50, 300, 0, 1200]
    # the totals above the stacks, with a thousands separator
    totalen = [
        "".join(t.itertext())
        for t in wortel.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "totaal"
    ]
    assert totalen == ["150", "300", "1.200"]
    # stacked: the soft part of 2021 sits on top of the hard part, heights proportional
    hard, zacht = staven[0], staven[1]
    assert float(zacht.get("y")) + float(zacht.get("height")) == pytest.approx(
        float(hard.get("y")), abs=0.11
    )
    assert float(hard.get("height")) / float(zacht.get("height")) == pytest.approx(2, rel=0.01)
    assert "woningen" in _teksten(wortel)
    assert "Hard" in _teksten(wortel) and "Zacht" in _teksten(wortel)  # legend
    assert staven[0].find("s:title", NS).text == "2021, Hard: 100"


def test_staafdiagram_negatief_naast_elkaar():
    svg = staafdiagram(
        "Netto", ["A", "B"], [Reeks("n", [-300, 200], "#444444")], gestapeld=False, ident="t-neg"
    )
    wortel = _svg(svg)
    negatief, positief = _staven(wortel)
    # both bars meet at the zero line
    nul = float(positief.get("y")) + float(positief.get("height"))
    assert float(negatief.get("y")) == pytest.approx(nul, abs=0.11)
    assert float(negatief.get("height")) / float(positief.get("height")) == pytest.approx(1.5)
    assert "-300" in _teksten(wortel)


def test_balkdiagram_met_referentie_en_waardekolom():
    svg = balkdiagram(
        "Voortgang",
        ["Hard", "Hard + zacht", "Realistisch"],
        [3947, 6247, 5557],
        waardelabels=["3.947 (34%)", "6.247 (54%)", "5.557 (48%)"],
        referentie=Referentie(11550, "Doel +11.550"),
        waardekolom=True,
        ident="t-balk",
    )
    wortel = _svg(svg)
    _titel, desc = _toegankelijk(wortel)
    assert "Hard + zacht: 6.247 (54%)" in desc and "Doel +11.550: 11.550" in desc
    staven = _staven(wortel)
    assert len(staven) == 3
    breedtes = [float(s.get("width")) for s in staven]
    assert breedtes[1] / breedtes[0] == pytest.approx(6247 / 3947, rel=0.01)
    referentie = next(g for g in wortel.iter() if g.get("class") == "referentie")
    lijn = referentie.find("s:line", NS)
    x0 = float(staven[0].get("x"))
    # the goal line lies at 11550 on the same scale as the bars
    assert (float(lijn.get("x1")) - x0) / breedtes[0] == pytest.approx(11550 / 3947, rel=0.01)
    waarden = [
        t for t in wortel.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "waarde"
    ]
    assert [t.text for t in waarden] == ["3.947 (34%)", "6.247 (54%)", "5.557 (48%)"]
    # the value column lies right of the goal line, so the line never crosses a value
    assert {t.get("x") for t in waarden} == {waarden[0].get("x")}
    assert float(waarden[0].get("x")) > float(lijn.get("x1"))


def test_balkdiagram_negatief_links_van_nul():
    wortel = _svg(
        balkdiagram(
            "Bijdrage",
            ["a", "b", "c"],
            [-0.0026, 0.0004, None],
            kleuren=["#1a9850", "#d73027", "#1a9850"],
            decimalen=4,
            ident="t-bij",
        )
    )
    staven = _staven(wortel)
    assert len(staven) == 2  # c is unknown
    neg, pos = staven
    assert float(neg.get("x")) + float(neg.get("width")) == pytest.approx(float(pos.get("x")))
    assert neg.get("fill") == "#1a9850"
    assert (
        "-0,0026" in _teksten(wortel) and "0,0004" in _teksten(wortel) and "–" in _teksten(wortel)
    )


# --------------------------------------------------------------------------- lines


def test_lijndiagram_punten_en_markeringen():
    jaren = list(range(2020, 2026))
    svg = lijndiagram(
        "Westdorp",
        jaren,
        [
            Reeks("Hard + zacht", [4000, 4000, 3850, 3850, 4050, None], "#08306b"),
            Reeks("Alleen hard", [4000, 4000, 3850, 3850, 3850, 3850], "#2171b5", gestreept=True),
        ],
        markeringen=[Markering(0, 2, "-150", "daling 150, herstel in 2024")],
        ident="t-lijn",
    )
    wortel = _svg(svg)
    titel, desc = _toegankelijk(wortel)
    assert titel == "Westdorp"
    assert "2022: Hard + zacht 3.850, Alleen hard 3.850" in desc
    assert "Gemarkeerd: 2022 -150 (daling 150, herstel in 2024)" in desc
    punten = [
        c for c in wortel.iter("{http://www.w3.org/2000/svg}circle") if c.get("class") == "punt"
    ]
    assert len(punten) == 11  # 12 values, one unknown
    markeringen = [
        p for p in wortel.iter("{http://www.w3.org/2000/svg}path") if p.get("class") == "markering"
    ]
    assert len(markeringen) == 1 and markeringen[0].get("data-categorie") == "2022"
    assert markeringen[0].find("s:title", NS).text == "2022: -150 (daling 150, herstel in 2024)"
    # the marker hangs just below its point, inside the plot
    punt = punten[2]
    assert float(punt.get("data-waarde")) == 3850
    teksten = _teksten(wortel)
    assert "4.000" in teksten and "4.050" in teksten  # first and last value as text
    assert "-150" in teksten
    assert "2020" in teksten and "2025" in teksten  # x axis: first and last year
    # the y axis does not start at 0: the change stays visible
    assert "0" not in teksten
    lijnen = wortel.findall(".//s:polyline", NS)
    assert len(lijnen) == 2 and lijnen[1].get("stroke-dasharray") == "5 3"


def test_lijndiagram_met_nul():
    wortel = _svg(
        lijndiagram("x", [1, 2], [Reeks("r", [10, 20], "red")], met_nul=True, ident="t-0")
    )
    assert "0" in _teksten(wortel)


# --------------------------------------------------------------------------- escaping, errors


def test_alle_teksten_ontsnapt_en_welgevormd():
    naam = XSS
    delen = [
        staafdiagram(naam, [naam], [Reeks(naam, [5], "#123456")], as_titel=naam),
        balkdiagram(naam, [naam], [5], referentie=Referentie(3, naam), as_titel=naam),
        lijndiagram(
            naam,
            [naam, "b"],
            [Reeks(naam, [1, 2], "#123456")],
            markeringen=[Markering(0, 0, naam, naam)],
        ),
    ]
    schoon = naam.replace("\x01", "")
    for svg in delen:
        assert "<script" not in svg and "\x01" not in svg
        wortel = _svg(svg)  # well-formed XML
        titel, desc = _toegankelijk(wortel)
        assert titel == schoon and schoon in desc
        assert wortel.find(".//s:script", NS) is None


def test_eigen_ident_of_stabiele_hash():
    a = staafdiagram("t", [1], [Reeks("r", [1], "red")])
    b = staafdiagram("t", [1], [Reeks("r", [1], "red")])
    c = staafdiagram("t", [1], [Reeks("r", [2], "red")])
    assert _svg(a).get("id") == _svg(b).get("id") != _svg(c).get("id")
    assert (
        _svg(staafdiagram("t", [1], [Reeks("r", [1], "red")], ident="mijn-id")).get("id")
        == "mijn-id"
    )


@pytest.mark.parametrize(
    ("maak", "melding"),
    [
        (
            lambda: staafdiagram("t", [1, 2], [Reeks("r", [1], "red")]),
            "heeft 1 waarden, verwacht 2",
        ),
        (lambda: staafdiagram("t", [1], [Reeks("r", [1], 'red" onload="x')]), "kleur"),
        (lambda: staafdiagram("t", [1], [Reeks("r", [1], "red")], ident='a" b'), "ident"),
        (lambda: balkdiagram("t", ["a"], [1, 2]), "2 waarden voor 1 labels"),
        (lambda: balkdiagram("t", ["a"], [1], kleuren=["red", "blue"]), "2 kleuren"),
        (
            lambda: lijndiagram(
                "t", [1], [Reeks("r", [1], "red")], markeringen=[Markering(0, 3, "x")]
            ),
            "buiten",
        ),
    ],
)
def test_fouten_van_de_aanroeper(maak, melding):
    with pytest.raises(ValueError, match=melding):
        maak()


def test_lege_grafieken_blijven_geldig():
    for svg in (
        staafdiagram("leeg", [], []),
        balkdiagram("leeg", [], []),
        lijndiagram("leeg", [], []),
        lijndiagram("onbekend", [1, 2], [Reeks("r", [None, None], "red")]),
    ):
        wortel = _svg(svg)
        _toegankelijk(wortel)
