"""Accounts, API tokens and login throttling (tables ``account``, ``api_token``, ``aanmeldpoging``).

Passwords are stored as argon2id hashes (argon2-cffi); API tokens as the SHA-256 of a random
256-bit token that is shown once. Failed logins are counted in the database, so throttling
holds across every server process. Logout and a password change raise the account's
``sessieversie``, which ends all its other sessions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from ..domein.rechten import Account, Actie, eis, gooi_als_ongeldig
from ..errors import (
    Bezet,
    Conflict,
    GeenToegang,
    NietAangemeld,
    NietGevonden,
    Probleem,
    TeVeelPogingen,
    ValidatieFout,
)
from . import schema as t
from .corporaties import CorporatiesRepository
from .database import Database, nu, tel, utc
from .wijzigingen import Auditlog

__all__ = [
    "AccountsRepository",
    "Token",
    "account_uit_rij",
    "WACHTWOORD_MIN",
    "MAX_POGINGEN_NAAM",
    "MAX_POGINGEN_ADRES",
    "POGINGEN_VENSTER",
    "TOKEN_OPNIEUW",
    "TOKENS_ONTHOUDEN",
]

#: Shortest password accepted.
WACHTWOORD_MIN = 12
#: Failed logins per account name, and per address, within :data:`POGINGEN_VENSTER` before
#: further attempts are refused (also with the right password) until the window has passed.
MAX_POGINGEN_NAAM = 5
MAX_POGINGEN_ADRES = 20
POGINGEN_VENSTER = timedelta(minutes=15)
#: The one message of every failed login: it does not say whether the name exists.
MISLUKT = "Onbekende accountnaam of onjuist wachtwoord"
#: Prefix of API tokens (recognisable in logs and secret scanners).
TOKEN_PREFIX = "lp_"

_hasher = PasswordHasher()


@functools.cache
def _schijnhash() -> str:
    """A hash of a random password, verified against when the name is unknown so that both cases
    take the same time; made on first use (hashing costs CPU, and most commands never log in)."""
    return _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Token:
    """An API token as listed to its owner (never the token itself)."""

    id: int
    naam: str
    begin: str
    aangemaakt: datetime
    laatst_gebruikt: datetime | None
    ingetrokken: datetime | None


def account_uit_rij(rij: Mapping[str, Any], corporatie: str | None) -> Account:
    """An ``account`` row (with its corporation's name) as an :class:`Account`."""
    return Account(
        naam=rij["naam"],
        rol=rij["rol"],
        gemeenten=tuple(c for c in rij["gemeenten"].split(",") if c),
        corporatie=corporatie,
        weergavenaam=rij["weergavenaam"],
        id=rij["id"],
        actief=bool(rij["actief"]),
        sessieversie=rij["sessieversie"],
    )


#: The valid token with hash ``:hash``, its account and the account's corporation.
_VIA_TOKEN = (
    select(
        t.account,
        t.corporatie.c.naam.label("corporatie_naam"),
        t.api_token.c.id.label("token_id"),
        t.api_token.c.laatst_gebruikt.label("token_gebruikt"),
    )
    .select_from(t.api_token.join(t.account, t.account.c.id == t.api_token.c.account))
    .outerjoin(t.corporatie, t.corporatie.c.id == t.account.c.corporatie)
    .where(t.api_token.c.hash == bindparam("hash"), t.api_token.c.ingetrokken.is_(None))
)


#: Seconds a token found valid at an unchanged data version is not read again
#: (:meth:`AccountsRepository.via_token_bij`); within them its use is recorded too.
TOKEN_OPNIEUW = 60.0
#: Tokens :meth:`AccountsRepository.via_token_bij` remembers at most.
TOKENS_ONTHOUDEN = 1024


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _controleer_wachtwoord(wachtwoord: str, naam: str) -> None:
    if not isinstance(wachtwoord, str) or len(wachtwoord) < WACHTWOORD_MIN:
        raise ValidatieFout(
            [
                Probleem(
                    "wachtwoord",
                    "***",
                    f"minstens {WACHTWOORD_MIN} tekens",
                    f"account {naam!r}",
                )
            ]
        )
    if wachtwoord.strip().lower() == naam.strip().lower():
        raise ValidatieFout(
            [Probleem("wachtwoord", "***", "mag niet gelijk zijn aan de accountnaam")]
        )


class AccountsRepository:
    """Accounts by name, their API tokens and failed logins."""

    def __init__(self, db: Database, audit: Auditlog, corporaties: CorporatiesRepository) -> None:
        self._db = db
        self._audit = audit
        self._corporaties = corporaties
        #: token hash -> (cache version, monotonic time, account) of :meth:`via_token_bij`
        self._tokens_gezien: dict[str, tuple[Any, float, Account]] = {}
        self._tokens_slot = threading.Lock()

    # ------------------------------------------------------------------ mapping

    def _rij(self, conn: Connection, account: Account) -> dict[str, Any]:
        """The ``account`` columns of ``account`` (without password and bookkeeping)."""
        gooi_als_ongeldig(account)
        corporatie_id = None
        if account.corporatie:
            ids = self._corporaties.ids(conn)
            if account.corporatie not in ids:
                raise ValidatieFout(
                    [
                        Probleem(
                            "corporatie",
                            account.corporatie,
                            "onbekende corporatie; bekend zijn " + ", ".join(sorted(ids)),
                            f"account {account.naam!r}",
                        )
                    ]
                )
            corporatie_id = ids[account.corporatie]
        return {
            "naam": account.naam,
            "rol": account.rol,
            "gemeenten": ",".join(account.gemeenten),
            "corporatie": corporatie_id,
            "weergavenaam": account.weergavenaam,
            "actief": account.actief,
        }

    def _lees(self, conn: Connection, *voorwaarden: Any) -> list[Account]:
        q = (
            select(t.account, t.corporatie.c.naam.label("corporatie_naam"))
            .outerjoin(t.corporatie, t.corporatie.c.id == t.account.c.corporatie)
            .where(*voorwaarden)
            .order_by(t.account.c.naam)
        )
        return [account_uit_rij(r, r["corporatie_naam"]) for r in conn.execute(q).mappings()]

    def _een(self, conn: Connection, naam: str) -> Account:
        gevonden = self._lees(conn, t.account.c.naam == naam)
        if not gevonden:
            raise NietGevonden(f"Account {naam!r} bestaat niet")
        return gevonden[0]

    @staticmethod
    def _audit_waarden(account: Account) -> dict[str, Any]:
        return {
            "naam": account.naam,
            "rol": account.rol,
            "gemeenten": list(account.gemeenten),
            "corporatie": account.corporatie,
            "weergavenaam": account.weergavenaam,
            "actief": account.actief,
        }

    # ------------------------------------------------------------------ accounts

    def maak(self, account: Account, wachtwoord: str) -> Account:
        """Add an account with ``wachtwoord``; :class:`ValidatieFout` when the name is taken."""
        eis(self._audit.account, Actie.ACCOUNTS, item=f"account {account.naam!r}")
        _controleer_wachtwoord(wachtwoord, account.naam)
        with self._db.schrijven() as conn:
            rij = self._rij(conn, account)
            if self._lees(conn, func.lower(t.account.c.naam) == account.naam.lower()):
                raise ValidatieFout(
                    [Probleem("naam", account.naam, "deze accountnaam bestaat al", "account")]
                )
            tijd = nu()
            conn.execute(
                insert(t.account).values(
                    **rij,
                    wachtwoord=_hasher.hash(wachtwoord),
                    sessieversie=1,
                    aangemaakt=tijd,
                    gewijzigd=tijd,
                    versie=1,
                )
            )
            nieuw = self._een(conn, account.naam)
            self._audit.schrijf(
                conn, "account", nieuw.id, "toegevoegd", None, self._audit_waarden(nieuw)
            )
        return nieuw

    def haal(self, naam: str) -> Account:
        """The account named ``naam``; :class:`NietGevonden` otherwise."""
        with self._db.lezen() as conn:
            return self._een(conn, naam)

    def haal_id(self, account_id: int) -> Account | None:
        """The account with ``account_id`` (None when it no longer exists)."""
        with self._db.lezen() as conn:
            gevonden = self._lees(conn, t.account.c.id == account_id)
        return gevonden[0] if gevonden else None

    def lijst(self) -> list[Account]:
        """All accounts by name."""
        with self._db.lezen() as conn:
            return self._lees(conn)

    def wijzig(self, naam: str, **velden: Any) -> Account:
        """Change ``rol``, ``gemeenten``, ``corporatie``, ``weergavenaam`` or ``actief`` of an
        account; blocking it (``actief=False``) also ends its sessions."""
        eis(self._audit.account, Actie.ACCOUNTS, item=f"account {naam!r}")
        toegestaan = {"rol", "gemeenten", "corporatie", "weergavenaam", "actief"}
        onbekend = sorted(set(velden) - toegestaan)
        if onbekend:
            raise ValidatieFout(
                [
                    Probleem(
                        k,
                        velden[k],
                        "onbekend veld; toegestaan zijn " + ", ".join(sorted(toegestaan)),
                    )
                    for k in onbekend
                ]
            )
        if "gemeenten" in velden:
            velden["gemeenten"] = tuple(velden["gemeenten"] or ())
        with self._db.schrijven() as conn:
            oud = self._een(conn, naam)
            nieuw = replace(oud, **velden)
            rij = self._rij(conn, nieuw)
            sessies = t.account.c.sessieversie + (1 if oud.actief and not nieuw.actief else 0)
            conn.execute(
                update(t.account)
                .where(t.account.c.id == oud.id)
                .values(**rij, sessieversie=sessies, gewijzigd=nu(), versie=t.account.c.versie + 1)
            )
            nieuw = self._een(conn, naam)
            self._audit.schrijf(
                conn,
                "account",
                oud.id,
                "gewijzigd",
                self._audit_waarden(oud),
                self._audit_waarden(nieuw),
            )
        return nieuw

    def verwijder(self, naam: str) -> None:
        """Delete an account and its tokens (its name stays in the audit log)."""
        eis(self._audit.account, Actie.ACCOUNTS, item=f"account {naam!r}")
        with self._db.schrijven() as conn:
            oud = self._een(conn, naam)
            conn.execute(delete(t.api_token).where(t.api_token.c.account == oud.id))
            conn.execute(delete(t.account).where(t.account.c.id == oud.id))
            self._audit.schrijf(
                conn, "account", oud.id, "verwijderd", self._audit_waarden(oud), None
            )

    # ------------------------------------------------------------------ passwords, sessions

    def _eigen_of_beheer(self, naam: str, beheer: bool = True) -> None:
        """Only the account itself (or, with ``beheer``, an administrator) may do this."""
        wie = self._audit.account
        if wie.naam == naam:
            return
        if beheer:
            eis(wie, Actie.ACCOUNTS, item=f"account {naam!r}")
            return
        raise GeenToegang(
            f"Account {wie.omschrijving} mag geen API-token maken voor account {naam!r}; "
            "alleen de houder van een account maakt zijn tokens"
        )

    def _pogingen(
        self, conn: Connection, naam: str, adres: str, sinds: datetime
    ) -> tuple[int, int]:
        """Failed logins for ``naam`` and from ``adres`` since ``sinds``. On PostgreSQL the
        transaction first waits for every other login of that name or address to end (SQLite's
        ``BEGIN IMMEDIATE`` already lets one writer in at a time): attempts at once are counted
        one after the other, so no more than the limit reach the password check."""
        if conn.dialect.name == "postgresql":
            for sleutel in sorted({f"aanmelden:naam:{naam.lower()}", f"aanmelden:adres:{adres}"}):
                conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(sleutel))))
        p = t.aanmeldpoging.c
        per_naam = tel(conn, t.aanmeldpoging, p.naam == naam.lower(), p.tijd >= sinds)
        per_adres = tel(conn, t.aanmeldpoging, p.adres == adres, p.tijd >= sinds)
        return per_naam, per_adres

    def aanmelden(self, naam: str, wachtwoord: str, adres: str = "onbekend") -> Account:
        """The account when ``naam`` and ``wachtwoord`` match and it is active.

        :class:`NietAangemeld` with one generic message otherwise (the failure is recorded);
        :class:`TeVeelPogingen` (try later) after too many failures for the name or the address within
        :data:`POGINGEN_VENSTER`, also with the right password."""
        naam = (naam or "").strip()[:60]
        adres = (adres or "onbekend")[:64]
        with self._db.schrijven() as conn:
            tijd = nu()
            per_naam, per_adres = self._pogingen(conn, naam, adres, tijd - POGINGEN_VENSTER)
            if per_naam >= MAX_POGINGEN_NAAM or per_adres >= MAX_POGINGEN_ADRES:
                minuten = int(POGINGEN_VENSTER.total_seconds() // 60)
                raise TeVeelPogingen(
                    f"Te veel mislukte aanmeldpogingen; probeer het over {minuten} minuten opnieuw",
                    opnieuw_na=int(POGINGEN_VENSTER.total_seconds()),
                )
            rij = conn.execute(select(t.account).where(t.account.c.naam == naam)).mappings().first()
            if rij is None:
                geldig = False
                _hasher_verifieer(_schijnhash(), wachtwoord)
            else:
                geldig = _hasher_verifieer(rij["wachtwoord"], wachtwoord) and bool(rij["actief"])
            if not geldig:
                conn.execute(
                    insert(t.aanmeldpoging).values(naam=naam.lower(), adres=adres, tijd=tijd)
                )
        if not geldig:
            raise NietAangemeld(MISLUKT)
        if _hasher.check_needs_rehash(rij["wachtwoord"]):
            with self._db.schrijven() as conn:
                conn.execute(
                    update(t.account)
                    .where(t.account.c.id == rij["id"])
                    .values(wachtwoord=_hasher.hash(wachtwoord))
                )
        return self.haal(naam)

    def zet_wachtwoord(self, naam: str, nieuw: str, oud: str | None = None) -> Account:
        """Set a new password (with ``oud`` checked when given: a user changing their own);
        every existing session of the account ends."""
        self._eigen_of_beheer(naam)
        _controleer_wachtwoord(nieuw, naam)
        with self._db.schrijven() as conn:
            rij = conn.execute(select(t.account).where(t.account.c.naam == naam)).mappings().first()
            if rij is None:
                raise NietGevonden(f"Account {naam!r} bestaat niet")
            if oud is not None and not _hasher_verifieer(rij["wachtwoord"], oud):
                raise ValidatieFout([Probleem("oud", "***", "het huidige wachtwoord klopt niet")])
            conn.execute(
                update(t.account)
                .where(t.account.c.id == rij["id"])
                .values(
                    wachtwoord=_hasher.hash(nieuw),
                    sessieversie=t.account.c.sessieversie + 1,
                    gewijzigd=nu(),
                    versie=t.account.c.versie + 1,
                )
            )
            self._audit.schrijf(conn, "account", rij["id"], "wachtwoord", None, None)
            return self._een(conn, naam)

    def beeindig_sessies(self, naam: str) -> Account:
        """End every session of the account (logout everywhere)."""
        self._eigen_of_beheer(naam)
        with self._db.schrijven() as conn:
            account = self._een(conn, naam)
            conn.execute(
                update(t.account)
                .where(t.account.c.id == account.id)
                .values(sessieversie=t.account.c.sessieversie + 1)
            )
            return self._een(conn, naam)

    def vergeet_pogingen(self, ouder_dan: timedelta = POGINGEN_VENSTER) -> int:
        """Delete failed logins older than the throttling window; the number deleted."""
        with self._db.schrijven() as conn:
            return conn.execute(
                delete(t.aanmeldpoging).where(t.aanmeldpoging.c.tijd < nu() - ouder_dan)
            ).rowcount

    # ------------------------------------------------------------------ API tokens

    def maak_token(self, naam: str, omschrijving: str) -> tuple[str, Token]:
        """A new API token for account ``naam``: the token text (shown once, never stored)
        and its listing."""
        omschrijving = (omschrijving or "").strip()
        if not 1 <= len(omschrijving) <= 100:
            raise ValidatieFout(
                [Probleem("naam", omschrijving, "geef het token een naam van 1 tot 100 tekens")]
            )
        self._eigen_of_beheer(naam, beheer=False)
        tekst = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._db.schrijven() as conn:
            account = self._een(conn, naam)
            tid = conn.execute(
                insert(t.api_token).values(
                    account=account.id,
                    naam=omschrijving,
                    hash=_token_hash(tekst),
                    begin=tekst[:10],
                    aangemaakt=nu(),
                )
            ).inserted_primary_key[0]
            self._audit.schrijf(
                conn, "api_token", tid, "toegevoegd", None, {"account": naam, "naam": omschrijving}
            )
            token = self._tokens(conn, t.api_token.c.id == tid)[0]
        return tekst, token

    def _tokens(self, conn: Connection, *voorwaarden: Any) -> list[Token]:
        q = select(t.api_token).where(*voorwaarden).order_by(t.api_token.c.id)
        return [
            Token(
                r["id"],
                r["naam"],
                r["begin"],
                utc(r["aangemaakt"]),
                utc(r["laatst_gebruikt"]),
                utc(r["ingetrokken"]),
            )
            for r in conn.execute(q).mappings()
        ]

    def tokens(self, naam: str) -> list[Token]:
        """The tokens of account ``naam``, revoked ones included."""
        self._eigen_of_beheer(naam)
        with self._db.lezen() as conn:
            account = self._een(conn, naam)
            return self._tokens(conn, t.api_token.c.account == account.id)

    def trek_in(self, naam: str, token_id: int) -> Token:
        """Revoke token ``token_id`` of account ``naam`` (from now on it is refused)."""
        self._eigen_of_beheer(naam)
        with self._db.schrijven() as conn:
            account = self._een(conn, naam)
            gevonden = self._tokens(
                conn, t.api_token.c.id == token_id, t.api_token.c.account == account.id
            )
            if not gevonden:
                raise NietGevonden(f"Account {naam!r} heeft geen token {token_id}")
            if gevonden[0].ingetrokken is not None:
                raise Conflict(f"Token {token_id} is al ingetrokken")
            conn.execute(
                update(t.api_token).where(t.api_token.c.id == token_id).values(ingetrokken=nu())
            )
            self._audit.schrijf(conn, "api_token", token_id, "ingetrokken", {"account": naam}, None)
            return self._tokens(conn, t.api_token.c.id == token_id)[0]

    def via_token(self, tekst: str) -> Account:
        """The account of a valid, unrevoked API token; :class:`NietAangemeld` otherwise."""
        if not isinstance(tekst, str) or not tekst.startswith(TOKEN_PREFIX) or len(tekst) > 200:
            raise NietAangemeld("Ongeldig API-token")
        # one query (token, account and its corporation): this runs for every API request
        with self._db.lezen() as conn:
            rij = conn.execute(_VIA_TOKEN, {"hash": _token_hash(tekst)}).mappings().first()
        if rij is None or not rij["actief"]:
            raise NietAangemeld("Ongeldig of ingetrokken API-token")
        laatst = utc(rij["token_gebruikt"])
        if laatst is None or nu() - laatst > timedelta(minutes=5):
            # recorded at most every five minutes: a read with a token stays a read; when the
            # database is busy it is simply recorded at a later request
            with contextlib.suppress(Bezet), self._db.schrijven(wachttijd=0.2) as conn:
                conn.execute(
                    update(t.api_token)
                    .where(t.api_token.c.id == rij["token_id"])
                    .values(laatst_gebruikt=nu())
                )
        return account_uit_rij(rij, rij["corporatie_naam"])

    def via_token_bij(self, tekst: str, versie: Any) -> Account:
        """:meth:`via_token` for a request that read the cache version ``versie`` (see
        :meth:`Store.cacheversie`) first: a token found valid at that same version less than
        :data:`TOKEN_OPNIEUW` ago is not read again. Every change that decides a token's
        account (revoking the token; changing, blocking or removing the account; renaming its
        corporation) writes the audit log and so moves the version, after which the token is
        read again. At most :data:`TOKENS_ONTHOUDEN` tokens are remembered."""
        sleutel = _token_hash(tekst) if isinstance(tekst, str) else ""
        gezien = self._tokens_gezien.get(sleutel)
        if (
            gezien is not None
            and gezien[0] == versie
            and time.monotonic() - gezien[1] < TOKEN_OPNIEUW
        ):
            return gezien[2]
        account = self.via_token(tekst)  # also records its use (at most every five minutes)
        with self._tokens_slot:
            if len(self._tokens_gezien) >= TOKENS_ONTHOUDEN:
                self._tokens_gezien.clear()
            self._tokens_gezien[sleutel] = (versie, time.monotonic(), account)
        return account

    # ------------------------------------------------------------------ facade contract

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of accounts and tokens."""
        return {"account": tel(conn, t.account), "api_token": tel(conn, t.api_token)}


def _hasher_verifieer(hash_: str, wachtwoord: str) -> bool:
    try:
        return _hasher.verify(hash_, wachtwoord or "")
    except (VerificationError, InvalidHashError):
        return False
