"""Pages of a list whose rows are several things at once (an entity and the columns shown beside it)."""
from flask_sqlalchemy.pagination import SelectPagination


class RowPagination(SelectPagination):
    """A page of rows of ``select`` (``SelectPagination`` keeps only the first entity of each row), for a list
    that reads a few columns of related rows beside its entity rather than loading each related row as an
    object of its own."""

    def _query_items(self) -> list:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(stmt).all())
