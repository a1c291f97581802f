"""The cheaper template helpers give exactly what Flask, Jinja and WTForms give: form attributes
(``potten.core.widgets``), ``_()`` in templates (``potten.core.i18n``) and ``url_for`` (``potten.core.urls``)."""
import pytest
from markupsafe import Markup

from potten.core import widgets


class Lazy:
    def __str__(self):
        return 'lazy <"text">'


@pytest.mark.parametrize("attributes", [
    {},
    {"name": "title", "id": "title", "class_": "ds-input input-short"},
    {"checked": True, "readonly": False, "value": 'a "quoted" <b>&</b>'},
    {"data_autofocus": True, "aria_describedby": "x-description x-error", "aria_invalid": "true"},
    {"value": Markup('<b title="x">safe</b>'), "maxlength": 200, "min": 0, "step": 1.5},
    {"value": Lazy(), "for_": "a", "placeholder": "æøå\u00a0kr", "data_some_thing_": "1"},
    {"value": None, "value_": "", "<odd>": True},
])
def test_html_params_is_wtforms_own(attributes):
    ours = widgets.html_params(**attributes)
    assert isinstance(ours, Markup)
    assert ours == widgets.original_html_params(**attributes)


def test_every_widget_uses_it(app):
    import wtforms.widgets
    import wtforms.widgets.core as core

    assert wtforms.widgets.html_params is widgets.html_params
    assert core.Input.html_params is widgets.html_params
    assert core.html_params is widgets.html_params


@pytest.mark.parametrize("source", [
    '{{ _("Log in") }}',
    '{{ _("100%% sure") }}',
    '{{ _("Hello %(name)s", name="<b>you</b>") }}',
    '{% trans name="<i>x</i>" %}Hi {{ name }} 50%{% endtrans %}',
    '{{ ngettext("%(num)d file", "%(num)d files", 3) }}',
])
@pytest.mark.parametrize("autoescape", [True, False])
def test_template_gettext_is_jinjas_own(app, source, autoescape):
    from jinja2.ext import _make_new_gettext

    from potten.core.i18n import translations

    with app.test_request_context():
        ours = app.jinja_env.overlay(autoescape=autoescape).from_string(source).render()
        theirs_env = app.jinja_env.overlay(autoescape=autoescape)
        theirs_env.globals = {**app.jinja_env.globals,
                              "_": _make_new_gettext(lambda s: translations().ugettext(s)),
                              "gettext": _make_new_gettext(lambda s: translations().ugettext(s))}
        assert ours == theirs_env.from_string(source).render()


@pytest.mark.parametrize("endpoint, values", [
    ("public.index", {}),
    ("static", {"filename": "potten.css"}),
    ("applications.show", {"application_id": 7}),
    ("applications.show", {"application_id": 7, "page": "2", "q": "a b&c"}),
    ("applications.show", {"application_id": 7, "_anchor": "letters"}),
    ("applications.show", {"application_id": 7, "_external": True}),
    ("accounts.login", {"next": "/soknad/1?x=ø"}),
])
def test_template_url_for_is_flasks_own(app, endpoint, values):
    template = app.jinja_env.from_string("{{ url_for(endpoint, **values) }}")
    for root in ("", "/potten"):
        with app.test_request_context("/", base_url=f"http://example.no{root}/"):
            from flask import url_for

            expected = str(Markup.escape(url_for(endpoint, **values)))
            assert template.render(endpoint=endpoint, values=values) == expected
            assert template.render(endpoint=endpoint, values=values) == expected  # remembered: the same


def test_template_url_for_does_not_mix_up_values(app):
    template = app.jinja_env.from_string("{{ url_for('applications.show', application_id=n) }}")
    with app.test_request_context():
        assert template.render(n=1) == "/soknad/1"
        assert template.render(n=2) == "/soknad/2"
