"""The ranking of a focus area for the decision makers: the page, and the same rows as CSV and XLSX."""
from flask import Response, abort, render_template, request
from flask_login import current_user

from potten.core import security
from potten.core.forms import ActionForm
from potten.core.roles import roles_required
from potten.decisions import bp, export, ranking, ranking_html
from potten.review.permissions import MANAGERS


def _ranked_area(focus_area_id: int):
    """The focus area as the database holds it now, and whether this transaction wrote anything."""
    area, mine = ranking.current(focus_area_id)
    return (area, mine) if area is not None else abort(404)


def _ranking(area, mine: bool, everything: bool = False):
    """The ranking as the query string asks for it; the exports and ``page=all`` hold every row."""
    args = request.args
    descending = {"desc": True, "asc": False}.get(args.get("order", ""))
    page = args.get("page", "1")
    number = None if everything or page == "all" else security.page_number(page)
    return ranking.build(area, current_user, sort=args.get("sort", "score"), descending=descending,
                         show=args.get("show", "all"), q=args.get("q", ""), page=number, mine=mine)


@bp.get("/vurdering/innsatsomrade/<int:focus_area_id>/rangering")
@roles_required(*MANAGERS)
def ranking_page(focus_area_id: int):
    area, mine = _ranked_area(focus_area_id)
    found = _ranking(area, mine)
    return render_template("decisions/ranking.html", area=area, ranking=found, args=request.args,
                           rows=ranking_html.table_rows(found),
                           links=ranking_html.page_links(found, request.args),
                           declare_form=ActionForm() if found.undeclared else None, sorts=ranking.SORTS,
                           page_size=ranking.PAGE_SIZE)


@bp.get("/vurdering/innsatsomrade/<int:focus_area_id>/rangering.csv", defaults={"kind": "csv"})
@bp.get("/vurdering/innsatsomrade/<int:focus_area_id>/rangering.xlsx", defaults={"kind": "xlsx"})
@roles_required(*MANAGERS)
def ranking_export(focus_area_id: int, kind: str):
    area, mine = _ranked_area(focus_area_id)
    found = _ranking(area, mine, everything=True)
    name = f"rangering-{area.id}.{kind}"
    if kind == "csv":
        return Response(export.to_csv(found), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={name}"})
    return Response(export.to_xlsx(found),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
