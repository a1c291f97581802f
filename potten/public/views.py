"""Public pages: open calls, a round's page, privacy and accessibility, the language switch."""
from functools import cache
from pathlib import Path

from flask import abort, redirect, render_template, request, send_from_directory, session, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from potten.core import outbox
from potten.core.forms import ActionForm
from potten.core.time import utcnow
from potten.extensions import db
from potten.public import bp
from potten.rounds.models import Round

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules" / "@digdir"


@bp.get("/")
def index():
    rounds = db.session.scalars(_open_rounds(), {"now": utcnow()}).unique().all()
    return render_template("public/index.html", rounds=rounds)


@cache
def _open_rounds():
    """Built once (SQLAlchemy caches the SQL, not the building): open rounds with their areas and criteria,
    in one round trip (few rows)."""
    now = bindparam("now")
    return (select(Round).where(Round.opens_at <= now, Round.closes_at > now)
            .options(joinedload(Round.focus_areas), joinedload(Round.criteria))
            .order_by(Round.closes_at))


@bp.get("/utlysning/<int:round_id>")
def round_page(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    return render_template("public/round.html", round=round_, is_open=round_.is_open())


@bp.post("/language")
def set_language():
    form = ActionForm()
    locale = request.form.get("locale")
    if form.validate() and locale in ("nb", "en"):
        session["locale"] = locale
        if current_user.is_authenticated and current_user.locale != locale:
            from potten.accounts.operations import set_locale

            set_locale(current_user, locale)
            outbox.commit()
    target = request.form.get("next") or url_for("public.index")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.index")
    return redirect(target)


@bp.get("/personvern")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/tilgjengelighet")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/vendor/<path:filename>")
def vendor(filename: str):
    """Designsystemet's CSS, installed by npm by the setup command (never committed)."""
    return send_from_directory(NODE_MODULES, filename, max_age=3600)
