"""Accounts made for new people (a panel member seated by the secretariat) and their one-time
activation link.

A new account has no usable password: its person sets one through
`/aktivasi/<uidb64>/<token>/`, whose token is Django's `PasswordResetTokenGenerator` with a
salt of its own (a password-reset token does not activate, nor the reverse). The token hashes
the account's password and last login, so it dies once the password is set; it also expires
after `PASSWORD_RESET_TIMEOUT` (three days by default), after which the secretariat makes a new
one. The link is never stored: it is mailed when `EMAIL_HOST` is configured, otherwise handed
back once to the admin who acted (and shown on the page after the action, never again).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from paritrana.errors import Conflict, DomainError


class InvitationError(DomainError):
    """An account that cannot be made or activated so (message in Bahasa Indonesia)."""

    http_status = 422
    code = "invalid"


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "paritrana.access.invitations.ActivationTokenGenerator"


activation_tokens = ActivationTokenGenerator()


@dataclass(frozen=True)
class Invitation:
    """A new or not yet activated account and its link (absolute when a base was known)."""

    user: Any
    link: str
    mailed: bool
    # Why a mail that was to be sent was not (the mail server refused or could not be reached):
    # the link is then handed over as when mail is not set up, and the account stands.
    mail_error: str = ""


def find_account(identifier: str) -> Any | None:
    """The account with this username or (case-insensitively) this email; None when there is
    none; `InvitationError` when the email is shared by several accounts."""
    users = get_user_model().objects
    text = identifier.strip()
    if not text:
        return None
    found = users.filter(username=text).first()
    if found is not None:
        return found
    matches = list(users.filter(email__iexact=text)[:2])
    if len(matches) > 1:
        raise InvitationError(
            f"Email {text} dipakai oleh lebih dari satu akun; sebutkan nama penggunanya."
        )
    return matches[0] if matches else None


def _free_username(email: str) -> str:
    users = get_user_model().objects
    base = email.strip().lower()[:140]
    candidate, n = base, 1
    while users.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def create_account(*, name: str, email: str) -> Any:
    """A new account for `email`, named `name`, without a usable password."""
    email = email.strip().lower()
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise Conflict(f"Sudah ada akun dengan email {email}.")
    user = get_user_model()(username=_free_username(email), email=email, first_name=name[:150])
    user.set_unusable_password()
    user.save()
    return user


def awaiting_activation(user: Any) -> bool:
    """The account was made for its person and has never had a password set."""
    return not user.has_usable_password() and user.last_login is None


def activation_path(user: Any) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("web:activate", args=[uidb64, activation_tokens.make_token(user)])


def invite(*, user: Any, base_url: str = "") -> Invitation:
    """The account's activation link, mailed when mail is configured."""
    if not awaiting_activation(user):
        raise InvitationError(
            f"Akun {user.get_username()} sudah aktif; pemiliknya masuk dengan kata sandinya "
            "sendiri (atau memakai pemulihan kata sandi)."
        )
    base = (base_url or settings.PARITRANA_BASE_URL).rstrip("/")
    link = base + activation_path(user)
    if not (settings.EMAIL_HOST and user.email):
        return Invitation(user=user, link=link, mailed=False)
    try:
        send_mail(
            subject="Aktivasi akun Paritrana",
            message=(
                f"Yth. {user.get_full_name() or user.get_username()},\n\n"
                "Sekretariat Paritrana Award membuatkan akun untuk Anda (nama pengguna: "
                f"{user.get_username()}). Buka tautan berikut untuk menetapkan kata sandi; "
                "tautan hanya dapat dipakai sekali:\n\n"
                f"{link}\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    except (smtplib.SMTPException, OSError) as exc:
        # As a reminder that cannot be mailed: said, not a failure of the whole verb (which
        # would roll back the accounts of people already mailed their links).
        error = f"Email gagal dikirim ke {user.email}: {exc}"[:300]
        return Invitation(user=user, link=link, mailed=False, mail_error=error)
    return Invitation(user=user, link=link, mailed=True)


def account_of_link(uidb64: str, token: str) -> Any | None:
    """The account a link activates, or None when the link is unknown, used or expired."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = get_user_model().objects.filter(pk=int(pk)).first()
    except (ValueError, TypeError, OverflowError):
        return None
    if user is None or not user.is_active or not awaiting_activation(user):
        return None
    return user if activation_tokens.check_token(user, token) else None
