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


def field_html(f, description=None, width=None, note=None, attrs=None) -> Markup:
    """One form field with its label, description and first error, as ``_macros.html``'s ``field`` writes it
    (the macro calls this): Designsystemet's markup, the description and the error named by
    ``aria-describedby``, "(optional)" after the label of a field that is not required unless ``note`` says
    something else. Written in Jinja it cost about 40 calls more a field (700 of the 12 600 calls of
    ``/admin/runder/ny``, 17 fields); ``attrs`` are the macro's extra keyword arguments, given to the input (not to
    a checkbox)."""
    from potten.core.i18n import gettext

    if f.type == "DayField":
        description = Markup(escape(description) + " " if description else "") + escape(f.description)
    errors = f.errors
    invalid = len(errors) > 0
    described = " ".join(([f"{f.id}-description"] if description else []) + ([f"{f.id}-error"] if invalid else []))
    aria = {"aria_invalid": "true" if invalid else False, "aria_describedby": described or False}
    fid, label = escape(f.id), escape(f.label.text)
    about = f' data-size="sm" id="{fid}-description">{escape(description)}</p>' if description else ""
    if f.type == "BooleanField":
        out = (f'<div class="ds-field form-row"><div class="checkbox-row">{f(class_="ds-input", **aria)}'
               f'<label class="ds-label" data-weight="regular" for="{fid}">{label}</label></div>'
               + (f'<p class="ds-paragraph"{about}' if about else ""))
    else:
        if note:
            label += Markup(f' <span class="optional">({escape(note)})</span>')
        elif not f.flags.required:
            label += Markup(f' <span class="optional">({escape(gettext("optional"))})</span>')
        out = (f'<div class="ds-field form-row"><label class="ds-label" for="{fid}">{label}</label>'
               + (f'<p class="ds-paragraph field-description"{about}' if about else "")
               + str(f(class_="ds-input" + (f" input-{width}" if width else ""), **aria, **(attrs or {}))))
    if invalid:
        out += f'<p class="ds-validation-message" id="{fid}-error">{escape(errors[0])}</p>'
    return Markup(out + "</div>")
