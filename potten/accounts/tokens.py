"""Signed links sent by mail: confirming an e-mail address, and choosing a new password.

A verification link is valid for 48 hours. A reset link is valid for one hour
and works once: it carries a fingerprint of the password hash, and a new
password (a new argon2 hash with a new salt) makes the fingerprint stale.
Both lifetimes can be changed in the app config (seconds).
"""
import hashlib
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

VERIFY_SALT = "potten.accounts.verify-email"
RESET_SALT = "potten.accounts.reset-password"
VERIFY_MAX_AGE = 48 * 3600
RESET_MAX_AGE = 3600


class TokenExpired(Exception):
    """The link was genuine but is older than its lifetime."""


class TokenInvalid(Exception):
    """The link was altered, is for another purpose, or was already used."""


def _serializer(salt: str, signer: type[TimestampSigner] = TimestampSigner) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=signer)


def _load(salt: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired() from exc
    except BadSignature as exc:
        raise TokenInvalid() from exc
    if not isinstance(data, dict):
        raise TokenInvalid()
    return data


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def verification_token(user, signer: type[TimestampSigner] = TimestampSigner) -> str:
    """``signer``: tests pass one that dates the token back."""
    return _serializer(VERIFY_SALT, signer).dumps({"user": user.id, "email": user.email})


def reset_token(user, signer: type[TimestampSigner] = TimestampSigner) -> str:
    return _serializer(RESET_SALT, signer).dumps({"user": user.id, "pw": password_fingerprint(user.password_hash)})


def verification_max_age() -> int:
    """Seconds a verification link works (``EMAIL_VERIFICATION_MAX_AGE``, default 48 hours)."""
    return int(current_app.config.get("EMAIL_VERIFICATION_MAX_AGE", VERIFY_MAX_AGE))


def reset_max_age() -> int:
    """Seconds a reset link works (``PASSWORD_RESET_MAX_AGE``, default one hour)."""
    return int(current_app.config.get("PASSWORD_RESET_MAX_AGE", RESET_MAX_AGE))


def read_verification(token: str) -> dict:
    """``{"user": id, "email": address}``; raises TokenExpired or TokenInvalid."""
    return _load(VERIFY_SALT, token, verification_max_age())


def read_reset(token: str) -> dict:
    """``{"user": id, "pw": fingerprint}``; raises TokenExpired or TokenInvalid."""
    return _load(RESET_SALT, token, reset_max_age())


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, on ``BASE_URL`` (never on the request's Host header,
    which a visitor controls); works in requests, jobs and CLI commands alike."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
