"""The applicant's pages (skeleton: filled in by the applications work)."""
from flask import render_template
from flask_login import login_required

from potten.applications import bp


@bp.get("/mine-soknader")
@login_required
def mine():
    return render_template("applications/mine.html", applications=[])


@bp.get("/utlysning/<int:round_id>/ny")
@login_required
def new(round_id: int):
    return render_template("applications/mine.html", applications=[])
