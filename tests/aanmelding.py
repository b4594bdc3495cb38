"""Accounts for tests: one per role, created in the test's store, with API tokens and a real
browser login (the login form, once per server; the session is reused by later pages)."""

from __future__ import annotations

from typing import Any

from locatieplanner.domein.rechten import Account
from locatieplanner.errors import NietGevonden
from locatieplanner.store import Store

__all__ = [
    "WACHTWOORD",
    "BEHEERDER",
    "ROLLEN",
    "zorg_voor_account",
    "token_voor",
    "client_als",
    "meld_aan",
]

#: Password of every test account.
WACHTWOORD = "testwachtwoord-lang-genoeg"
#: The account the ordinary fixtures (client, browser pages) act as.
BEHEERDER = Account("test-beheerder", "beheerder")
#: One account per role, for the authorization tests (corporation Staedion, municipality GM0518).
ROLLEN = {
    "beheerder": BEHEERDER,
    "gemeente": Account("test-gemeente", "gemeente", gemeenten=("GM0518",)),
    "corporatie": Account("test-corporatie", "corporatie", corporatie="Staedion"),
    "provincie": Account("test-provincie", "provincie"),
}

_tokens: dict[tuple[str, str], str] = {}


def zorg_voor_account(url: str, account: Account = BEHEERDER) -> Account:
    """The account in the store at ``url``, created (password :data:`WACHTWOORD`) if missing."""
    store = Store.open(url, migreer=False)
    try:
        try:
            return store.accounts_repo.haal(account.naam)
        except NietGevonden:
            return store.accounts_repo.maak(account, WACHTWOORD)
    finally:
        store.sluit()


def token_voor(url: str, account: Account = BEHEERDER) -> str:
    """An API token of ``account`` in the store at ``url`` (made once per database)."""
    sleutel = (url, account.naam)
    if sleutel not in _tokens:
        opgeslagen = zorg_voor_account(url, account)
        store = Store.open(url, gebruiker=opgeslagen, migreer=False)
        try:
            _tokens[sleutel], _ = store.accounts_repo.maak_token(account.naam, "tests")
        finally:
            store.sluit()
    return _tokens[sleutel]


def client_als(app: Any, account: Account = BEHEERDER) -> Any:
    """A Flask test client of ``app`` that acts for ``account`` (its API token)."""
    c = app.test_client()
    token = token_voor(app.config["DATABASE_URL"], account)
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return c


def meld_aan(page: Any, origin: str, account: Account = BEHEERDER) -> None:
    """Log in through the real login form of the server at ``origin``."""
    page.goto(origin + "/aanmelden")
    page.fill("#naam", account.naam)
    page.fill("#wachtwoord", WACHTWOORD)
    with page.expect_navigation():
        page.click("#aanmeldformulier button[type=submit]")
    if "/aanmelden" in page.url:
        raise AssertionError(f"aanmelden als {account.naam} mislukt: {page.url}")
