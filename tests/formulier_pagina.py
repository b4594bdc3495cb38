"""Helpers of the tests of the form pages (``/biedingen``, ``/onttrekkingen``): the page as text,
a write that must fail without changing anything, and an XSS payload that must stay text."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

__all__ = ["XSS_OPMERKING", "tekst", "geweigerd", "blijft_tekst"]

#: A note that would break out of its table cell and run a script if it were not escaped.
XSS_OPMERKING = "<img src=x onerror=alert(1)></td><script>alert(2)</script>"


def tekst(r: Any) -> str:
    """A response's body with entities decoded and white space collapsed."""
    return unescape(re.sub(r"\s+", " ", r.get_data(as_text=True)))


def geweigerd(
    client: Any, pad: str, data: dict[str, str], stand: Callable[[], Any], status: int, melding: str
) -> Any:
    """POST ``data`` to ``pad``: answered with ``status`` and ``melding`` in the page, and
    ``stand()`` (what is stored) as before; the response."""
    voor = stand()
    r = client.post(pad, data=data)
    assert r.status_code == status, tekst(r)[:500]
    assert melding in tekst(r)
    assert stand() == voor, "nothing is stored"
    return r


def blijft_tekst(client: Any, pad: str, data: dict[str, str]) -> None:
    """POST ``data`` (with :data:`XSS_OPMERKING` as the note) to ``pad``, then the list at
    ``pad`` shows the note escaped."""
    r = client.post(pad, data={**data, "opmerking": XSS_OPMERKING})
    assert r.status_code == 302, tekst(r)[:500]
    html = client.get(pad).get_data(as_text=True)
    assert "<script>alert(2)" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/td&gt;&lt;script&gt;" in html
