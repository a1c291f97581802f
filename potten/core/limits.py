"""Rate limits (Flask-Limiter): how often one client, one e-mail address or one account may ask.

The counts live in Redis when ``POTTEN_REDIS_URL`` is set, so every web process on every machine
shares them and each increment is atomic (one Redis command); on the embedded default they live
in the process's memory. While Redis cannot be reached, each process counts in its own memory and
the service goes on answering. A refused request answers 429 with a page in the user's language that
says when to try again, and a ``Retry-After`` header.

The limits are in ``RATE_LIMITS`` (app config), in Flask-Limiter's notation ("10 per hour"):

| name | counted per | default |
|---|---|---|
| ``login_client`` | client (IP address) | 30 per 10 minutes |
| ``reset_client`` / ``reset_address`` | client / e-mail address | 10 per hour / 3 per hour |
| ``register_client`` | client | 10 per hour |
| ``verification_account`` | account | 3 per hour |
| ``invite_account`` | account | 20 per hour |

Wrong passwords for one address from one client are counted in the database, atomically, before
the password is checked (``potten.accounts.throttle``). There is deliberately no limit per address
across all clients on logging in: anyone could use it to lock any known address out.
"""
import hashlib
import math
import time

from flask import Flask, current_app, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user

DEFAULT_LIMITS = {
    "login_client": "30 per 10 minutes",
    "reset_client": "10 per hour",
    "reset_address": "3 per hour",
    "register_client": "10 per hour",
    "verification_account": "3 per hour",
    "invite_account": "20 per hour",
}


def client_key() -> str:
    """The client's address (behind ``POTTEN_TRUSTED_PROXIES`` proxies, the one they saw)."""
    return request.remote_addr or "unknown"


def _hashed(text: str) -> str:
    return hashlib.sha256((text or "").strip().lower().encode()).hexdigest()


def address_key() -> str:
    """The e-mail address in the form, hashed (the same address in any case counts once)."""
    return "address:" + _hashed(request.form.get("email", ""))


def account_key() -> str:
    """The logged-in account (the views it is used on require a login)."""
    return f"account:{current_user.id}" if current_user.is_authenticated else "client:" + client_key()


def only_post() -> bool:
    return request.method != "POST"


limiter = Limiter(key_func=client_key, key_prefix="potten", strategy="moving-window")


def limit(name: str, key_func=client_key):
    """The limit ``name`` of ``RATE_LIMITS`` on a view's POST requests, counted per ``key_func``."""
    exempt = _without_address if key_func is address_key else only_post
    return limiter.limit(lambda: current_app.config["RATE_LIMITS"][name], key_func=key_func,
                         exempt_when=exempt, scope=name)


def _without_address() -> bool:
    """A POST without an address (the form will say so) is not counted for "the empty address"."""
    return only_post() or not request.form.get("email", "").strip()


def minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def _too_many(error: RateLimitExceeded):
    current = limiter.current_limit
    wait = max(1.0, (current.window.reset_time if current else time.time() + 60) - time.time())
    return (render_template("errors/429.html", minutes=minutes(wait)), 429,
            {"Retry-After": str(int(math.ceil(wait)))})


def init_app(app: Flask) -> None:
    app.config.setdefault("RATE_LIMITS", dict(DEFAULT_LIMITS))
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    # Redis gone for a while: count in each process's memory meanwhile, never refuse to serve (or answer 500)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _too_many)
