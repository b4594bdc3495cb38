"""Generate the fictitious example data in geodata/ (run once; the written files are the product).

Usage (from the repository root, with ../shared/geodata beside it):

    python scripts/maak_voorbeelddata.py [--shared ../shared/geodata] [--uit geodata]

Everything about plans is authored here and FICTITIOUS: corporations, sites, assignments, removals
and bids. Only the dwelling stock at the end of 2020 is real (CBS StatLine, CC BY 4.0); it is
read from the shared CBS table. Site positions are drawn with a fixed seed near plausible urban
places, inside each municipality's real CBS polygon shrunk by ``MARGE`` metres so that a site
stays in its municipality with generalised (CBS) as well as precise (PDOK) boundaries. The
shared polygons are only read here; no copy of them ends up in the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Transformer
from shapely import affinity
from shapely.geometry import Point, Polygon

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
SEED = 20210101
#: Minimum distance (m) of every site to its municipality's (generalised) border.
MARGE = 500.0
#: Minimum distance (m) between two sites.
AFSTAND = 180.0
PEILJAAR = 2020

GEMEENTEN = {
    "GM0518": "'s-Gravenhage",
    "GM0503": "Delft",
    "GM1916": "Leidschendam-Voorburg",
    "GM1842": "Midden-Delfland",
    "GM1926": "Pijnacker-Nootdorp",
    "GM0603": "Rijswijk",
    "GM0629": "Wassenaar",
    "GM1783": "Westland",
    "GM0637": "Zoetermeer",
}

#: Real CBS stock at the end of 2020 (see ../shared/geodata/README.md); checked against the table.
WONINGEN_2020 = {
    "GM0518": 265959,
    "GM0503": 51495,
    "GM1916": 36955,
    "GM1842": 7996,
    "GM1926": 21798,
    "GM0603": 27219,
    "GM0629": 12287,
    "GM1783": 45956,
    "GM0637": 56421,
}

#: Fictitious share of the stock that is affordable to the target group ("Meer Evenwicht":
#: The Hague and Delft high, the suburban and rural municipalities low).
DOELGROEP_AANDEEL = {
    "GM0518": 0.47,
    "GM0503": 0.44,
    "GM1916": 0.31,
    "GM1842": 0.24,
    "GM1926": 0.21,
    "GM0603": 0.40,
    "GM0629": 0.22,
    "GM1783": 0.27,
    "GM0637": 0.36,
}

#: Fictitious corporations: code -> (name, working area).
CORPORATIES = {
    "HOF": ("Woonstichting Hofstad", ["GM0518", "GM0603", "GM1916"]),
    "RES": ("Residentie Wonen", ["GM0518", "GM0503", "GM0603", "GM1916", "GM0637"]),
    "DLW": ("Delfts Wonen", ["GM0503", "GM1842", "GM1926"]),
    "WGW": ("Woongoed Westland", ["GM1783", "GM1842"]),
    "DUD": ("Stichting Duin en Dorp", ["GM0629", "GM1916", "GM0518"]),
    "PAL": ("Palensteyn Wonen", ["GM0637", "GM1926"]),
    "RWF": ("Rijswijks Woonfonds", ["GM0603", "GM0518", "GM0503"]),
    "VLW": ("Vlietland Wonen", ["GM1916", "GM0637", "GM0518"]),
    "KUS": ("Stichting Kustwonen", ["GM1783", "GM0518", "GM0629"]),
    "PLZ": ("Woonbouw Polderzicht", ["GM1926", "GM1842", "GM0637"]),
}

#: Plausible urban places (WGS84 lat, lon) per municipality; sites are drawn near them.
ANKERS = {
    "GM0518": {
        "Centrum": (52.078, 4.308),
        "Binckhorst": (52.073, 4.335),
        "Laakhaven": (52.068, 4.318),
        "Moerwijk": (52.050, 4.290),
        "Morgenstond": (52.047, 4.275),
        "Loosduinen": (52.055, 4.245),
        "Wateringse Veld": (52.040, 4.275),
        "Ypenburg": (52.040, 4.365),
        "Leidschenveen": (52.063, 4.395),
        "Bezuidenhout": (52.085, 4.330),
        "Mariahoeve": (52.090, 4.362),
        "Duinoord": (52.085, 4.285),
        "Scheveningen": (52.103, 4.285),
        "Transvaal": (52.065, 4.295),
        "Spoorwijk": (52.062, 4.322),
    },
    "GM0503": {
        "Centrum": (52.011, 4.358),
        "Tanthof": (51.990, 4.350),
        "Buitenhof": (52.010, 4.342),
        "TU-Noord": (51.997, 4.375),
        "Spoorzone": (52.005, 4.356),
        "Voorhof": (52.000, 4.348),
        "Schieweg": (52.020, 4.365),
    },
    "GM1916": {
        "Voorburg": (52.070, 4.362),
        "Leidschendam": (52.085, 4.395),
        "Stompwijk": (52.094, 4.458),
        "Damsigt": (52.080, 4.385),
        "Prinsenhof": (52.082, 4.410),
    },
    "GM1842": {
        "Schipluiden": (51.975, 4.315),
        "Maasland": (51.933, 4.272),
        "Den Hoorn": (51.983, 4.322),
    },
    "GM1926": {
        "Pijnacker": (52.019, 4.429),
        "Nootdorp": (52.045, 4.398),
        "Delfgauw": (52.012, 4.403),
        "Keijzershof": (52.030, 4.440),
    },
    "GM0603": {
        "Centrum": (52.036, 4.325),
        "Bogaard": (52.039, 4.318),
        "Plaspoelpolder": (52.046, 4.333),
        "Rijswijk Buiten": (52.027, 4.315),
        "Te Werve": (52.032, 4.308),
    },
    "GM0629": {
        "Centrum": (52.143, 4.400),
        "Kerkehout": (52.135, 4.385),
        "Maaldrift": (52.148, 4.425),
        "Oostdorp": (52.148, 4.410),
    },
    "GM1783": {
        "Naaldwijk": (51.994, 4.208),
        "Monster": (52.025, 4.175),
        "'s-Gravenzande": (52.002, 4.165),
        "Wateringen": (52.022, 4.270),
        "De Lier": (51.973, 4.249),
        "Poeldijk": (52.025, 4.220),
        "Honselersdijk": (52.006, 4.230),
        "Kwintsheul": (52.013, 4.253),
        "Maasdijk": (51.958, 4.209),
    },
    "GM0637": {
        "Centrum": (52.058, 4.494),
        "Oosterheem": (52.075, 4.510),
        "Rokkeveen": (52.045, 4.480),
        "Meerzicht": (52.062, 4.480),
        "Dorp": (52.060, 4.500),
        "Seghwaert": (52.070, 4.495),
        "Buytenwegh": (52.065, 4.470),
    },
}

# fmt: off
# Sites: bron_id, municipality, place, name, shape (ha for a polygon, None for a point), status,
# phase, daeb, soc_huur, goedk_koop, midden, bet_koop, overig, start, oplevering, remark.
LOCATIES = [
    # 's-Gravenhage
    ("DH-001", "GM0518", "Binckhorst", "Binckhorst-Zuid blok C", 2.4, "1A", 6, 180, 0, 0, 160, 60, 220, 2022, 2025, None),
    ("DH-002", "GM0518", "Binckhorst", "Binckhaven kavel 4", 1.8, "2B", 5, 220, 0, 0, 120, 0, 300, 2025, 2028, "Twee corporaties, twee opleverjaren"),
    ("DH-003", "GM0518", "Laakhaven", "Laakhaven-West kavel 2", 1.1, "1B", 5, 140, 0, 0, 80, 40, 60, 2024, 2026, None),
    ("DH-004", "GM0518", "Moerwijk", "Moerwijk-Oost herstructurering fase 1", 3.2, "2A", 6, 300, 0, 40, 60, 0, 0, 2024, 2027, "Vervangt 240 portiekwoningen die in 2024 worden gesloopt"),
    ("DH-005", "GM0518", "Moerwijk", "Moerwijk-Oost herstructurering fase 2", 2.6, "1C", 3, 260, 0, 0, 80, 40, 40, 2027, 2030, "Sloop van 180 woningen in 2026 gaat voor"),
    ("DH-006", "GM0518", "Morgenstond", "Morgenstond-Zuid Zichtlaan", 4.5, "1A", 7, 120, 20, 30, 50, 80, 100, 2019, 2022, "Opgeleverd"),
    ("DH-007", "GM0518", "Loosduinen", "Loosduinen Kraaienrand", None, "2A", 5, 48, 0, 0, 24, 0, 30, 2025, 2026, None),
    ("DH-008", "GM0518", "Wateringse Veld", "Wateringse Veld kavel 9", 1.5, "2C", 2, 90, 0, 30, 40, 60, 80, 2028, 2031, "30 DAEB-woningen nog zonder corporatie"),
    ("DH-009", "GM0518", "Ypenburg", "Ypenburg De Bras-Oost", 2.0, "1B", 4, 110, 0, 0, 60, 90, 120, 2025, 2028, None),
    ("DH-010", "GM0518", "Leidschenveen", "Leidschenveen Hoornwijck-Noord", 6.5, "3", 2, 250, 30, 50, 150, 150, 270, 2029, 2033, "Gefaseerd; deel DAEB nog niet toegewezen"),
    ("DH-011", "GM0518", "Bezuidenhout", "Bezuidenhout Schenkkade-Oost", 1.2, "2B", 5, 160, 0, 0, 100, 0, 140, 2025, 2027, None),
    ("DH-012", "GM0518", "Mariahoeve", "Mariahoeve winkelcentrum optopping", None, "1A", 6, 72, 0, 0, 36, 0, 0, 2023, 2025, None),
    ("DH-013", "GM0518", "Scheveningen", "Scheveningen Duinstraatkwartier", None, "4A", 1, 60, 0, 0, 40, 40, 80, 2029, 2032, "Bestuurlijk commitment, nog geen corporatie"),
    ("DH-014", "GM0518", "Transvaal", "Transvaalkwartier Pretoriablok", 0.8, "1A", 7, 96, 0, 12, 0, 0, 0, 2020, 2021, "Opgeleverd"),
    ("DH-015", "GM0518", "Spoorwijk", "Spoorwijk Broekslootkade-Zuid", 1.4, "4B", 0, 120, 0, 0, 60, 0, 60, None, 2034, "Zoeklocatie"),
    ("DH-016", "GM0518", "Centrum", "Centrum kavel Grote Marktstraat-Oost", None, "3", 1, 80, 0, 0, 120, 0, 200, 2028, 2031, None),
    ("DH-017", "GM0518", "Duinoord", "Duinoord Zeeheldenkwartier-Noord", None, "2C", 3, 36, 0, 0, 24, 0, 20, 2027, 2029, None),
    ("DH-018", "GM0518", "Binckhorst", "Binckhorst-Noord Maanwegkavel", 3.8, "1C", 3, 400, 0, 0, 250, 0, 450, 2026, 2030, "Twee corporaties"),
    # Delft
    ("DE-001", "GM0503", "Spoorzone", "Spoorzone Nieuw Delft blok 4", 2.2, "1A", 6, 150, 0, 0, 120, 50, 180, 2023, 2026, None),
    ("DE-002", "GM0503", "Spoorzone", "Spoorzone Nieuw Delft blok 7", 1.6, "1B", 4, 130, 0, 0, 90, 0, 160, 2026, 2028, "Twee corporaties"),
    ("DE-003", "GM0503", "Buitenhof", "Buitenhof Componistenhof", 2.8, "2A", 6, 220, 0, 20, 30, 0, 0, 2023, 2026, "Vervangt 150 woningen die in 2023 zijn gesloopt"),
    ("DE-004", "GM0503", "TU-Noord", "Campus-Noord studentenhuisvesting", 1.9, "2B", 5, 350, 0, 0, 0, 0, 50, 2025, 2027, "Onzelfstandige en zelfstandige studentenwoningen"),
    ("DE-005", "GM0503", "Tanthof", "Tanthof-Oost kavel Abtswoude", 0.9, "3", 2, 60, 0, 20, 0, 40, 0, 2028, 2030, None),
    ("DE-006", "GM0503", "Voorhof", "Voorhof transformatie hoogbouw", None, "2A", 7, 84, 0, 0, 0, 0, 0, 2021, 2022, "Opgeleverd"),
    ("DE-007", "GM0503", "Schieweg", "Schieoevers-Noord kavel B", 4.2, "1C", 3, 280, 0, 0, 200, 100, 320, 2026, 2030, "Gefaseerd"),
    ("DE-008", "GM0503", "Centrum", "Centrum Doelenplein-achter", None, "4A", 1, 30, 0, 0, 20, 0, 0, 2029, 2031, None),
    ("DE-009", "GM0503", "Schieweg", "Schieoevers-Zuid zoeklocatie", 5.5, "4B", 0, 200, 0, 0, 150, 0, 250, None, 2034, "Zoeklocatie"),
    # Leidschendam-Voorburg
    ("LV-001", "GM1916", "Voorburg", "Voorburg Westeindekavel", 1.3, "1A", 6, 90, 0, 0, 40, 30, 0, 2023, 2025, None),
    ("LV-002", "GM1916", "Damsigt", "Leidschendam Damsigt-Zuid", 2.1, "2B", 5, 120, 0, 0, 60, 60, 60, 2025, 2027, "Twee corporaties"),
    ("LV-003", "GM1916", "Leidschendam", "Leidschendam Oude Centrum kavel Sluis", None, "1B", 4, 40, 0, 0, 30, 0, 40, 2025, 2027, None),
    ("LV-004", "GM1916", "Prinsenhof", "Prinsenhof herstructurering", 2.7, "2A", 6, 160, 0, 20, 20, 0, 0, 2024, 2027, "Vervangt 110 woningen die in 2024 worden gesloopt"),
    ("LV-005", "GM1916", "Stompwijk", "Stompwijk Dorpsrand-Noord", 3.0, "3", 1, 40, 0, 20, 0, 60, 60, 2029, 2032, None),
    ("LV-006", "GM1916", "Voorburg", "Voorburg Station-Oost", None, "2C", 2, 70, 0, 0, 60, 0, 90, 2027, 2030, None),
    ("LV-007", "GM1916", "Leidschendam", "Leidschendam-Noord zoeklocatie Veenweide", 7.0, "4B", 0, 180, 0, 0, 100, 100, 200, None, 2035, "Zoeklocatie"),
    # Midden-Delfland
    ("MD-001", "GM1842", "Den Hoorn", "Den Hoorn Dorpsrand kavel 2", 2.5, "1A", 6, 60, 0, 20, 0, 40, 80, 2023, 2025, None),
    ("MD-002", "GM1842", "Schipluiden", "Schipluiden Keenenburg-Zuid", 1.6, "2B", 4, 40, 0, 10, 0, 30, 40, 2025, 2027, None),
    ("MD-003", "GM1842", "Maasland", "Maasland Sluisjesdijk-Oost", 2.2, "3", 2, 50, 0, 20, 0, 30, 50, 2028, 2031, "Twee corporaties"),
    ("MD-004", "GM1842", "Maasland", "Maasland Commandeurspolder-Noord", None, "4A", 1, 45, 0, 0, 0, 0, 60, 2029, 2032, None),
    # Pijnacker-Nootdorp
    ("PN-001", "GM1926", "Nootdorp", "Nootdorp-Oost kavel Veenweg", 3.4, "1A", 6, 110, 0, 30, 40, 80, 120, 2022, 2024, None),
    ("PN-002", "GM1926", "Pijnacker", "Pijnacker Centrum Stationsplein", None, "2A", 5, 64, 0, 0, 32, 0, 0, 2024, 2026, None),
    ("PN-003", "GM1926", "Delfgauw", "Delfgauw Tuinderij-West", 4.8, "1B", 4, 150, 0, 40, 60, 120, 200, 2025, 2029, "Gefaseerd"),
    ("PN-004", "GM1926", "Keijzershof", "Pijnacker-Noord Keijzershof-Oost", 5.0, "1C", 3, 180, 0, 40, 80, 100, 150, 2027, 2030, "Twee corporaties"),
    ("PN-005", "GM1926", "Nootdorp", "Nootdorp kavel Tuinderslaan", None, "2C", 2, 40, 0, 0, 0, 40, 20, 2028, 2030, None),
    ("PN-006", "GM1926", "Pijnacker", "Pijnacker-Zuid zoekgebied Tuindersgebied", 7.5, "4B", 0, 250, 0, 60, 80, 120, 240, None, 2035, "Zoeklocatie"),
    # Rijswijk
    ("RW-001", "GM0603", "Plaspoelpolder", "Plaspoelpolder transformatie kantoren blok A", 1.4, "2A", 6, 200, 0, 0, 150, 0, 150, 2023, 2026, None),
    ("RW-002", "GM0603", "Plaspoelpolder", "Plaspoelpolder blok D", 1.9, "1C", 3, 240, 0, 0, 160, 0, 200, 2027, 2030, "Twee corporaties"),
    ("RW-003", "GM0603", "Bogaard", "Bogaardplein-Noord optopping", None, "1A", 6, 80, 0, 0, 40, 0, 0, 2023, 2025, None),
    ("RW-004", "GM0603", "Rijswijk Buiten", "Rijswijk Buiten kavel Lange Kleiweg", 5.5, "1B", 5, 120, 0, 40, 80, 160, 200, 2024, 2029, "Gefaseerd"),
    ("RW-005", "GM0603", "Centrum", "Oud-Rijswijk Kerklaan-Noord", None, "3", 1, 50, 0, 0, 30, 0, 20, 2028, 2030, None),
    ("RW-006", "GM0603", "Te Werve", "Te Werve-Zuid herstructurering", 2.0, "2B", 5, 150, 0, 10, 20, 0, 0, 2025, 2028, "Vervangt 96 woningen die in 2025 worden gesloopt"),
    ("RW-007", "GM0603", "Plaspoelpolder", "Plaspoelpolder-Oost zoeklocatie", 3.0, "4A", 1, 180, 0, 0, 120, 0, 150, 2030, 2033, None),
    # Wassenaar
    ("WA-001", "GM0629", "Centrum", "Wassenaar Langstraat-Oost", None, "1A", 7, 28, 0, 0, 12, 0, 0, 2020, 2022, "Opgeleverd"),
    ("WA-002", "GM0629", "Kerkehout", "Wassenaar Kerkehout-Zuid", 2.0, "2B", 4, 70, 0, 10, 30, 40, 50, 2025, 2028, None),
    ("WA-003", "GM0629", "Oostdorp", "Oostdorp herstructurering", 1.6, "1C", 3, 90, 0, 10, 20, 0, 0, 2026, 2029, "Vervangt 40 woningen die in 2025 worden gesloopt"),
    ("WA-004", "GM0629", "Maaldrift", "Maaldrift kavel Noord", 6.0, "3", 1, 80, 0, 30, 0, 60, 150, 2029, 2033, None),
    ("WA-005", "GM0629", "Centrum", "Wassenaar zoeklocatie Dorpsrand-Oost", 3.5, "4B", 0, 60, 0, 0, 0, 0, 40, None, 2034, "Zoeklocatie"),
    # Westland
    ("WL-001", "GM1783", "Naaldwijk", "Naaldwijk Hoogeland-West kavel 3", 3.5, "1A", 6, 130, 0, 30, 40, 90, 160, 2023, 2026, None),
    ("WL-002", "GM1783", "Monster", "Monster tuinbouwlocatie Molenweg", 4.0, "2A", 5, 90, 0, 40, 0, 80, 140, 2024, 2027, None),
    ("WL-003", "GM1783", "'s-Gravenzande", "'s-Gravenzande kavel Nieuweweg-Zuid", 2.6, "1B", 4, 80, 0, 20, 20, 60, 100, 2025, 2028, "Gefaseerd"),
    ("WL-004", "GM1783", "Wateringen", "Wateringen tuinbouwcluster-Oost", 3.0, "1C", 3, 110, 0, 30, 40, 70, 100, 2027, 2030, "Twee corporaties"),
    ("WL-005", "GM1783", "De Lier", "De Lier-Noord kassengebied", 5.0, "3", 1, 120, 0, 40, 0, 100, 180, 2028, 2032, None),
    ("WL-006", "GM1783", "Poeldijk", "Poeldijk dorpskern kavel Noord", None, "2B", 5, 36, 0, 0, 16, 0, 0, 2025, 2026, None),
    ("WL-007", "GM1783", "Honselersdijk", "Honselersdijk herstructurering Rozenbuurt", 1.8, "2A", 6, 96, 0, 10, 0, 0, 0, 2024, 2026, "Vervangt 60 woningen die in 2023 zijn gesloopt"),
    ("WL-008", "GM1783", "Kwintsheul", "Kwintsheul-Oost zoeklocatie", 4.5, "4A", 1, 70, 0, 0, 0, 60, 100, 2030, 2033, None),
    ("WL-009", "GM1783", "Maasdijk", "Maasdijk zoeklocatie Kassen-Noord", 6.0, "4B", 0, 90, 0, 30, 0, 80, 150, None, 2035, "Zoeklocatie"),
    ("WL-010", "GM1783", "Naaldwijk", "Naaldwijk Centrum Wilhelminastraat-achter", None, "2C", 2, 44, 0, 0, 20, 0, 0, 2027, 2029, None),
    # Zoetermeer
    ("ZM-001", "GM0637", "Centrum", "Stadshart kavel Markt-Zuid", 1.2, "1A", 6, 220, 0, 0, 160, 0, 200, 2023, 2026, None),
    ("ZM-002", "GM0637", "Centrum", "Stadshart-Oost hoogbouw", None, "2B", 5, 180, 0, 0, 120, 0, 300, 2025, 2028, "Twee corporaties"),
    ("ZM-003", "GM0637", "Oosterheem", "Oosterheem kavel Bergenland", 3.2, "1B", 4, 110, 0, 30, 40, 100, 120, 2025, 2028, None),
    ("ZM-004", "GM0637", "Rokkeveen", "Rokkeveen-Oost kantorenstrip", 2.4, "2A", 7, 150, 0, 0, 60, 0, 0, 2020, 2022, "Opgeleverd"),
    ("ZM-005", "GM0637", "Meerzicht", "Meerzicht herstructurering fase 1", 2.2, "1C", 3, 190, 0, 20, 30, 0, 0, 2026, 2029, "Vervangt 120 woningen die in 2026 worden gesloopt"),
    ("ZM-006", "GM0637", "Seghwaert", "Seghwaert winkelcentrum-Noord", None, "3", 2, 60, 0, 0, 40, 0, 60, 2028, 2030, None),
    ("ZM-007", "GM0637", "Dorp", "Dorp-Oost kavel Dorpsstraat", None, "2C", 2, 40, 0, 0, 20, 0, 30, 2027, 2029, None),
    ("ZM-008", "GM0637", "Buytenwegh", "Buytenwegh zoeklocatie De Leyens-Zuid", 2.8, "4A", 1, 140, 0, 0, 80, 0, 100, 2030, 2032, None),
    ("ZM-009", "GM0637", "Oosterheem", "Oosterheem-Noord zoekgebied", 7.8, "4B", 0, 200, 0, 50, 80, 120, 250, None, 2035, "Zoeklocatie"),
]

#: Assignments of DAEB units: bron_id -> [(corporation code, daeb, delivery year)].
TOEWIJZINGEN = {
    "DH-001": [("HOF", 180, 2025)],
    "DH-002": [("HOF", 120, 2027), ("RES", 100, 2028)],
    "DH-003": [("RES", 140, 2026)],
    "DH-004": [("HOF", 300, 2027)],
    "DH-005": [("HOF", 160, 2029), ("HOF", 100, 2030)],
    "DH-006": [("KUS", 120, 2022)],
    "DH-007": [("KUS", 48, 2026)],
    "DH-008": [("RES", 60, 2031)],
    "DH-009": [("VLW", 110, 2028)],
    "DH-010": [("RES", 120, 2031), ("VLW", 80, 2033)],
    "DH-011": [("RES", 160, 2027)],
    "DH-012": [("HOF", 72, 2025)],
    "DH-014": [("RES", 96, 2021)],
    "DH-016": [("HOF", 80, 2031)],
    "DH-017": [("DUD", 36, 2029)],
    "DH-018": [("HOF", 200, 2029), ("RES", 200, 2030)],
    "DE-001": [("DLW", 150, 2026)],
    "DE-002": [("DLW", 70, 2028), ("RES", 60, 2028)],
    "DE-003": [("DLW", 220, 2026)],
    "DE-004": [("RWF", 200, 2027), ("DLW", 150, 2027)],
    "DE-005": [("DLW", 60, 2030)],
    "DE-006": [("DLW", 84, 2022)],
    "DE-007": [("RES", 140, 2029), ("RES", 140, 2030)],
    "LV-001": [("VLW", 90, 2025)],
    "LV-002": [("VLW", 60, 2027), ("DUD", 60, 2027)],
    "LV-003": [("DUD", 40, 2027)],
    "LV-004": [("VLW", 160, 2027)],
    "LV-005": [("DUD", 20, 2032)],
    "LV-006": [("RES", 70, 2030)],
    "MD-001": [("WGW", 60, 2025)],
    "MD-002": [("DLW", 40, 2027)],
    "MD-003": [("WGW", 30, 2030), ("PLZ", 20, 2031)],
    "PN-001": [("PLZ", 110, 2024)],
    "PN-002": [("PAL", 64, 2026)],
    "PN-003": [("PLZ", 80, 2027), ("PLZ", 70, 2029)],
    "PN-004": [("PLZ", 100, 2029), ("DLW", 80, 2030)],
    "PN-005": [("PAL", 20, 2030)],
    "RW-001": [("RWF", 200, 2026)],
    "RW-002": [("RWF", 120, 2029), ("HOF", 120, 2030)],
    "RW-003": [("RWF", 80, 2025)],
    "RW-004": [("RES", 60, 2026), ("RES", 60, 2029)],
    "RW-006": [("RWF", 150, 2028)],
    "WA-001": [("DUD", 28, 2022)],
    "WA-002": [("DUD", 70, 2028)],
    "WA-003": [("DUD", 50, 2029), ("KUS", 40, 2029)],
    "WA-004": [("KUS", 40, 2033)],
    "WL-001": [("WGW", 130, 2026)],
    "WL-002": [("KUS", 90, 2027)],
    "WL-003": [("WGW", 40, 2027), ("WGW", 40, 2028)],
    "WL-004": [("WGW", 60, 2029), ("KUS", 50, 2030)],
    "WL-005": [("WGW", 60, 2031)],
    "WL-006": [("WGW", 36, 2026)],
    "WL-007": [("WGW", 96, 2026)],
    "WL-010": [("WGW", 44, 2029)],
    "ZM-001": [("PAL", 220, 2026)],
    "ZM-002": [("PAL", 100, 2028), ("VLW", 80, 2028)],
    "ZM-003": [("PAL", 110, 2028)],
    "ZM-004": [("VLW", 150, 2022)],
    "ZM-005": [("PAL", 190, 2029)],
    "ZM-006": [("PLZ", 60, 2030)],
    "ZM-007": [("PAL", 40, 2029)],
}

#: Removals: municipality, bron_id of the site it makes room for (or None), corporation code,
#: year, number, kind, remark.
ONTTREKKINGEN = [
    ("GM0518", "DH-004", "HOF", 2024, 240, "sloop", "Sloop portiekflats Moerwijk-Oost fase 1 voor nieuwbouw"),
    ("GM0518", "DH-005", "HOF", 2026, 180, "sloop", "Sloop portiekflats Moerwijk-Oost fase 2 voor nieuwbouw"),
    ("GM0518", None, "RES", 2022, 120, "verkoop", "Verkoop verspreid bezit"),
    ("GM0518", None, "HOF", 2023, 80, "liberalisatie", "Liberalisatie bij mutatie"),
    ("GM0503", "DE-003", "DLW", 2023, 150, "sloop", "Sloop galerijflats Buitenhof voor nieuwbouw"),
    ("GM0503", None, "DLW", 2024, 36, "samenvoeging", "Samenvoeging studentenkamers tot zelfstandige woningen"),
    ("GM1916", "LV-004", "VLW", 2024, 110, "sloop", "Sloop eengezinswoningen Prinsenhof voor nieuwbouw"),
    ("GM1916", None, "VLW", 2025, 20, "overig", "Functiewijziging naar zorgwoningen buiten de doelgroep"),
    ("GM1842", None, "WGW", 2024, 12, "verkoop", "Verkoop aan zittende huurders"),
    ("GM1926", None, "PLZ", 2024, 30, "verkoop", "Verkoop verspreid bezit"),
    ("GM0603", "RW-006", "RWF", 2025, 96, "sloop", "Sloop portiekflats Te Werve voor nieuwbouw"),
    ("GM0603", None, "RWF", 2026, 30, "liberalisatie", "Liberalisatie bij mutatie"),
    ("GM0629", "WA-003", "DUD", 2025, 40, "sloop", "Sloop duplexwoningen Oostdorp voor nieuwbouw"),
    ("GM0629", None, "DUD", 2023, 25, "verkoop", "Verkoop verspreid bezit"),
    ("GM1783", "WL-007", "WGW", 2023, 60, "sloop", "Sloop Rozenbuurt voor nieuwbouw"),
    ("GM1783", None, "WGW", 2025, 40, "liberalisatie", "Liberalisatie bij mutatie"),
    ("GM0637", "ZM-005", "PAL", 2026, 120, "sloop", "Sloop flats Meerzicht voor nieuwbouw"),
    ("GM0637", None, "VLW", 2022, 50, "verkoop", "Verkoop aan zittende huurders"),
]

#: Bids (DAEB new build 2021-2030): municipality -> original, sharpened (None: not sharpened).
#: The Hague, Delft, Rijswijk and Zoetermeer can meet their bid with hard and soft plans up to
#: 2030; the municipalities that must catch up under "Meer Evenwicht" cannot yet (bottlenecks).
BIEDINGEN = {
    "GM0518": (2000, 2100),
    "GM0503": (1100, 1250),
    "GM1916": (600, 750),
    "GM1842": (200, None),
    "GM1926": (600, 700),
    "GM0603": (800, None),
    "GM0629": (300, 400),
    "GM1783": (900, 1100),
    "GM0637": (850, 950),
}
# fmt: on
DATUM_ORIGINEEL = "2021-03-31"
DATUM_AANGESCHERPT = "2022-11-15"


# --------------------------------------------------------------------------- generation


def _lees_grenzen(shared: Path) -> dict[str, object]:
    gdf = gpd.read_file(shared / "cbs_gemeenten_2023.geojson")
    gdf = gdf[gdf["gemeentecode"].isin(list(GEMEENTEN))].to_crs(28992)
    grenzen = {r.gemeentecode: shapely.make_valid(r.geometry) for r in gdf.itertuples()}
    ontbreekt = set(GEMEENTEN) - set(grenzen)
    if ontbreekt:
        raise SystemExit(f"gemeenten ontbreken in de CBS-grenzen: {sorted(ontbreekt)}")
    return grenzen


def schrijf_grenzen(shared: Path, uit: Path) -> None:
    """The nine Haaglanden polygons (code, name, geometry; EPSG:4326 as delivered, 6 decimals)
    that the demo shows without internet (allowed by ../shared/geodata/README.md)."""
    gdf = gpd.read_file(shared / "cbs_gemeenten_2023.geojson")
    gdf = gdf[gdf["gemeentecode"].isin(list(GEMEENTEN))][
        ["gemeentecode", "gemeentenaam", "geometry"]
    ]
    gdf.sort_values("gemeentecode").to_file(
        uit / "gemeenten.geojson", driver="GeoJSON", COORDINATE_PRECISION=6, RFC7946="YES"
    )


def _controleer_voorraad(shared: Path) -> None:
    with open(shared / "cbs_woningvoorraad_mutaties_2012-2020.csv", encoding="utf-8") as f:
        for rij in csv.DictReader(f, delimiter=";"):
            code = rij["RegioS"].strip()
            if code in WONINGEN_2020 and rij["Perioden"].strip() == "2020JJ00":
                waarde = int(rij["EindstandVoorraad_8"])
                if waarde != WONINGEN_2020[code]:
                    raise SystemExit(
                        f"{code}: CBS zegt {waarde}, script zegt {WONINGEN_2020[code]}"
                    )


#: Fictitious cases of working agreement 5b (issue 11): per municipality opportunities (kans) and
#: bottlenecks (knelpunt) with linked sites (bron_id), solution directions, the potential per
#: delivery year (jaar, extra DAEB, extra other target-group dwellings) and the parties'
#: contributions (party, corporation code or None, what, kind, amount or None, status).
CASUSSEN = [
    (
        "GM0518",
        "knelpunt",
        "Moerwijk-Oost: sloop vóór nieuwbouw",
        "Sloop van 240 en 180 portiekwoningen gaat de nieuwbouw voor; de doelgroepvoorraad daalt in 2024 en 2026.",
        "financiële haalbaarheid",
        [2, 4],
        "in gesprek",
        ["DH-004", "DH-005"],
        [
            ("Sloop fase 2 pas na oplevering fase 1", "in onderzoek"),
            ("Tijdelijke verhuur van te slopen woningen", "voorgesteld"),
        ],
        [],
        [
            (
                "gemeente",
                None,
                "Versnelt de omgevingsvergunning fase 2",
                "procedure",
                None,
                "toegezegd",
            ),
            (
                "corporatie",
                "HOF",
                "Fasering van de sloop heroverwegen",
                "anders",
                None,
                "in uitvoering",
            ),
            (
                "provincie",
                None,
                "Woningbouwimpuls aanvragen voor de onrendabele top",
                "financiering/subsidie",
                1500000,
                "toegezegd",
            ),
        ],
    ),
    (
        "GM0518",
        "kans",
        "Binckhorst-Noord: extra DAEB in Maanwegkavel",
        "Door een hogere dichtheid kunnen 60 extra DAEB-woningen worden toegevoegd.",
        "grondpositie",
        [1],
        "open",
        ["DH-018"],
        [("Grondruil met de gemeente", "voorgesteld")],
        [(2029, 40, 0), (2030, 20, 10)],
        [
            ("gemeente", None, "Onderzoekt de grondruil", "grond", None, "toegezegd"),
            ("corporatie", "RES", "Neemt de extra DAEB-woningen af", "anders", None, "toegezegd"),
        ],
    ),
    (
        "GM0503",
        "kans",
        "Spoorzone: sociale huur in blok 7",
        "Extra sociale huur door transformatie van de plint.",
        "marktomstandigheden",
        [1, 3],
        "in gesprek",
        ["DE-002"],
        [("Plint als woningen bestemmen", "gekozen")],
        [(2027, 35, 15)],
        [
            ("gemeente", None, "Past het bestemmingsplan aan", "procedure", None, "in uitvoering"),
            ("corporatie", "DLW", "Koopt 35 woningen af", "anders", 7000000, "toegezegd"),
        ],
    ),
    (
        "GM0503",
        "knelpunt",
        "Schieoevers: netcongestie",
        "De netbeheerder kan pas vanaf 2028 aansluiten.",
        "netcongestie",
        [2],
        "open",
        ["DE-007", "DE-009"],
        [("Tijdelijke batterijopslag", "voorgesteld")],
        [],
        [
            (
                "provincie",
                None,
                "Agendeert de aansluiting bij de netbeheerder",
                "lobby",
                None,
                "toegezegd",
            )
        ],
    ),
    (
        "GM1916",
        "kans",
        "Prinsenhof: verdichting bij herstructurering",
        "Bij de herstructurering kunnen 40 extra DAEB-woningen worden gebouwd.",
        "ruimtelijke procedure/bezwaar",
        [1],
        "open",
        ["LV-004"],
        [("Extra bouwlaag", "in onderzoek")],
        [(2028, 40, 0)],
        [
            (
                "corporatie",
                "VLW",
                "Werkt een variant met een extra bouwlaag uit",
                "capaciteit",
                None,
                "toegezegd",
            )
        ],
    ),
    (
        "GM1842",
        "knelpunt",
        "Maasland: stikstofdepositie",
        "De stikstofberekening blokkeert de vergunning voor Commandeurspolder-Noord.",
        "stikstof",
        [2],
        "in gesprek",
        ["MD-004"],
        [("Bouwvrijstelling onderzoeken", "in onderzoek"), ("Extern salderen", "afgewezen")],
        [],
        [
            (
                "gemeente",
                None,
                "Laat een nieuwe AERIUS-berekening maken",
                "procedure",
                25000,
                "in uitvoering",
            ),
            ("provincie", None, "Denkt mee over extern salderen", "procedure", None, "toegezegd"),
        ],
    ),
    (
        "GM1926",
        "kans",
        "Pijnacker-Zuid: sociale huur in het zoekgebied",
        "In het zoekgebied Tuindersgebied kan een deel sociale huur worden.",
        "grondpositie",
        [1, 3],
        "open",
        ["PN-006"],
        [("Gemeentelijke grondpositie inzetten", "voorgesteld")],
        [(2029, 50, 20), (2030, 30, 10)],
        [("gemeente", None, "Zet eigen grond in", "grond", None, "toegezegd")],
    ),
    (
        "GM0603",
        "knelpunt",
        "Plaspoelpolder: parkeernorm kantoortransformatie",
        "De parkeernorm maakt kleine sociale huurwoningen onhaalbaar.",
        "parkeernorm",
        [2],
        "opgelost",
        ["RW-001"],
        [("Lagere parkeernorm bij goed OV", "uitgevoerd")],
        [],
        [("gemeente", None, "Heeft de parkeernota aangepast", "procedure", None, "geleverd")],
    ),
    (
        "GM0629",
        "knelpunt",
        "Wassenaar: ambtelijke capaciteit",
        "Te weinig capaciteit om de plannen in procedure te brengen.",
        "ambtelijke capaciteit",
        [2, 3],
        "open",
        [],
        [("Inhuur via de regio", "voorgesteld")],
        [],
        [("provincie", None, "Flexpool van planologen", "capaciteit", None, "toegezegd")],
    ),
    (
        "GM1783",
        "kans",
        "Westland: tuinbouwlocatie Molenweg",
        "Extra doelgroepwoningen op de vrijkomende tuinbouwlocatie.",
        "bodem/milieu",
        [1],
        "open",
        ["WL-002"],
        [("Bodemsanering combineren met bouwrijp maken", "in onderzoek")],
        [(2028, 25, 15)],
        [("corporatie", "WGW", "Neemt 25 DAEB-woningen af", "anders", None, "toegezegd")],
    ),
    (
        "GM0637",
        "knelpunt",
        "Zoetermeer: marktomstandigheden",
        "Stijgende bouwkosten zetten sociale huur onder druk.",
        "marktomstandigheden",
        [2, 3],
        "open",
        [],
        [("Regionale bouwstroom", "voorgesteld")],
        [],
        [("provincie", None, "Onderzoekt een regionale bouwstroom", "lobby", None, "toegezegd")],
    ),
]


def _vorm(rng: random.Random, midden: tuple[float, float], hectare: float) -> Polygon:
    """A plausible block: rectangle, rectangle with a cut corner, or L-shape, rotated."""
    doel = hectare * 10000.0
    verhouding = rng.uniform(1.0, 2.2)
    b = math.sqrt(doel * verhouding)
    h = doel / b
    soort = rng.choice(["rechthoek", "schuin", "L"])
    if soort == "rechthoek":
        punten = [(0, 0), (b, 0), (b, h), (0, h)]
    elif soort == "schuin":
        punten = [(0, 0), (b, 0), (b, 0.6 * h), (0.7 * b, h), (0, h)]
    else:
        punten = [(0, 0), (b, 0), (b, 0.45 * h), (0.5 * b, 0.45 * h), (0.5 * b, h), (0, h)]
    vlak = Polygon(punten)
    vlak = affinity.scale(vlak, math.sqrt(doel / vlak.area), math.sqrt(doel / vlak.area))
    vlak = affinity.rotate(vlak, rng.uniform(0, 180), origin="centroid")
    c = vlak.centroid
    return affinity.translate(vlak, midden[0] - c.x, midden[1] - c.y)


def _afgerond(geom: Point | Polygon) -> Point | Polygon:
    geom = shapely.set_precision(geom, 0.1)
    if geom.geom_type == "Polygon":
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    return geom


def plaats_locaties(grenzen: dict[str, object]) -> dict[str, Point | Polygon]:
    """Draw a geometry for every site near its place, inside its shrunk municipality."""
    rng = random.Random(SEED)
    naar_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    binnen = {code: g.buffer(-MARGE) for code, g in grenzen.items()}
    geplaatst: dict[str, Point | Polygon] = {}
    for loc in LOCATIES:
        bron_id, gemeente, anker, _naam, ha = loc[0], loc[1], loc[2], loc[3], loc[4]
        lat, lon = ANKERS[gemeente][anker]
        ax, ay = naar_rd.transform(lon, lat)
        for poging in range(2000):
            straal = min(250.0 + 5.0 * poging, 2500.0)
            hoek = rng.uniform(0, 2 * math.pi)
            r = straal * math.sqrt(rng.random())
            midden = (ax + r * math.cos(hoek), ay + r * math.sin(hoek))
            geom = Point(midden) if ha is None else _vorm(rng, midden, ha)
            geom = _afgerond(geom)
            if not geom.is_valid or not binnen[gemeente].contains(geom):
                continue
            if any(geom.distance(ander) < AFSTAND for ander in geplaatst.values()):
                continue
            geplaatst[bron_id] = geom
            break
        else:
            raise SystemExit(f"{bron_id}: geen plek gevonden bij {anker}")
    return geplaatst


def _controleer(geplaatst: dict[str, Point | Polygon], grenzen: dict[str, object]) -> None:
    """Every site inside its own municipality; assignments and removals consistent."""
    from locatieplanner.domein.model import STATUSSEN

    statussen = {loc[5] for loc in LOCATIES}
    if statussen != set(STATUSSEN):
        raise SystemExit(f"statussen ontbreken: {sorted(set(STATUSSEN) - statussen)}")
    per_id = {loc[0]: loc for loc in LOCATIES}
    if len(per_id) != len(LOCATIES):
        raise SystemExit("dubbele bron_id")
    for loc in LOCATIES:
        bron_id, gemeente, ha = loc[0], loc[1], loc[4]
        geom = geplaatst[bron_id]
        for code, grens in grenzen.items():
            if code != gemeente and geom.intersects(grens):
                raise SystemExit(f"{bron_id} raakt {code}")
        if not grenzen[gemeente].contains(geom):
            raise SystemExit(f"{bron_id} ligt niet in {gemeente}")
        if ha is not None and not 5000 <= geom.area <= 80000:
            raise SystemExit(f"{bron_id}: oppervlak {geom.area:.0f} m2")
    for bron_id, rijen in TOEWIJZINGEN.items():
        loc = per_id[bron_id]
        if sum(r[1] for r in rijen) > loc[7]:
            raise SystemExit(f"{bron_id}: meer toegewezen dan daeb")
        for corp, _aantal, jaar in rijen:
            if loc[1] not in CORPORATIES[corp][1]:
                raise SystemExit(f"{bron_id}: {corp} werkt niet in {loc[1]}")
            if loc[13] is not None and jaar < loc[13]:
                raise SystemExit(f"{bron_id}: oplevering {jaar} voor start")
    for gemeente, bron_id, corp, jaar, _aantal, _soort, _opm in ONTTREKKINGEN:
        if gemeente not in CORPORATIES[corp][1]:
            raise SystemExit(f"onttrekking {gemeente}: {corp} werkt daar niet")
        if bron_id is not None and (per_id[bron_id][1] != gemeente or per_id[bron_id][14] <= jaar):
            raise SystemExit(f"onttrekking {bron_id}: gemeente of jaar klopt niet")


def _schrijf_csv(pad: Path, kop: list[str], rijen: list[list[object]]) -> None:
    with open(pad, "w", encoding="utf-8", newline="") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow(kop)
        for rij in rijen:
            schrijver.writerow(["" if w is None else w for w in rij])


def _geojson(geplaatst: dict[str, Point | Polygon]) -> str:
    kop = {
        "type": "FeatureCollection",
        "name": "locaties",
        "description": "FICTIEVE voorbeeldlocaties voor locatieplanner (geen echte plannen)",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
    }
    regels = []
    for loc in LOCATIES:
        (
            bron_id,
            gemeente,
            _anker,
            naam,
            _ha,
            status,
            fase,
            daeb,
            soc_huur,
            goedk_koop,
            midden,
            bet_koop,
            overig,
            start,
            oplevering,
            opmerking,
        ) = loc
        eigenschappen = {
            "bron_id": bron_id,
            "naam": naam,
            "gemeente": gemeente,
            "status": status,
            "fase": fase,
            "daeb": daeb,
            "soc_huur": soc_huur,
            "goedk_koop": goedk_koop,
            "midden": midden,
            "bet_koop": bet_koop,
            "overig": overig,
            "start": start,
            "oplevering": oplevering,
            "opmerking": "Fictief voorbeeld" + (f". {opmerking}" if opmerking else ""),
        }
        feature = {
            "type": "Feature",
            "properties": eigenschappen,
            "geometry": shapely.geometry.mapping(geplaatst[bron_id]),
        }
        regels.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    tekst = json.dumps(kop, ensure_ascii=False)[:-1] + ', "features": [\n'
    return tekst + ",\n".join(regels) + "\n]}\n"


def schrijf(uit: Path, geplaatst: dict[str, Point | Polygon]) -> None:
    uit.mkdir(parents=True, exist_ok=True)
    _schrijf_csv(
        uit / "voorraad.csv",
        ["gemeente", "woningen", "doelgroep", "peiljaar"],
        [
            [c, WONINGEN_2020[c], int(round(WONINGEN_2020[c] * DOELGROEP_AANDEEL[c], -1)), PEILJAAR]
            for c in GEMEENTEN
        ],
    )
    _schrijf_csv(
        uit / "corporaties.csv",
        ["naam", "code", "gemeenten"],
        [[naam, code, ",".join(gebied)] for code, (naam, gebied) in CORPORATIES.items()],
    )
    (uit / "locaties.geojson").write_text(_geojson(geplaatst), encoding="utf-8")
    gemeente_van = {loc[0]: loc[1] for loc in LOCATIES}
    _schrijf_csv(
        uit / "toewijzingen.csv",
        ["bron_id", "gemeente", "corporatie", "daeb", "oplevering"],
        [
            [bron_id, gemeente_van[bron_id], CORPORATIES[corp][0], aantal, jaar]
            for bron_id, rijen in TOEWIJZINGEN.items()
            for corp, aantal, jaar in rijen
        ],
    )
    _schrijf_csv(
        uit / "onttrekkingen.csv",
        ["gemeente", "bron_id", "corporatie", "jaar", "aantal", "soort", "opmerking"],
        [
            [g, b, CORPORATIES[c][0], j, a, s, f"Fictief. {o}"]
            for g, b, c, j, a, s, o in ONTTREKKINGEN
        ],
    )
    rijen: list[list[object]] = []
    for code, (origineel, aangescherpt) in BIEDINGEN.items():
        rijen.append(
            [
                code,
                "origineel",
                DATUM_ORIGINEEL,
                origineel,
                "Fictief bod bij de start van de afspraken",
            ]
        )
        if aangescherpt is not None:
            rijen.append(
                [
                    code,
                    "aangescherpt",
                    DATUM_AANGESCHERPT,
                    aangescherpt,
                    "Fictief aangescherpt bod na de regionale monitor",
                ]
            )
    _schrijf_csv(uit / "biedingen.csv", ["gemeente", "versie", "datum", "daeb", "opmerking"], rijen)
    schrijf_casussen(uit)


def schrijf_casussen(uit: Path) -> None:
    """The cases and contributions in the format of ``locatieplanner casussen importeer``; the
    linked sites by the id they get when the demo loads the sites in file order into an empty
    database (``laad_demo`` checks that)."""
    from locatieplanner.uitwisseling.casussen import KOLOMMEN_BIJDRAGE, KOLOMMEN_CASUS

    volgnummer = {loc[0]: i for i, loc in enumerate(LOCATIES, start=1)}
    casussen: list[list[object]] = []
    bijdragen: list[list[object]] = []
    for nummer, (
        g,
        soort,
        titel,
        tekst,
        cat,
        vragen,
        status,
        locs,
        richtingen,
        potentieel,
        partijen,
    ) in enumerate(CASUSSEN, start=1):
        casussen.append(
            [
                nummer,
                g,
                soort,
                titel,
                f"Fictief. {tekst}",
                cat,
                ",".join(map(str, vragen)),
                status,
                "gemeente",
                None,
                ",".join(str(volgnummer[b]) for b in locs),
                json.dumps([{"tekst": t, "status": st} for t, st in richtingen], ensure_ascii=False)
                if richtingen
                else None,
                json.dumps([{"jaar": j, "daeb": d, "overig": o} for j, d, o in potentieel])
                if potentieel
                else None,
                None,
            ]
        )
        for partij, corp, wat, bijdragesoort, bedrag, bijdragestatus in partijen:
            naam = CORPORATIES[corp][0] if corp else None
            bijdragen.append(
                [
                    len(bijdragen) + 1,
                    nummer,
                    partij,
                    naam,
                    wat,
                    bijdragesoort,
                    bedrag,
                    bijdragestatus,
                ]
            )
    _schrijf_csv(uit / "casussen.csv", list(KOLOMMEN_CASUS), casussen)
    _schrijf_csv(uit / "casussen_bijdragen.csv", list(KOLOMMEN_BIJDRAGE), bijdragen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "geodata")
    parser.add_argument("--uit", type=Path, default=ROOT / "geodata")
    args = parser.parse_args(argv)
    _controleer_voorraad(args.shared)
    grenzen = _lees_grenzen(args.shared)
    geplaatst = plaats_locaties(grenzen)
    _controleer(geplaatst, grenzen)
    schrijf(args.uit, geplaatst)
    schrijf_grenzen(args.shared, args.uit)
    print(
        f"{len(LOCATIES)} locaties, {sum(len(r) for r in TOEWIJZINGEN.values())} toewijzingen, "
        f"{len(ONTTREKKINGEN)} onttrekkingen geschreven naar {args.uit}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
