"""Links for the rows of a list: ``url_for`` once per endpoint and page, the id put in by hand.

A list of 100 rows links each row to its page; ``url_for`` finds and builds the rule every time (about
20 µs). ``row_link`` builds the URL once per request with a stand-in id and splits it there, then joins
each row's id in: the same URL, for an endpoint with one integer parameter (anything else goes to
``url_for`` as before).
"""
from flask import g, url_for

_STAND_IN = 7_093_481_265  # an id no page has; split on, so it must occur once in the URL


def row_link(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)``, cheaper when called for many rows of one list."""
    if len(values) != 1:
        return url_for(endpoint, **values)
    ((name, value),) = values.items()
    if type(value) is not int or value < 0:
        return url_for(endpoint, **values)
    links = g.setdefault("_potten_row_links", {})  # per request: a URL depends on the request's root
    parts = links.get((endpoint, name))
    if parts is None:
        parts = links[(endpoint, name)] = tuple(url_for(endpoint, **{name: _STAND_IN}).split(str(_STAND_IN)))
    if len(parts) != 2:
        return url_for(endpoint, **values)
    return f"{parts[0]}{value}{parts[1]}"
