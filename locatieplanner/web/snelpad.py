"""The fast path: a kept answer of a read-only API operation sent before Flask's request machinery.

Under load most API requests ask again what was asked before (a municipality's box, the
regional view). Flask's request handling (context, session, Flask-Login, the before- and
after-request hooks) costs more than the answer itself once it is kept, so this WSGI middleware
in front of the app answers such a request from the answer cache (:mod:`.antwoordcache`) at once:

- only a ``GET`` with an API token (``Authorization: Bearer``) and no cookie, for a route of an
  operation whose answers are kept (:func:`.antwoordcache.gecachet`);
- the token gives the account as for every request (:meth:`.Store.token_en_versie`: an
  unknown or revoked token, or an inactive account, is refused there, and a change to any of
  them is seen at once); the route's access rule (:func:`.toegang.regel_laat_toe`) must let it
  in;
- the key is the one Flask's path uses (:func:`.antwoordcache.antwoordsleutel`: the data version
  read now, the caller's scope, path, query, ``Accept-Encoding``), so only an answer made before
  for the same scope, query and data is sent, with the same headers (security headers, ETag,
  ``Vary``) and one JSON log line like any request; ``If-None-Match`` naming it gives 304.

Anything else, and any doubt (no such answer kept yet, a refusal, the store not opened yet, a
database that cannot be read now), goes to Flask unchanged, which answers, refuses or computes
as always: the fast path never gives an answer Flask would not give. The setting ``SNELPAD``
(default on) switches it off.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import get_host

from ..errors import LocatieplannerError
from .analysecache import bereik
from .antwoordcache import CACHE_CONTROL, antwoordcache, antwoordsleutel, etag_van
from .server import LOGGER, logvelden
from .toegang import regel_laat_toe, regel_van, veiligheidskoppen

__all__ = ["Snelpad"]

_log = logging.getLogger(LOGGER)

#: A WSGI application.
_Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Snelpad:
    """WSGI middleware answering a kept GET of ``app`` (see the module); everything else goes
    to ``volgende`` (the app's own WSGI callable)."""

    def __init__(self, app: Flask, volgende: _Wsgi) -> None:
        self.app = app
        self.volgende = volgende
        #: path -> endpoint of a kept operation, or None (see :meth:`_endpoint`)
        self._routes: dict[str, str | None] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_COOKIE" in environ
            or environ.get("HTTP_AUTHORIZATION", "")[:7].lower() != "bearer "
            or not self.app.config.get("SNELPAD", True)
        ):
            return self.volgende(environ, start_response)
        begin = time.perf_counter()
        try:
            gevonden = self._uit_cache(environ)
        except Exception:  # noqa: BLE001 - any doubt: Flask answers (and reports) as always
            _log.warning("snelpad overgeslagen", exc_info=True)
            gevonden = None
        if gevonden is None:
            return self.volgende(environ, start_response)
        status, koppen, body, account, pad = gevonden
        _log.info(
            "verzoek",
            extra={
                "velden": logvelden(
                    "GET",
                    pad,
                    account,
                    environ.get("REMOTE_ADDR"),
                    status=int(status[:3]),
                    bytes=len(body),
                    duur_ms=round((time.perf_counter() - begin) * 1000, 1),
                    snelpad=True,
                )
            },
        )
        start_response(status, koppen)
        return [body]

    def _endpoint(self, environ: dict[str, Any]) -> str | None:
        """The endpoint of a GET of this path whose answers are kept, else None (kept per
        path: routing depends on nothing else; the Host is checked on every request)."""
        pad = environ.get("PATH_INFO", "")
        if pad in self._routes:
            return self._routes[pad]
        app = self.app
        try:
            endpoint, _waarden = app.url_map.bind_to_environ(environ).match(method="GET")
        except HTTPException:
            endpoint = None  # no such route or another method: Flask answers
        if not getattr(app.view_functions.get(endpoint or ""), "_lp_gecachet", False):
            endpoint = None
        if len(self._routes) >= _ROUTES_ONTHOUDEN:
            self._routes.clear()
        self._routes[pad] = endpoint
        return endpoint

    def _uit_cache(
        self, environ: dict[str, Any]
    ) -> tuple[str, list[tuple[str, str]], bytes, Any, str] | None:
        app = self.app
        cache = antwoordcache(app)
        store = app.extensions.get("locatieplanner.store")
        if cache is None or store is None:
            return None
        try:
            get_host(environ, app.config["TRUSTED_HOSTS"])
        except HTTPException:
            return None  # a Host not trusted: Flask refuses it
        endpoint = self._endpoint(environ)
        soort = regel_van(app, endpoint) if endpoint is not None else None
        if soort is None:
            return None
        verzoek = app.request_class(environ)
        token = verzoek.headers.get("Authorization", "")[7:].strip()
        try:
            account, versie = store.token_en_versie(token)
        except LocatieplannerError:
            return None  # refused or busy: Flask answers with its message
        if not regel_laat_toe(soort, account):
            return None
        sleutel = antwoordsleutel(
            versie,
            bereik(account),
            verzoek.path,
            tuple(verzoek.args.items(multi=True)),
            verzoek.headers.get("Accept-Encoding", ""),
        )
        etag = etag_van(sleutel)
        if verzoek.if_none_match.contains(etag):
            status, koppen, body = "304 NOT MODIFIED", [], b""
        else:
            bewaard = cache.haal(sleutel)
            if bewaard is None:
                return None
            status, body = "200 OK", bewaard.body
            koppen = [(k, w) for k, w in bewaard.koppen if k.lower() not in _GEZET]
        return status, _koppen(koppen, etag, endpoint), body, account, verzoek.path


#: Paths whose route the fast path remembers at most.
_ROUTES_ONTHOUDEN = 4096
#: Headers of a kept answer the fast path sets itself.
_GEZET = frozenset({"etag", "cache-control", "vary"})


def _koppen(koppen: list[tuple[str, str]], etag: str, endpoint: str) -> list[tuple[str, str]]:
    """``koppen`` with the headers Flask's path adds to a kept answer: its ETag and caching,
    ``Vary`` (compression's and the session's) and the security headers."""
    koppen += [
        ("ETag", f'"{etag}"'),
        ("Cache-Control", CACHE_CONTROL),
        ("Vary", "Accept-Encoding, Cookie"),
    ]
    namen = {k.lower() for k, _w in koppen}
    for naam, waarde, altijd in veiligheidskoppen(endpoint, None):
        if altijd or naam.lower() not in namen:
            koppen.append((naam, waarde))
    return koppen
