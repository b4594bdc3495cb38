"""The package's browser scripts for folium maps: ES modules in ``locatieplanner/web/static/js``.

No script logic lives in Python. A map element (:class:`Module`) names the module that gives it
behaviour and hands it its settings as JSON in a ``<script type="application/json">`` block
(data, never code). The page loads the module with ``<script type="module" src=...>`` from the
app (beside the vendor folder, see :func:`js_basis`), or, for a self-contained file
(:func:`inline_modules`), carries the module's source read from the package at build time with
the modules it imports in an import map (``data:`` URLs), so the file makes no request.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any
from urllib.parse import urljoin

import folium
from branca.element import Element
from folium.template import Template

from ..errors import ConfiguratieFout

__all__ = [
    "JS_PAKKET",
    "JS_URL",
    "veilige_json",
    "js_bron",
    "js_imports",
    "veilig_inline",
    "js_basis",
    "boom",
    "Tekst",
    "Module",
    "sjabloon",
    "inline_modules",
]

#: Where the modules are in the package (package data).
JS_PAKKET = "web/static/js"
#: Where the web app serves them.
JS_URL = "/static/js/"

#: ``import ... from "./x.js"`` and ``import "./x.js"``: the relative imports of a module.
_IMPORT = re.compile(r"""^\s*import\s+(?:[^;]*?\s+from\s+)?["'](\./[\w.-]+\.js)["']\s*;""", re.M)


def veilige_json(waarde: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` (no ``<``, ``>``, ``&``, quotes as is)."""
    return (
        json.dumps(waarde, ensure_ascii=True, allow_nan=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def js_bron(naam: str) -> str:
    """The source of the package's module ``naam`` (e.g. ``"kaartlagen.js"``)."""
    bestand = resources.files("locatieplanner").joinpath(JS_PAKKET).joinpath(naam)
    try:
        return bestand.read_text("utf-8")
    except OSError as e:
        raise ConfiguratieFout(
            f"Het script {naam} ontbreekt in locatieplanner/{JS_PAKKET} ({e})"
        ) from e


def js_imports(bron: str) -> list[str]:
    """The modules a module's source imports (file names, in order)."""
    return [pad.removeprefix("./") for pad in _IMPORT.findall(bron)]


def veilig_inline(bron: str) -> str:
    """A script's source that cannot end or confuse the ``<script>`` element it is inlined in:
    ``</script`` becomes ``<\\/script`` and ``<!--`` becomes ``<\\!--`` (the same text inside
    a JavaScript string, template, comment or regular expression)."""
    bron = re.sub(r"</(script)", r"<\\/\1", bron, flags=re.I)
    return bron.replace("<!--", "<\\!--")


def js_basis(asset_basis: str) -> str:
    """The URL of the package's modules for the URL of the vendor folder (``.../vendor/``):
    the folder ``js/`` beside it, as in ``locatieplanner/web/static``."""
    return urljoin(asset_basis, "../js/")


def boom(element: Element) -> Iterator[Element]:
    """``element`` and every element below it."""
    yield element
    for kind in list(element._children.values()):
        yield from boom(kind)


class Tekst(Element):
    """Rendered HTML (or a script, a style) that goes into the page as it is: a branca Element
    would parse it as a template."""

    def __init__(self, tekst: str) -> None:
        super().__init__()
        self.tekst = tekst

    def render(self, **kwargs: Any) -> str:
        return self.tekst


def sjabloon(stijl: str, html: str = "") -> Template:
    """The template of a :class:`Module`: ``stijl`` (a ``<style>`` block) and the module's script
    tag in the page's header; ``html`` (a Jinja template of ``this``) and the JSON block with
    :meth:`Module.gegevens` in its body."""
    return Template(
        "{% macro header(this, kwargs) %}\n"
        + stijl
        + "\n{{ this.scripttag() }}\n{% endmacro %}\n{% macro html(this, kwargs) %}\n"
        + html
        + "\n{{ this.gegevensblok() }}\n{% endmacro %}\n"
    )


class Module(folium.MacroElement):
    """A map element whose behaviour is the package's ES module :attr:`module`.

    Its template (:func:`sjabloon`) puts :meth:`scripttag` in the header and
    :meth:`gegevensblok` in the html; :meth:`gegevens` is what the module reads (it finds the
    block by ``data-lp-module``, the module's name without ``.js``).

    Unlike folium's MacroElement, the rendered macros are added to the page as they are: folium
    would parse them as a template once more, so that data such as a site named ``{{ 7*7 }}``
    would be evaluated by Jinja (template injection) instead of shown."""

    module: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.js_basis = JS_URL
        #: "": load the module from js_basis; "bron": inline its source; "elders": another
        #: element of the page inlines it already.
        self.inline = ""

    def gegevens(self) -> dict[str, Any]:
        return {}

    def scripttag(self) -> str:
        if self.inline == "elders":
            return ""
        if self.inline == "bron":
            return f'<script type="module">\n{veilig_inline(js_bron(self.module))}\n</script>'
        return f'<script type="module" src="{html.escape(self.js_basis + self.module)}"></script>'

    def gegevensblok(self) -> str:
        naam = html.escape(self.module.removesuffix(".js"))
        return (
            f'<script type="application/json" data-lp-module="{naam}">'
            f"{veilige_json(self.gegevens())}</script>"
        )

    def render(self, **kwargs: Any) -> None:
        figuur = self.get_root()
        macros = self._template.module.__dict__
        for deel in ("header", "html", "script"):
            if deel in macros:
                getattr(figuur, deel).add_child(
                    Tekst(macros[deel](self, kwargs)), name=self.get_name()
                )
        for kind in self._children.values():
            kind.render(**kwargs)


def _afhankelijkheden(namen: Iterable[str]) -> list[str]:
    """The modules that ``namen`` import. An inlined module has no URL, so a module it imports
    is mapped to a ``data:`` URL, from which no relative import resolves: it may import nothing."""
    uit: list[str] = []
    for naam in namen:
        for dep in js_imports(js_bron(naam)):
            if js_imports(js_bron(dep)):
                raise ConfiguratieFout(
                    f"{dep} (geïmporteerd door {naam}) importeert zelf modules; een kaartbestand "
                    "kan alleen modules zonder imports meenemen"
                )
            if dep not in uit:
                uit.append(dep)
    return uit


def inline_modules(figuur: Element) -> list[str]:
    """Make the modules of every :class:`Module` in ``figuur`` part of the page: their source
    inlined and what they import in an import map in the header (added before the modules'
    own tags, which the elements add when the page renders). Returns the modules inlined."""
    modules = [el for el in boom(figuur) if isinstance(el, Module)]
    namen: list[str] = []
    for m in modules:
        m.inline = "elders" if m.module in namen else "bron"
        if m.module not in namen:
            namen.append(m.module)
    afhankelijk = _afhankelijkheden(namen)
    if afhankelijk:
        kaart = {
            "imports": {
                f"./{dep}": "data:text/javascript;base64,"
                + base64.b64encode(js_bron(dep).encode("utf-8")).decode("ascii")
                for dep in afhankelijk
            }
        }
        figuur.header.add_child(
            Tekst(f'<script type="importmap">{veilige_json(kaart)}</script>'),
            name="lp_importmap",
        )
    return namen
