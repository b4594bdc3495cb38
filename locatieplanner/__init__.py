"""locatieplanner: planning van sociale huurwoningen (DAEB) per locatie in een woningmarktregio."""

import os as _os

__version__ = "0.1.0"

__all__ = ["__version__"]

# Files from outside are untrusted: an OGR VRT disguised as GeoJSON or shapefile makes GDAL read
# arbitrary local files and URLs. Switch the VRT driver off before anything loads GDAL.
_overgeslagen = _os.environ.get("GDAL_SKIP", "").replace(",", " ").split()
if "OGR_VRT" not in _overgeslagen:
    _os.environ["GDAL_SKIP"] = " ".join([*_overgeslagen, "OGR_VRT"])
