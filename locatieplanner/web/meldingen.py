"""Dutch messages for refused request input: the one translation table from pydantic's error
types to the API's messages, and the translation of a ``ValidationError`` into problems.

Every request shape of :mod:`.schemas` is validated by pydantic. A failure is translated here,
error by error, into the :class:`~locatieplanner.errors.Probleem` the API gives: the field
(``toewijzingen[0].daeb``), the refused value (shortened) and what is allowed, read from the
field's JSON schema (types, minimum/maximum, enum, maxLength). Rules pydantic cannot express are
validators that call :func:`weiger` with their own message. This module does not import Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from ..errors import Probleem

__all__ = ["MELDINGEN", "ingekort", "weiger", "samen", "eigenschappen", "problemen"]


def ingekort(waarde: Any) -> Any:
    """A value fit for an error message: long texts cut, containers described."""
    if isinstance(waarde, str):
        return waarde if len(waarde) <= 60 else waarde[:40] + "…"
    if isinstance(waarde, list):
        return f"lijst met {len(waarde)} elementen"
    if isinstance(waarde, dict):
        return "object met sleutels " + ", ".join(sorted(map(str, waarde))[:10])
    return waarde


def weiger(melding: str, **ctx: Any) -> NoReturn:
    """Refuse the value being validated with a Dutch ``melding`` (for a validator of a model).
    ``waarde`` in ``ctx`` replaces the refused value the problem names, ``item`` its item, and
    ``pad`` is appended to its field (``.coordinates[0]``)."""
    raise PydanticCustomError("ongeldig", "{melding}", {"melding": melding, **ctx})


def samen(fouten: list[ValidationError]) -> ValidationError:
    """One error of the errors of several validations (a validator that reports them all)."""
    regels: list[Any] = [
        {k: f[k] for k in ("type", "loc", "input", "ctx") if k in f}
        | (
            {"type": PydanticCustomError("ongeldig", "{melding}", f["ctx"])}
            if f["type"] == "ongeldig"
            else {}
        )
        for fout in fouten
        for f in fout.errors(include_url=False)
    ]
    return ValidationError.from_exception_data(fouten[0].title, regels)


@dataclass(frozen=True)
class _Fout:
    """One pydantic error with what its field's JSON schema says."""

    invoer: Any
    ctx: dict[str, Any]
    schema: dict[str, Any]  # the field's schema; of a nullable field both branches merged
    typen: list[str]  # JSON types of the field, e.g. ["integer", "null"]
    query: bool  # a query parameter (a string) rather than a JSON body value
    ouder: type[BaseModel]  # the model the field belongs to


#: Per JSON type: its name in a message, what it is in Python, pydantic's error for another value.
_TYPEN: dict[str, tuple[str, Any, str]] = {
    "integer": ("een geheel getal", int, "int_type"),
    "number": ("een getal", int | float, "float_type"),
    "string": ("tekst", str, "string_type"),
    "boolean": ("true of false", bool, "bool_type"),
    "array": ("een lijst", list, "list_type"),
    "object": ("een object", dict, "dict_type"),
    "null": ("null", type(None), "none_required"),
}
#: pydantic's type errors and the JSON type they expected.
_TYPEFOUTEN = {fout: soort for soort, (_, _, fout) in _TYPEN.items()} | {"model_type": "object"}


def _past(waarde: Any, soort: str) -> bool:
    if isinstance(waarde, bool) and soort in ("integer", "number"):  # true is no number
        return False
    return isinstance(waarde, _TYPEN[soort][1])


def _getal(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _van_tot(schema: dict[str, Any]) -> str:
    laag, hoog = schema.get("minimum"), schema.get("maximum")
    if laag is not None and hoog is not None:
        return f"van {_getal(laag)} tot en met {_getal(hoog)}"
    if laag is not None:
        return f"van {_getal(laag)} of meer"
    return f"van hoogstens {_getal(hoog)}"


def _typefout(f: _Fout) -> str:
    namen = " of ".join(_TYPEN[t][0] for t in f.typen)
    if f.invoer is None:
        melding = f"mag niet null zijn; moet {namen} zijn"
    elif isinstance(f.invoer, bool) and "integer" in f.typen:
        melding = f"moet {namen} zijn, geen true/false"
    else:
        melding = f"moet {namen} zijn"
    if "integer" in f.typen and ("minimum" in f.schema or "maximum" in f.schema):
        melding += " " + _van_tot(f.schema)
    return melding


def _bereik(f: _Fout) -> str:
    if "number" in f.typen:
        punt = " (punt als decimaalteken)" if f.query else ""
        return f"moet een getal {_van_tot(f.schema)} zijn{punt}"
    return f"moet een geheel getal {_van_tot(f.schema)} zijn"


def _keuze(f: _Fout) -> str:
    if "const" in f.schema:
        return f"moet {f.schema['const']} zijn"
    if not any(_past(f.invoer, t) for t in f.typen):
        return _typefout(f)
    return "niet toegestaan; toegestaan zijn " + ", ".join(
        str(v) for v in f.schema["enum"] if v is not None
    )


def _te_lang(f: _Fout) -> str:
    if f.query:
        return f"is te lang; hoogstens {f.ctx['max_length']} tekens"
    return f"is te lang ({len(f.invoer)} tekens); hoogstens {f.ctx['max_length']} tekens"


def _onbekend_veld(f: _Fout) -> str:
    eigen = getattr(f.ouder, "onbekend_veld", None)
    return eigen or "onbekend veld; toegestaan zijn " + ", ".join(f.ouder.model_fields)


#: The translation table: pydantic's error type (and ``ongeldig``, the rules of :func:`weiger`)
#: to the Dutch message.
MELDINGEN: dict[str, Callable[[_Fout], str]] = {
    "ongeldig": lambda f: f.ctx["melding"],
    "missing": lambda f: (
        f"moet {f.schema['const']} zijn"
        if "const" in f.schema
        else "ontbreekt; dit veld is verplicht"
    ),
    "extra_forbidden": _onbekend_veld,
    **dict.fromkeys(_TYPEFOUTEN, _typefout),
    "literal_error": _keuze,
    **dict.fromkeys(
        ("int_parsing", "float_parsing", "greater_than_equal", "less_than_equal"), _bereik
    ),
    "string_too_short": lambda f: "is verplicht en mag niet leeg zijn",
    "string_too_long": _te_lang,
    "string_pattern_mismatch": lambda f: f"heeft niet de vorm {f.ctx['pattern']}",
    "too_long": lambda f: f"te veel; hoogstens {f.ctx['max_length']} toegestaan",
}
#: The refused value a problem names where it is not the shortened input.
_WAARDEN: dict[str, Callable[[_Fout], Any]] = {
    "ongeldig": lambda f: f.ctx["waarde"] if "waarde" in f.ctx else ingekort(f.invoer),
    "missing": lambda f: None,
    "string_too_short": lambda f: f.invoer,
    "too_long": lambda f: f"{len(f.invoer)} elementen",
}


@cache
def eigenschappen(model: type[BaseModel]) -> dict[str, Any]:
    """The properties of ``model``'s JSON schema, as documented."""
    return model.model_json_schema().get("properties", {})


def _model_in(soort: Any) -> type[BaseModel] | None:
    """The model in a field's type (``list[Toewijzing] | None``: Toewijzing)."""
    if isinstance(soort, type) and issubclass(soort, BaseModel):
        return soort
    return next(filter(None, map(_model_in, get_args(soort))), None)


def _vertaal(fout: dict[str, Any], model: type[BaseModel], query: bool, item: str | None):
    loc, ouder, veld = fout["loc"], model, ""
    for i, stap in enumerate(loc):
        if isinstance(stap, int):
            veld += f"[{stap}]"
            continue
        binnen = i < len(loc) - 1
        if not (binnen and stap in getattr(ouder, "plat", ())):  # a Feature's properties
            veld += f".{stap}" if veld else stap
        if binnen:
            veld_info = ouder.model_fields.get(stap)
            ouder = (_model_in(veld_info.annotation) if veld_info else None) or ouder
    namen = [i for i, stap in enumerate(loc) if isinstance(stap, str)]
    schema = eigenschappen(ouder).get(loc[namen[-1]], {}) if namen else {}
    for _ in loc[namen[-1] + 1 :] if namen else ():  # an element of a list: its items' schema
        schema = next((t["items"] for t in schema.get("anyOf", [schema]) if "items" in t), {})
    takken = schema.get("anyOf", [schema])
    soort = fout["type"]
    f = _Fout(
        fout["input"],
        fout.get("ctx") or {},
        {k: v for tak in takken for k, v in tak.items()},
        [t["type"] for t in takken if "type" in t] or [_TYPEFOUTEN.get(soort, "object")],
        query,
        ouder,
    )
    melding = MELDINGEN.get(soort, lambda f: f"is ongeldig ({fout['msg']})")(f)
    waarde = _WAARDEN.get(soort, lambda f: ingekort(f.invoer))(f)
    veld = veld + f.ctx.get("pad", "") or "body"
    return Probleem(veld, waarde, melding, f.ctx.get("item", item))


def problemen(
    fout: ValidationError, model: type[BaseModel], item: str | None = None, query: bool = False
) -> list[Probleem]:
    """The problems of a failed validation of ``model``, per object its unknown fields first,
    then the missing ones, then the others in field order."""
    fouten = fout.errors(include_url=False)
    eerst: dict[tuple[Any, ...], int] = {}
    for i, f in enumerate(fouten):
        for n in range(len(f["loc"]) + 1):
            eerst.setdefault(f["loc"][:n], i)

    def volgorde(f: dict[str, Any]) -> list[tuple[int, int]]:
        loc, rang = f["loc"], {"extra_forbidden": 0, "missing": 1}.get(f["type"], 2)
        return [(2, eerst[loc[:n]]) for n in range(1, len(loc))] + [(rang, eerst[loc])]

    return [_vertaal(f, model, query, item) for f in sorted(fouten, key=volgorde)]
