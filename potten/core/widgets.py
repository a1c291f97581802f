"""WTForms' ``html_params`` (every attribute of every form field), the same markup for a fraction of the work.

WTForms writes each attribute with ``Markup('{k}="{v}"').format(...)``: markupsafe's escaping formatter,
``string.Formatter`` in pure Python, once per attribute. A form of twenty fields spends most of its page's
time there (``/admin/runder/ny``: 17 fields, about 40 % of the request). ``html_params`` below returns the
identical Markup (tests/test_widgets.py holds it to WTForms' own on every kind of value) with plain string
formatting; ``install()`` puts it where WTForms' widgets look it up.
"""
import wtforms.widgets
import wtforms.widgets.core as core
from markupsafe import Markup, escape

_QUOTE, _QUOTE_ENTITY = Markup('"'), Markup("&quot;")
original_html_params = core.html_params


def html_params(**kwargs) -> Markup:
    """``wtforms.widgets.html_params``: attributes sorted by name, ``class_`` → ``class``, ``data_x``/``aria_x``
    → ``data-x``/``aria-x``, ``True`` as a bare attribute, ``False`` left out, every value escaped."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = core.clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            value = escape(value)
            if '"' in value:  # only Markup brings a bare quote; escape() writes &#34;
                value = value.replace(_QUOTE, _QUOTE_ENTITY)
            params.append(f'{escape(key)}="{value}"')
    return Markup(" ".join(params))


def install() -> None:
    """Let every WTForms widget (and the label) use ``html_params``; idempotent."""
    core.html_params = html_params
    wtforms.widgets.html_params = html_params
    for widget in vars(core).values():
        if isinstance(widget, type) and "html_params" in vars(widget):
            widget.html_params = staticmethod(html_params)
