"""PDF from a document's HTML: WeasyPrint when it is installed with its system libraries, else
headless Chromium's print-to-PDF; a clear Dutch message when neither is available."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OnderdeelOntbreekt

__all__ = ["schrijf_pdf", "pdf_beschikbaar"]

#: Where headless Chromium is looked for (besides ``LOCATIEPLANNER_CHROMIUM``).
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
#: Longest a Chromium print may take (seconds).
TIJDSLIMIET = 120


def _weasyprint() -> object | None:
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: pango or its fonts are missing
        return None
    return weasyprint


def _chromium() -> str | None:
    eigen = os.environ.get("LOCATIEPLANNER_CHROMIUM")
    if eigen:
        return eigen if Path(eigen).exists() else None
    return next((p for naam in CHROMIUM if (p := shutil.which(naam))), None)


def pdf_beschikbaar() -> str | None:
    """``weasyprint`` or ``chromium`` (which renderer :func:`schrijf_pdf` would use), or None."""
    if _weasyprint() is not None:
        return "weasyprint"
    return "chromium" if _chromium() else None


def schrijf_pdf(html: str, pad: str | Path, basis: str | Path | None = None) -> str:
    """Render ``html`` (a complete document with its CSS inline) to a PDF at ``pad``; returns the
    renderer used. ``basis``: folder relative links resolve against."""
    doel = Path(pad)
    doel.parent.mkdir(parents=True, exist_ok=True)
    wp = _weasyprint()
    if wp is not None:
        wp.HTML(string=html, base_url=str(basis) if basis else None).write_pdf(doel)  # type: ignore[attr-defined]
        return "weasyprint"
    chromium = _chromium()
    if chromium is None:
        raise OnderdeelOntbreekt(
            "Een PDF maken kan hier niet: installeer WeasyPrint (pip install weasyprint, met de "
            "systeembibliotheek pango) of Chromium; HTML en XLSX werken wel."
        )
    with tempfile.TemporaryDirectory() as map_:
        bron = Path(map_) / "overzicht.html"
        bron.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    f"--user-data-dir={map_}/profiel",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={doel}",
                    bron.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=TIJDSLIMIET,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as fout:
            raise OnderdeelOntbreekt(f"Chromium kon de PDF niet maken: {fout}") from fout
    return "chromium"
