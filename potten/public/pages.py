"""The public pages a municipality must have: the privacy notice, the accessibility statement
(both edited by the programme office, in bokmål and English) and the list of grants with its
open data files."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from potten.core.i18n import current_locale
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role, roles_required
from potten.core.views import attempt
from potten.extensions import db
from potten.public import bp, grants, grants_html, texts
from potten.public.forms import PublicTextForm
from potten.rounds.models import FocusArea, Round

TITLES = {"privacy": _l("Privacy notice"), "accessibility": _l("Accessibility statement")}


def _show_text(key: str):
    locale = current_locale()
    body, updated_at, _by = texts.current(key, "en" if locale is not None and locale.language == "en" else "nb")
    return render_template("public/text_page.html", title=str(TITLES[key]), body=texts.render(body),
                           updated_at=updated_at, key=key)


@bp.get("/personvern")
def privacy():
    return _show_text("privacy")


@bp.get("/tilgjengelighet")
def accessibility():
    return _show_text("accessibility")


def _edit_text(key: str, endpoint: str):
    form = PublicTextForm()
    if request.method == "GET":
        form.body_nb.data = texts.current(key, "nb")[0]
        form.body_en.data = texts.current(key, "en")[0]
    if form.validate_on_submit():
        if attempt(form, texts.save_texts, key, {"nb": form.body_nb.data, "en": form.body_en.data}, current_user):
            flash(_("The page is saved."), "success")
            return redirect(url_for(endpoint))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("public/text_edit.html", form=form, title=str(TITLES[key]),
                           page_endpoint={"privacy": "public.privacy", "accessibility": "public.accessibility"}[key],
                           ), status


@bp.route("/admin/personvern", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_privacy():
    return _edit_text("privacy", "public.edit_privacy")


@bp.route("/admin/tilgjengelighet", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_accessibility():
    return _edit_text("accessibility", "public.edit_accessibility")


def _filters() -> tuple[Round | None, FocusArea | None]:
    """The round and focus area asked for (``?runde=…&omrade=…``); an unknown one is a 404."""
    round_ = area = None
    round_id = request.args.get("runde", type=int)
    area_id = request.args.get("omrade", type=int)
    if request.args.get("runde") and round_id is None or request.args.get("omrade") and area_id is None:
        abort(404)
    if round_id is not None:
        round_ = db.session.get(Round, round_id) or abort(404)
    if area_id is not None:
        area = db.session.get(FocusArea, area_id) or abort(404)
        if round_ is not None and area.round_id != round_.id:
            abort(404)
    return round_, area


def _filter_ids() -> tuple[int | None, int | None]:
    """The ids of ``_filters()``, as the files of grants take them."""
    round_, area = _filters()
    return (round_.id if round_ else None), (area.id if area else None)


@bp.get("/tildelinger")
def grants_page():
    round_, area = _filters()
    if area is not None and round_ is None:
        round_ = area.round
    newest = round_ is None and area is None and "runde" not in request.args
    page = grants.page(round_.id if round_ else None, area.id if area else None, newest, grants_html.table_rows)
    args = {k: v for k, v in (("runde", page["round"]), ("omrade", area.id if area else None)) if v}
    return render_template("public/grants.html", page=page, area_id=area.id if area else None,
                           grant_rows=Markup(page["rows"]), fields=grants.FIELDS, args=args)


@bp.get("/tildelinger.csv")
def grants_csv():
    return Response(grants.csv_file(*_filter_ids()), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=tildelinger.csv"})


@bp.get("/tildelinger.json")
def grants_json():
    return Response(grants.json_file(*_filter_ids()),
                    mimetype="application/json", headers={"Access-Control-Allow-Origin": "*"})
