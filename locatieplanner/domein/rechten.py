"""Who may do what: accounts, their roles and the one set of authorization rules.

Every entry point (web pages, the REST API, the CLI, imports and exports) asks these rules through
the store, which acts on behalf of one :class:`Account`; nothing above the store decides rights
itself. A refusal is :class:`~locatieplanner.errors.GeenToegang` with a Dutch message that names
the account, what it tried and what its role allows.

Roles (regional agreement Haaglanden 2021-2030):

- ``gemeente``: a planner of one or more municipalities; edits the sites, assignments, removals,
  bids, cases and conversation agendas of those municipalities only (it owns their agenda: every
  item, its status and carrying parties, the start meeting), its own contribution to their cases,
  and imports their data.
- ``corporatie``: works for one housing corporation; reads the whole region; edits only that
  corporation's assignments (and confirms them), its own removals and its contributions, and the
  name and working area of its own corporation; proposes agenda items in the municipalities it is
  involved in and marks there that it informed its tenants' organisation.
- ``provincie``: the province; reads and exports everything, writes assessments, comments and its
  own contribution to cases (party ``provincie``), proposes agenda items, changes no plan data,
  no cases and no agenda.
- ``beheerder``: administrator; accounts, region, boundaries, corporations (add, import, merge,
  change) and imports of any municipality (and every plan edit, to repair data).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum

from ..errors import GeenToegang, Probleem, ValidatieFout
from .agenda import Agendapunt, Geinformeerd
from .casus import Bijdrage, Casus
from .gemeentecode import normaliseer_code
from .model import Corporatie, Locatie, Onttrekking, Toewijzing
from .scenario import Scenario

__all__ = [
    "ROLLEN",
    "Actie",
    "Account",
    "SYSTEEM",
    "valideer_account",
    "mag",
    "eis",
    "eis_locatie",
    "eis_wijziging_locatie",
    "eis_onttrekking",
    "eis_wijziging_corporatie",
    "eis_gemeente",
    "eis_casus",
    "weigering_bijdrage",
    "eis_bijdrage",
    "weigering_scenario",
    "eis_scenario",
    "partij_van",
    "weigering_agenda",
    "eis_agenda",
    "weigering_agendapunt",
    "eis_agendapunt",
    "weigering_geinformeerd",
    "eis_geinformeerd",
    "weigering",
    "rechtenprobleem",
    "gooi_als_geen_toegang",
]

#: The roles and what each may do, as shown to users after logging in.
ROLLEN: dict[str, str] = {
    "gemeente": "Bewerkt locaties, toewijzingen, onttrekkingen, biedingen, casussen en de "
    "gespreksagenda en de toelichting van de eigen gemeente(n) en importeert daarvoor bestanden; leest de hele regio.",
    "corporatie": "Leest de hele regio; bewerkt en bevestigt alleen de toewijzingen van de eigen "
    "corporatie, de eigen onttrekkingen en de eigen bijdragen, en wijzigt naam en werkgebied van "
    "de eigen corporatie; stelt agendapunten voor en meldt dat de eigen huurdersorganisatie is "
    "geïnformeerd.",
    "provincie": "Leest en exporteert alles; schrijft beoordelingen, opmerkingen en de eigen "
    "bijdrage aan casussen en stelt agendapunten voor; wijzigt geen plangegevens, casussen of "
    "gespreksagenda's.",
    "beheerder": "Beheert accounts, regio, gemeentegrenzen en corporaties; importeert voor elke "
    "gemeente en mag alle gegevens herstellen.",
}


class Actie(StrEnum):
    """Kinds of action the rules decide on."""

    LEZEN = "lezen"
    EXPORTEREN = "exporteren"
    LOCATIE = "locatie bewerken"
    TOEWIJZING = "toewijzing bewerken"
    ONTTREKKING = "onttrekking bewerken"
    BOD = "bod bewerken"
    CASUS = "casus bewerken"
    BIJDRAGE = "bijdrage bewerken"
    SCENARIO = "scenario bewerken"
    AGENDA = "gespreksagenda beheren"
    AGENDAPUNT = "agendapunt voorstellen of wijzigen"
    GEINFORMEERD = "huurdersorganisatie geïnformeerd melden"
    TOELICHTING = "toelichting bewerken"
    IMPORTEREN = "importeren"
    BEOORDELEN = "beoordelen"
    CORPORATIES = "corporaties beheren"
    CORPORATIE = "corporatie wijzigen"
    GRENZEN = "regio en gemeentegrenzen beheren"
    ACCOUNTS = "accounts beheren"
    PEILDATUM = "peildatum vastleggen"
    PEILDATUM_VERWIJDEREN = "peildatum verwijderen"


#: Actions every role may take, whatever the municipality or corporation.
_IEDEREEN = frozenset({Actie.LEZEN, Actie.EXPORTEREN})
#: Actions bound to a municipality (the account must have it) for the ``gemeente`` role.
_PER_GEMEENTE = frozenset(
    {
        Actie.LOCATIE,
        Actie.TOEWIJZING,
        Actie.ONTTREKKING,
        Actie.BOD,
        Actie.CASUS,
        Actie.AGENDA,
        Actie.IMPORTEREN,
        Actie.TOELICHTING,
    }
)


@dataclass(frozen=True)
class Account:
    """Who acts: name, role, the municipalities (``gemeente`` role) or the corporation
    (``corporatie`` role) it works for."""

    naam: str
    rol: str
    gemeenten: tuple[str, ...] = ()
    corporatie: str | None = None
    weergavenaam: str | None = None
    id: int | None = None
    actief: bool = True
    #: Raised on logout and password change: every earlier session of the account ends.
    sessieversie: int = 1

    @property
    def omschrijving(self) -> str:
        """``'anna' (gemeente GM0518)`` for messages."""
        if self.rol == "gemeente":
            waar = f"gemeente {', '.join(self.gemeenten)}"
        elif self.rol == "corporatie":
            waar = f"corporatie {self.corporatie}"
        else:
            waar = self.rol
        return f"{self.naam!r} ({waar})"


#: The account of the server itself (demo data, migrations): full rights, never logs in.
SYSTEEM = Account("systeem", "beheerder")


def valideer_account(account: Account) -> list[Probleem]:
    """The rules of an account: a known role, municipalities only for ``gemeente`` (at least
    one, valid CBS codes), a corporation only (and required) for ``corporatie``."""
    item = f"account {account.naam!r}"
    problemen: list[Probleem] = []
    naam = account.naam
    if not isinstance(naam, str) or not (2 <= len(naam) <= 60) or naam != naam.strip():
        problemen.append(
            Probleem("naam", naam, "2 tot 60 tekens, zonder spaties aan begin of eind", item)
        )
    if account.rol not in ROLLEN:
        problemen.append(
            Probleem(
                "rol", account.rol, "onbekende rol; toegestaan zijn " + ", ".join(ROLLEN), item
            )
        )
    if account.rol == "gemeente":
        if not account.gemeenten:
            problemen.append(
                Probleem(
                    "gemeenten", [], "een gemeente-account hoort bij minstens één gemeente", item
                )
            )
        for code in account.gemeenten:
            try:
                normaliseer_code(code)
            except ValueError:
                problemen.append(
                    Probleem("gemeenten", code, "geen gemeentecode; verwacht bijv. GM0518", item)
                )
    elif account.gemeenten:
        problemen.append(
            Probleem(
                "gemeenten",
                list(account.gemeenten),
                f"alleen een gemeente-account hoort bij gemeenten, niet rol {account.rol}",
                item,
            )
        )
    if account.rol == "corporatie" and not account.corporatie:
        problemen.append(
            Probleem("corporatie", None, "een corporatie-account hoort bij één corporatie", item)
        )
    if account.rol != "corporatie" and account.corporatie:
        problemen.append(
            Probleem(
                "corporatie",
                account.corporatie,
                f"alleen een corporatie-account hoort bij een corporatie, niet rol {account.rol}",
                item,
            )
        )
    return problemen


def _gemeente_codes(gemeenten: Iterable[str | None]) -> list[str]:
    return sorted({g for g in gemeenten if g})


def mag(
    account: Account,
    actie: Actie,
    *,
    gemeenten: Iterable[str | None] = (),
    corporatie: str | None = None,
) -> bool:
    """Whether ``account`` may take ``actie`` on items of ``gemeenten`` (all of them) and, for
    corporation-bound items, of ``corporatie``."""
    return weigering(account, actie, list(gemeenten), corporatie) is None


def weigering(
    account: Account, actie: Actie, gemeenten: list[str | None], corporatie: str | None
) -> str | None:
    """None when ``account`` may take ``actie`` on those items, else why not (Dutch)."""
    if not account.actief:
        return "het account is geblokkeerd"
    if actie in _IEDEREEN or account.rol == "beheerder":
        return None
    if account.rol == "provincie":
        if actie in (Actie.BEOORDELEN, Actie.PEILDATUM):
            return None
        if actie is Actie.AGENDA:
            return (
                "de provincie stelt agendapunten voor, maar de gespreksagenda (status, trekkers, "
                "startoverleg) is van de gemeente"
            )
        if actie is Actie.CASUS:
            return (
                "de provincie levert een eigen bijdrage (partij provincie) aan een casus, maar "
                "wijzigt geen casussen; die zijn van de gemeente"
            )
        return "de provincie leest, exporteert en beoordeelt, maar wijzigt geen plangegevens"
    if account.rol == "gemeente":
        if actie in _PER_GEMEENTE:
            vreemd = [g for g in _gemeente_codes(gemeenten) if g not in account.gemeenten]
            if not gemeenten or None in gemeenten:
                return "een gemeente-account werkt alleen aan items met een eigen gemeente"
            if vreemd:
                return (
                    f"dit account werkt alleen voor {', '.join(account.gemeenten)}, "
                    f"niet voor {', '.join(vreemd)}"
                )
            return None
        return f"alleen een beheerder mag {actie.value}"
    if account.rol == "corporatie":
        if actie in (Actie.TOEWIJZING, Actie.ONTTREKKING, Actie.CORPORATIE):
            if corporatie == account.corporatie:
                return None
            wie = f"corporatie {corporatie}" if corporatie else "geen corporatie"
            return f"dit account werkt alleen voor corporatie {account.corporatie}, niet voor {wie}"
        return (
            f"een corporatie-account bewerkt alleen de eigen toewijzingen, onttrekkingen en "
            f"bijdragen en naam en werkgebied van de eigen corporatie, niet: {actie.value}"
        )
    return f"onbekende rol {account.rol!r}"


def eis(
    account: Account,
    actie: Actie,
    *,
    gemeenten: Iterable[str | None] = (),
    corporatie: str | None = None,
    item: str | None = None,
) -> None:
    """Raise :class:`GeenToegang` unless :func:`mag`; ``item`` names what was refused."""
    gemeenten = list(gemeenten)
    reden = weigering(account, actie, gemeenten, corporatie)
    if reden is not None:
        wat = f" ({item})" if item else ""
        raise GeenToegang(f"Account {account.omschrijving} mag niet: {actie.value}{wat}; {reden}")


def eis_gemeente(account: Account, actie: Actie, gemeente: str | None, item: str) -> None:
    """:func:`eis` for an item of one municipality (bids, imports)."""
    eis(account, actie, gemeenten=[gemeente], item=item)


def eis_locatie(account: Account, locatie: Locatie) -> None:
    """Adding or deleting a whole site: its municipality's planner (or the administrator)."""
    eis(
        account,
        Actie.LOCATIE,
        gemeenten=[locatie.gemeente],
        item=f"locatie {locatie.id or locatie.naam!r} in {locatie.gemeente or 'geen gemeente'}",
    )


def eis_casus(account: Account, casus: Casus) -> None:
    """A case (adding, changing, deleting): its municipality's planner owns it (or the
    administrator); corporations and the province contribute, but do not edit cases."""
    eis(
        account,
        Actie.CASUS,
        gemeenten=[casus.gemeente],
        item=f"casus {casus.id or repr(casus.titel)} in {casus.gemeente}",
    )


def weigering_bijdrage(
    account: Account, gemeente: str, bijdrage: Bijdrage, betrokken: Iterable[str]
) -> str | None:
    """None when ``account`` may write ``bijdrage`` to a case of ``gemeente``, else why not.

    Each party edits only its own contribution: the municipality's planner the one of party
    ``gemeente`` (of its own municipality's cases), a corporation's account the one of its own
    corporation, and only on cases where that corporation is involved (``betrokken``: it has an
    assignment on a linked site, or its working area covers the municipality), the province the
    one of party ``provincie``. The administrator writes any."""
    if not account.actief:
        return "het account is geblokkeerd"
    if account.rol == "beheerder":
        return None
    partij = bijdrage.partijnaam
    if bijdrage.partij == "gemeente":
        if account.rol == "gemeente" and gemeente in account.gemeenten:
            return None
        if account.rol == "gemeente":
            return f"dit account werkt alleen voor {', '.join(account.gemeenten)}, niet voor {gemeente}"
    elif bijdrage.partij == "corporatie":
        if account.rol == "corporatie" and account.corporatie == bijdrage.corporatie:
            if bijdrage.corporatie in set(betrokken):
                return None
            return (
                f"corporatie {bijdrage.corporatie} is niet betrokken bij deze casus (geen "
                f"toewijzing op een gekoppelde locatie en {gemeente} niet in het werkgebied)"
            )
    elif bijdrage.partij == "provincie" and account.rol == "provincie":
        return None
    eigen = {
        "gemeente": "die van partij gemeente",
        "corporatie": f"die van corporatie {account.corporatie}",
        "provincie": "die van partij provincie",
    }.get(account.rol, "geen")
    return f"elke partij bewerkt alleen de eigen bijdrage ({eigen}), niet die van {partij}"


def eis_bijdrage(
    account: Account, gemeente: str, bijdrage: Bijdrage, betrokken: Iterable[str]
) -> None:
    """:class:`GeenToegang` unless :func:`weigering_bijdrage` allows it."""
    reden = weigering_bijdrage(account, gemeente, bijdrage, betrokken)
    if reden is not None:
        raise GeenToegang(
            f"Account {account.omschrijving} mag niet: {Actie.BIJDRAGE.value} (bijdrage van "
            f"{bijdrage.partijnaam} aan casus {bijdrage.casus}); {reden}"
        )


def weigering_scenario(account: Account, scenario: Scenario, auteur: str | None) -> str | None:
    """None when ``account`` may save, change or delete ``scenario``, else why not.

    Every signed-in role may save a re-phasing scenario as a proposal: a municipality's planner
    for its own municipalities, a corporation and the province for any municipality. A stored
    scenario (``auteur``: who saved it first; None for a new one) is changed or deleted by its
    author, its municipality's planner or the administrator. Applying it to the plan needs the
    right to change every record its steps touch (the store checks each), not this right."""
    if not account.actief:
        return "het account is geblokkeerd"
    if account.rol == "beheerder":
        return None
    eigen_gemeente = account.rol == "gemeente" and scenario.gemeente in account.gemeenten
    if auteur is None:
        if account.rol == "gemeente" and not eigen_gemeente:
            return (
                f"dit account werkt alleen voor {', '.join(account.gemeenten)}, "
                f"niet voor {scenario.gemeente}"
            )
        return None
    if eigen_gemeente or auteur == account.naam:
        return None
    return (
        f"een scenario wijzigen alleen de auteur ({auteur}), de gemeente {scenario.gemeente} of "
        "een beheerder; sla zelf een nieuw scenario op als voorstel"
    )


def eis_scenario(account: Account, scenario: Scenario, auteur: str | None) -> None:
    """:class:`GeenToegang` unless :func:`weigering_scenario` allows it."""
    reden = weigering_scenario(account, scenario, auteur)
    if reden is not None:
        wat = f"scenario {scenario.id or repr(scenario.naam)} in {scenario.gemeente}"
        raise GeenToegang(
            f"Account {account.omschrijving} mag niet: {Actie.SCENARIO.value} ({wat}); {reden}"
        )


def partij_van(account: Account) -> str | None:
    """The party an account speaks for on an agenda: ``gemeente``, ``provincie`` or its
    corporation's name; None for the administrator (who may act for any party)."""
    if account.rol == "corporatie":
        return account.corporatie
    if account.rol in ("gemeente", "provincie"):
        return account.rol
    return None


def weigering_agenda(account: Account, gemeente: str | None) -> str | None:
    """None when ``account`` owns the conversation agenda of ``gemeente`` (its planner or the
    administrator): every field of every item, the status and carrying parties, the start
    meeting; else why not."""
    return weigering(account, Actie.AGENDA, [gemeente], None)


def eis_agenda(account: Account, gemeente: str | None, item: str) -> None:
    """:class:`GeenToegang` unless ``account`` owns the agenda of ``gemeente``."""
    eis(account, Actie.AGENDA, gemeenten=[gemeente], item=item)


def weigering_agendapunt(
    account: Account,
    oud: Agendapunt | None,
    nieuw: Agendapunt | None,
    betrokken: Iterable[str],
) -> str | None:
    """None when ``account`` may write an agenda item, else why not: proposing (``oud`` None),
    changing (both) or deleting (``nieuw`` None).

    The municipality's planner (and the administrator) owns the agenda and writes anything of its
    items. Any other party proposes: the municipality's planner, a corporation involved in the
    municipality (``betrokken``: working area there, or an assignment on one of its sites), the
    province. A proposal stands in the name of the own party with status ``voorgesteld``,
    without carrying parties or outcome (those the municipality decides); the proposer changes
    or withdraws it only while it is still ``voorgesteld``."""
    if not account.actief:
        return "het account is geblokkeerd"
    gemeenten = {a.gemeente for a in (oud, nieuw) if a is not None}
    if all(weigering_agenda(account, g) is None for g in gemeenten):
        return None
    gemeente = next(a.gemeente for a in (oud, nieuw) if a is not None)
    partij = partij_van(account)
    if account.rol == "gemeente" or partij is None:
        vreemd = sorted(g for g in gemeenten if weigering_agenda(account, g) is not None)
        return weigering_agenda(account, vreemd[0])
    if account.rol == "corporatie" and partij not in set(betrokken):
        return (
            f"corporatie {partij} is niet betrokken bij {gemeente} (geen werkgebied en geen "
            "toewijzing op een locatie daar)"
        )
    if oud is not None:
        if oud.voorgesteld_door != partij:
            return (
                f"alleen de gemeente en de voorsteller ({oud.voorgesteld_door}) wijzigen dit "
                f"agendapunt, niet {partij}"
            )
        if oud.status != "voorgesteld":
            return (
                f"het agendapunt is al {oud.status}; alleen de gemeente wijzigt het nog (de "
                "voorsteller alleen zolang het voorgesteld is)"
            )
    if nieuw is None:
        return None
    if oud is not None and nieuw.gemeente != oud.gemeente:
        return "alleen de gemeente verplaatst een agendapunt naar een andere gemeente"
    if nieuw.voorgesteld_door != partij:
        return f"een voorstel staat op naam van de eigen partij ({partij}), niet {nieuw.voorgesteld_door}"
    if nieuw.status != "voorgesteld":
        return (
            "de status bepaalt de gemeente; een voorstel van een andere partij heeft status "
            f"voorgesteld, niet {nieuw.status}"
        )
    if nieuw.trekkers != (oud.trekkers if oud is not None else []):
        return "welke partijen het gesprek voortzetten (trekkers) bepaalt de gemeente"
    if nieuw.uitkomst != (oud.uitkomst if oud is not None else None):
        return "de uitkomst van een gesprek legt de gemeente vast"
    return None


def eis_agendapunt(
    account: Account,
    oud: Agendapunt | None,
    nieuw: Agendapunt | None,
    betrokken: Iterable[str],
) -> None:
    """:class:`GeenToegang` unless :func:`weigering_agendapunt` allows it."""
    reden = weigering_agendapunt(account, oud, nieuw, betrokken)
    if reden is not None:
        punt = oud or nieuw
        naam = f"agendapunt {punt.id or repr(punt.onderwerp)} in {punt.gemeente}"  # type: ignore[union-attr]
        raise GeenToegang(
            f"Account {account.omschrijving} mag niet: {Actie.AGENDAPUNT.value} ({naam}); {reden}"
        )


def weigering_geinformeerd(
    account: Account, melding: Geinformeerd, betrokken: Iterable[str]
) -> str | None:
    """None when ``account`` may set the mark "huurdersorganisatie geïnformeerd" ``melding``:
    only the corporation itself (when involved in the municipality) or the administrator."""
    if not account.actief:
        return "het account is geblokkeerd"
    if account.rol == "beheerder":
        return None
    if account.rol == "corporatie" and account.corporatie == melding.corporatie:
        if melding.corporatie in set(betrokken):
            return None
        return (
            f"corporatie {melding.corporatie} is niet betrokken bij {melding.gemeente} (geen "
            "werkgebied en geen toewijzing op een locatie daar)"
        )
    eigen = f"die van {account.corporatie}" if account.rol == "corporatie" else "geen"
    return (
        "elke corporatie meldt alleen zelf dat zij haar huurdersorganisatie informeerde "
        f"({eigen}), niet die van {melding.corporatie}"
    )


def eis_geinformeerd(account: Account, melding: Geinformeerd, betrokken: Iterable[str]) -> None:
    """:class:`GeenToegang` unless :func:`weigering_geinformeerd` allows it."""
    reden = weigering_geinformeerd(account, melding, betrokken)
    if reden is not None:
        raise GeenToegang(
            f"Account {account.omschrijving} mag niet: {Actie.GEINFORMEERD.value} "
            f"({melding.corporatie} in {melding.gemeente}); {reden}"
        )


def _toewijzingen(toewijzingen: Iterable[Toewijzing]) -> Counter[tuple[str, int, int | None]]:
    return Counter((t.corporatie, t.daeb, t.oplevering) for t in toewijzingen)


#: Fields of a site that only its municipality may change (all but assignments and bookkeeping;
#: the geometry is compared apart).
_PLANVELDEN = tuple(
    f.name
    for f in fields(Locatie)
    if f.name
    not in {"geometry", "toewijzingen", "ligging", "id", "versie", "aangemaakt", "gewijzigd"}
)


def eis_wijziging_locatie(account: Account, oud: Locatie, nieuw: Locatie) -> None:
    """Changing a stored site. A municipality edits only sites that stay within its own
    municipalities (a move into another one is refused); a corporation changes only its own
    assignments and nothing else of the site."""
    item = f"locatie {oud.id} ({oud.naam!r})"
    if account.rol != "corporatie" or mag(account, Actie.LOCATIE, gemeenten=[oud.gemeente]):
        eis(account, Actie.LOCATIE, gemeenten=[oud.gemeente, nieuw.gemeente], item=item)
        return
    anders = [v for v in _PLANVELDEN if getattr(oud, v) != getattr(nieuw, v)] + (
        ["geometrie"] if not _zelfde_vorm(oud, nieuw) else []
    )
    if anders:
        raise GeenToegang(
            f"Account {account.omschrijving} mag van {item} alleen de eigen toewijzingen wijzigen, "
            f"niet {', '.join(anders)}"
        )
    oud_t, nieuw_t = _toewijzingen(oud.toewijzingen), _toewijzingen(nieuw.toewijzingen)
    geraakt = sorted({k[0] for k in (oud_t - nieuw_t) + (nieuw_t - oud_t)})
    for corporatie in geraakt:
        eis(account, Actie.TOEWIJZING, corporatie=corporatie, item=f"toewijzing van {item}")


def _zelfde_vorm(oud: Locatie, nieuw: Locatie) -> bool:
    if oud.geometry is None or nieuw.geometry is None:
        return oud.geometry is nieuw.geometry
    return bool(oud.geometry.equals_exact(nieuw.geometry, 1e-6))


def eis_onttrekking(account: Account, onttrekking: Onttrekking) -> None:
    """A removal: its municipality's planner, or the corporation that removes (its own)."""
    item = f"onttrekking in {onttrekking.gemeente}"
    if account.rol == "corporatie":
        eis(account, Actie.ONTTREKKING, corporatie=onttrekking.corporatie, item=item)
    else:
        eis(account, Actie.ONTTREKKING, gemeenten=[onttrekking.gemeente], item=item)


def eis_wijziging_corporatie(account: Account, oud: Corporatie, nieuw: Corporatie) -> None:
    """Changing a stored corporation: the administrator anything; a corporation's own account
    only the name and working area of its own corporation; nobody else."""
    item = f"corporatie {oud.id} ({oud.naam!r})"
    eis(account, Actie.CORPORATIE, corporatie=oud.naam, item=item)
    if account.rol == "beheerder":
        return
    if oud.code != nieuw.code:
        raise GeenToegang(
            f"Account {account.omschrijving} mag van {item} alleen naam en werkgebied wijzigen, "
            f"niet de code ({oud.code!r} -> {nieuw.code!r}); dat doet een beheerder"
        )


def gooi_als_ongeldig(account: Account) -> None:
    """:class:`ValidatieFout` when the account breaks a rule of :func:`valideer_account`."""
    problemen = valideer_account(account)
    if problemen:
        raise ValidatieFout(problemen)


def rechtenprobleem(
    account: Account,
    actie: Actie,
    item: str | None,
    *,
    gemeenten: Iterable[str | None] = (),
    corporatie: str | None = None,
) -> Probleem | None:
    """One item of a bulk action (an import row) that ``account`` may not touch, as a
    :class:`Probleem` for the report; None when allowed."""
    gemeenten = list(gemeenten)
    reden = weigering(account, actie, gemeenten, corporatie)
    if reden is None:
        return None
    if corporatie is not None and account.rol == "corporatie":
        return Probleem("corporatie", corporatie, f"geen recht: {reden}", item)
    waarde = next((g for g in gemeenten if g), None)
    return Probleem("gemeente", waarde, f"geen recht: {reden}", item)


def gooi_als_geen_toegang(account: Account, actie: Actie, problemen: list[Probleem]) -> None:
    """:class:`GeenToegang` listing the refused items when there are any."""
    rechten = [p for p in problemen if p.melding.startswith("geen recht: ")]
    if rechten:
        raise GeenToegang(
            f"Account {account.omschrijving} mag niet: {actie.value} voor "
            f"{len(rechten)} item(s); niets opgeslagen",
            rechten,
        )
