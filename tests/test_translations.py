"""Every text the user can see has a bokmål translation."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def test_every_message_has_a_bokmal_translation():
    with (ROOT / "potten/translations/nb/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.string and m.id}
    method_map = [("potten/**.py", "python"), ("workers/**.py", "python"),
                  ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
    missing = set()
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS):
        if filename.startswith(("node_modules", ".venv")):
            continue
        msgid = message if isinstance(message, str) else message[0]
        if msgid and msgid not in translated:
            missing.add(f"{filename}: {msgid}")
    assert not missing, "untranslated:\n" + "\n".join(sorted(missing))
