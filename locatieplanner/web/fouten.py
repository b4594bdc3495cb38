"""HTTP status codes of the library's exceptions: the web layer's one translation table."""

from __future__ import annotations

from ..errors import (
    Bezet,
    ConfiguratieFout,
    Conflict,
    DownloadFout,
    GeenToegang,
    LocatieplannerError,
    NietAangemeld,
    NietGevonden,
    OnderdeelOntbreekt,
    TeVeelPogingen,
    ValidatieFout,
)

__all__ = [
    "STATUS",
    "OngeldigVerzoek",
    "OngeldigInhoudstype",
    "TeVeelTegelijk",
    "VoorwaardeOntbreekt",
    "http_status",
]


class OngeldigVerzoek(ValidatieFout):
    """The request cannot be read: malformed JSON, a bad query parameter or header (HTTP 400)."""


class OngeldigInhoudstype(LocatieplannerError):
    """The body has a content type the endpoint does not accept (HTTP 415)."""


class VoorwaardeOntbreekt(LocatieplannerError):
    """A write without the ``If-Match`` header that names the version it is based on (HTTP 428)."""


class TeVeelTegelijk(Bezet):
    """This server process already does the one such task it does at a time, e.g. an import
    (HTTP 429 with ``Retry-After``)."""


#: Status per exception class; the most specific class in the exception's MRO wins.
STATUS: dict[type[LocatieplannerError], int] = {
    LocatieplannerError: 400,
    OngeldigVerzoek: 400,
    OngeldigInhoudstype: 415,
    VoorwaardeOntbreekt: 428,
    ValidatieFout: 422,
    NietGevonden: 404,
    Conflict: 412,
    DownloadFout: 502,
    ConfiguratieFout: 500,
    OnderdeelOntbreekt: 503,
    NietAangemeld: 401,
    GeenToegang: 403,
    Bezet: 503,
    TeVeelTegelijk: 429,
    TeVeelPogingen: 429,
}


def http_status(fout: LocatieplannerError) -> int:
    """The HTTP status the web layer answers ``fout`` with."""
    for klasse in type(fout).__mro__:
        if klasse in STATUS:
            return STATUS[klasse]
    return 400
