"""``url_for`` in templates, remembered: a page builds the same addresses on every request (the menu,
the footer, the style sheets, a link per row), and werkzeug builds each anew (a dozen calls a time).

An address is a function of the endpoint, its values and the script root the app is served under; it
is remembered for exactly that, and only where that is all it depends on: in a request (outside one
Flask builds external addresses from the config), for an absolute endpoint name (``.name`` depends on
the current blueprint), with values that are plain ``str`` or ``int`` (no ``_external``, ``_anchor``
or other options) and while no ``url_defaults`` function could change the values. Anything else is
built by Flask as before. The memory is per process and bounded; it holds addresses, never data.
"""
from flask import Flask, request
from flask.globals import _cv_request

MAX_KEPT = 4096
_PLAIN = (str, int)


def init_app(app: Flask) -> None:
    build = app.url_for
    kept: dict[tuple, str] = {}

    def url_for(endpoint: str, /, **values) -> str:
        if _cv_request.get(None) is None or endpoint[:1] == "." or any(
                name[:1] == "_" or type(value) not in _PLAIN for name, value in values.items()) \
                or any(app.url_default_functions.values()):
            return build(endpoint, **values)
        key = (request.script_root, endpoint, *sorted((name, type(value), value) for name, value in values.items()))
        found = kept.get(key)
        if found is None:
            found = build(endpoint, **values)
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[key] = found
        return found

    app.jinja_env.globals["url_for"] = url_for
