"""Texts longer than a .dbf field in the shapefile export: found from the Arrow table that is
written anyway (byte lengths), cut only then, on a copy, with the same warning as before."""

from __future__ import annotations

import pandas as pd
import pyogrio
import pytest

from locatieplanner.uitwisseling import exporteer as ex


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series([1, 2, 3], dtype="int64"),
            "naam": pd.Series(["é" * 127, "é" * 128, None], dtype=object),  # 254, 256 bytes
            "opmerking": pd.Series(["kort", None, "x" * 254], dtype=object),
        }
    )


def test_te_lange_tekst_wordt_afgekapt_met_melding(tmp_path):
    frame = _frame()
    rapport = ex.ExportRapport(tmp_path / "x.zip", "shp")
    pad = tmp_path / "tabel.dbf"
    ex._schrijf_laag(pad, (frame, None), afkappen=("casus", rapport), driver="ESRI Shapefile")
    gelezen = pyogrio.read_dataframe(pad, encoding="UTF-8")
    assert gelezen["naam"].tolist()[:2] == ["é" * 127, "é" * 127]
    assert gelezen["opmerking"].tolist()[2] == "x" * 254  # exactly 254 bytes fits
    assert len(rapport.waarschuwingen) == 1
    assert "casus 2: veld naam is 256 bytes" in rapport.waarschuwingen[0]
    assert frame["naam"].tolist()[1] == "é" * 128  # the caller's frame (the .csv) is whole


def test_zonder_te_lange_tekst_geen_afkapronde(tmp_path, monkeypatch):
    def niet(*args, **kwargs):
        raise AssertionError("_afkappen is niet nodig")

    monkeypatch.setattr(ex, "_afkappen", niet)
    frame = _frame().iloc[[0, 2]].reset_index(drop=True)
    rapport = ex.ExportRapport(tmp_path / "x.zip", "shp")
    ex._schrijf_laag(
        tmp_path / "t.dbf", (frame, None), afkappen=("casus", rapport), driver="ESRI Shapefile"
    )
    assert rapport.waarschuwingen == []
    assert not ex._te_lang(ex._arrow(frame))


@pytest.mark.parametrize("tekst, lang", [("a" * 255, True), ("ü" * 127, False), (None, False)])
def test_te_lang_telt_bytes(tekst, lang):
    frame = pd.DataFrame({"t": pd.Series([tekst], dtype=object)})
    assert ex._te_lang(ex._arrow(frame)) is lang
