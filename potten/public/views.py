"""Public pages: open calls, a round's page, privacy and accessibility, the language switch."""
from pathlib import Path

from flask import abort, redirect, render_template, request, send_from_directory, session, url_for
from flask_login import current_user

from potten.core.forms import ActionForm
from potten.core.security import safe_target
from potten.extensions import db
from potten.public import bp
from potten.rounds import queries
from potten.rounds.models import Round

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules" / "@digdir"


@bp.get("/")
def index():
    rounds = queries.open_rounds()
    return render_template("public/index.html", rounds=rounds)


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
    return redirect(safe_target(request.form.get("next"), url_for("public.index")))


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
