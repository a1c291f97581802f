"""Pages of a list whose rows are several things at once (an entity and the columns shown beside it)."""
from flask_sqlalchemy.pagination import SelectPagination


class RowPagination(SelectPagination):
    """A page of rows of ``select`` (``SelectPagination`` keeps only the first entity of each row), for a list
    that reads a few columns of related rows beside its entity rather than loading each related row as an
    object of its own."""

    def _query_items(self) -> list:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(stmt).all())


def rows_page(stmt, page: int, per_page: int, total: int | None = None) -> RowPagination:
    """Page ``page`` of the rows of ``stmt``; ``total``: how many rows ``stmt`` gives, when the caller has
    counted them already (several lists counted in one statement): no count is run then."""
    from potten.extensions import db

    pagination = RowPagination(select=stmt, session=db.session, page=page, per_page=per_page,
                               max_per_page=per_page, error_out=False, count=total is None)
    if total is not None:
        pagination.total = total
    return pagination
