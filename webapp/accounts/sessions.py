"""Signing a person in and out."""

from flask import session
from flask_login import login_user, logout_user

from webapp.accounts.models import Account


def sign_in(account: Account) -> None:
    # A fresh session: nothing from before sign-in (or an attacker's fixed cookie) carries over.
    session.clear()
    login_user(account)
    session.permanent = True


def sign_out() -> None:
    logout_user()
    session.clear()
