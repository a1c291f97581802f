"""Charts of the money per focus area, drawn on the server as SVG (pygal), so they need no
JavaScript; the table beside each chart holds the same figures for those who cannot see it."""
import base64
import sys
from functools import lru_cache

import pygal
from markupsafe import Markup
from pygal.style import Style

from potten.core.i18n import gettext as _

# pygal puts an import hook on sys.meta_path for its map plugins (pygal.maps.*), which we do not use;
# it implements only the old finder API, so every later import in the process warns. Take it off.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]

STYLE = Style(background="white", plot_background="white", foreground="#1e2b3c", foreground_strong="#1e2b3c",
              foreground_subtle="#4b5563", colors=("#1e5ba8", "#117a4b", "#a15c00"), font_family="sans-serif",
              label_font_size=13, major_label_font_size=13, legend_font_size=14, value_font_size=12)


@lru_cache(maxsize=64)
def bar_chart(labels: tuple[str, ...], series: tuple[tuple[str, tuple[int, ...]], ...]) -> Markup:
    """The chart of these figures. Kept per process by its figures and texts (a pure function of them,
    so it is never stale): drawing one takes pygal some 25 ms."""
    chart = pygal.Bar(style=STYLE, width=760, height=320, js=[], disable_xml_declaration=True, show_legend=True,
                      legend_at_bottom=True, x_label_rotation=0, truncate_label=22, print_values=False,
                      value_formatter=lambda v: f"{v:,.0f}".replace(",", " ") + " kr")
    chart.x_labels = labels
    for title, values in series:
        chart.add(title, values)
    # an image (pygal's SVG carries its own <style> and <script>, which the page's CSP refuses inline; as an
    # image it is a document of its own), with an empty alt: the table next to it holds the same figures
    return Markup('<img class="chart-image" alt="" src="data:image/svg+xml;base64,{}">').format(
        base64.b64encode(chart.render(is_unicode=True).encode()).decode())


def by_round(totals) -> dict[int, Markup]:
    """One chart per round: granted, paid and held back per focus area."""
    rounds: dict[int, list] = {}
    for row in totals:
        rounds.setdefault(row.round_id, []).append(row)
    return {round_id: bar_chart(tuple(r.area for r in rows), (
        (_("Granted"), tuple(r.granted for r in rows)), (_("Paid"), tuple(r.paid for r in rows)),
        (_("Held back until the final report"), tuple(r.held_back for r in rows))))
        for round_id, rows in rounds.items()}
