"""potten: the service behind Nabolagspotten, the neighbourhood grant scheme of Torstrand."""
import logging
import os
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_login import current_user

from potten.config import config_from_environment
from potten.extensions import babel, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = ("public", "accounts", "applications", "rounds", "review", "decisions",
              "letters", "reports", "finance", "admin")


def create_app(config: type | None = None, overrides: dict | None = None) -> Flask:
    """Build the application. Only wsgi.py, the CLI, workers and tests call this."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"))
    app.config.from_object(config or config_from_environment())
    app.config.update(overrides or {})
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "potten.sqlite3")
    _check_production(app)
    if app.config.get("TRUSTED_PROXIES"):  # the client's address as the proxies in front saw it
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=1)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    from potten import jobs, models  # noqa: F401  (registers every job and table)
    from potten.core import formatting, postgresql, sqlite  # noqa: F401  (connection settings)

    formatting.init_app(app)
    for name in BLUEPRINTS:
        module = __import__(f"potten.{name}", fromlist=["bp"])
        app.register_blueprint(module.bp)
    from potten import cli, errors
    from potten.core import limits, security, unit_of_work

    security.init_app(app)
    limits.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    unit_of_work.init_app(app)
    return app


def select_locale() -> str:
    """The account's language, else the one chosen on the page, else the browser's, else bokmål."""
    if not has_request_context():
        return "nb"  # jobs and commands choose with flask_babel.force_locale
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user.locale
    chosen = session.get("locale")
    if chosen in ("nb", "en"):
        return chosen
    return request.accept_languages.best_match(["nb", "en"], default="nb")


def _check_production(app: Flask) -> None:
    if app.config.get("PRODUCTION"):
        key = app.config.get("SECRET_KEY") or ""
        if key == "dev-only-not-secret" or len(key) < 32:
            raise RuntimeError("POTTEN_SECRET_KEY must be set to a random value of at least 32 characters "
                               "in production (POTTEN_ENV=production).")


@login_manager.user_loader
def load_user(token: str):
    """The logged-in user with roles and organisations, in one query (every page needs them), while the
    server-side session the cookie names still counts (``potten.accounts.sessions``)."""
    from potten.accounts import sessions

    return sessions.user_for(token)
