"""The letters area: decision letters, their delivery, and where they can be downloaded."""
from flask import Blueprint

from potten.letters.markup import one_line, quote

__all__ = ["bp", "receivers", "views"]

bp = Blueprint("letters", __name__)
bp.add_app_template_filter(quote, "letter_quote")
bp.add_app_template_filter(one_line, "letter_line")

from potten.letters import receivers, views  # each registers what it adds (routes, receivers)
