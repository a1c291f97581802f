"""Error pages in the user's language."""
from flask import render_template

from potten.extensions import db


def init_app(app) -> None:
    def page(code):
        def handler(error):
            if code >= 500:
                db.session.rollback()
            from potten.core.security import RefusedInput

            message = error.description if isinstance(error, RefusedInput) else None
            return render_template(f"errors/{code}.html", error=error, message=message), code
        return handler

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, page(code))
