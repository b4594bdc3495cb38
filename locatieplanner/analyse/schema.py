"""The analysis result as JSON: the text and its JSON Schema (``schema.json``, draft 2020-12)."""

from __future__ import annotations

import json
from importlib import resources
from json.encoder import c_make_encoder, encode_basestring
from typing import Any

from .resultaat import Analyse

__all__ = ["als_json", "laad_schema", "ingesprongen_json"]

#: Spaces per level, as ``json.dumps(..., indent=2)``.
_INSPRINGING = "  "
_GENEST = (list, tuple, dict)


def laad_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Analyse.als_dict`."""
    tekst = resources.files("locatieplanner.analyse").joinpath("schema.json").read_text("utf-8")
    return json.loads(tekst)


def als_json(analyse: Analyse) -> str:
    """The JSON text (indented, UTF-8 characters kept)."""
    return ingesprongen_json(analyse.als_dict()) + "\n"


def ingesprongen_json(waarde: Any) -> str:
    """The same text as ``json.dumps(waarde, ensure_ascii=False, indent=2)``, written faster.

    With ``indent`` the standard library falls back to its pure-Python encoder (a generator
    call per value). Here every list or dict without a non-empty list or dict inside is
    written by the C encoder in one call, with the line break and indentation of its level
    as the separator between items; only the levels above those are walked in Python."""
    if c_make_encoder is None:  # pragma: no cover - CPython always has the C encoder
        return json.dumps(waarde, ensure_ascii=False, indent=2)
    uit: list[str] = []
    _Schrijver().schrijf(waarde, 0, uit)
    return "".join(uit)


def _niet_serialiseerbaar(o: Any) -> Any:
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


class _Schrijver:
    """One C encoder per level of indentation (made when first needed)."""

    def __init__(self) -> None:
        self._encoders: dict[int, Any] = {}
        self._sleutels: dict[int, dict[Any, str]] = {}

    def _encoder(self, diepte: int) -> Any:
        encoder = self._encoders.get(diepte)
        if encoder is None:
            encoder = self._encoders[diepte] = c_make_encoder(
                None,  # no check for cycles: the analysis' dict is a tree
                _niet_serialiseerbaar,
                encode_basestring,
                None,
                ": ",
                ",\n" + _INSPRINGING * diepte,
                False,
                False,
                True,
            )
        return encoder

    def _plat(self, waarde: Any, diepte: int) -> str:
        """A value without a non-empty container inside, as text at level ``diepte``."""
        tekst = "".join(self._encoder(diepte + 1)(waarde, 0))
        if not isinstance(waarde, _GENEST) or len(tekst) == 2:
            return tekst
        return (
            tekst[0]
            + "\n"
            + _INSPRINGING * (diepte + 1)
            + tekst[1:-1]
            + "\n"
            + _INSPRINGING * diepte
            + tekst[-1]
        )

    def schrijf(self, waarde: Any, diepte: int, uit: list[str]) -> None:
        """Append the text of ``waarde`` at level ``diepte`` to ``uit``."""
        is_dict = isinstance(waarde, dict)
        inhoud = waarde.values() if is_dict else waarde
        if not isinstance(waarde, _GENEST) or not any(isinstance(w, _GENEST) and w for w in inhoud):
            uit.append(self._plat(waarde, diepte))
            return
        tussen = ",\n" + _INSPRINGING * (diepte + 1)
        uit.append("{" if is_dict else "[")
        eerste = len(uit)
        if is_dict:
            # the keys repeat (the same keys in every row): their text with the separator once
            sleutels = self._sleutels.setdefault(diepte, {})
            for sleutel, w in waarde.items():
                # only text keys are kept: 1, 1.0 and True are the same dict key
                kop = sleutels.get(sleutel) if type(sleutel) is str else None
                if kop is None:
                    kop = tussen + encode_basestring(_sleutel(sleutel)) + ": "
                    if type(sleutel) is str:
                        sleutels[sleutel] = kop
                uit.append(kop)
                self._waarde(w, diepte, uit)
        else:
            for w in waarde:
                uit.append(tussen)
                self._waarde(w, diepte, uit)
        uit[eerste] = uit[eerste][1:]  # no comma before the first item
        uit.append("\n" + _INSPRINGING * diepte + ("}" if is_dict else "]"))

    def _waarde(self, w: Any, diepte: int, uit: list[str]) -> None:
        """An item of a container at level ``diepte``: the common scalars directly, the rest
        (floats, containers) through :meth:`schrijf`."""
        soort = type(w)
        if soort is str:
            uit.append(encode_basestring(w))
        elif w is None:
            uit.append("null")
        elif soort is bool:
            uit.append("true" if w else "false")
        elif soort is int:
            uit.append(int.__repr__(w))
        else:
            self.schrijf(w, diepte + 1, uit)


def _sleutel(sleutel: Any) -> str:
    """A dict key as ``json.dumps`` writes it."""
    if isinstance(sleutel, str):
        return sleutel
    if sleutel is True:
        return "true"
    if sleutel is False:
        return "false"
    if sleutel is None:
        return "null"
    if isinstance(sleutel, float):
        return json.dumps(sleutel)
    if isinstance(sleutel, int):
        return int.__repr__(sleutel)
    raise TypeError(f"keys must be str, int, float, bool or None, not {sleutel.__class__.__name__}")
