"""Every action the code writes to the audit log, and every kind of object, has human words in
both languages; the staff pages show the words, not the codes."""
import ast
from pathlib import Path

from flask_login import current_user, login_user

from potten.core import audit
from potten.core.audit_words import ACTIONS, OBJECT_TYPES
from potten.extensions import db
from tests.accounts.helpers import audit_entries

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("focus_area", "criterion")  # the parts of a round (rounds.operations: round.{kind}_added …)


def _strings(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        template = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return [template.format(kind) for kind in KINDS]
    raise AssertionError(f"an audit action that is not a literal: {ast.dump(node)}")


def _passed_as(trees, function: ast.FunctionDef, name: str) -> list[str]:
    """The strings parameter ``name`` of ``function`` can hold: its default, and what every call
    of the function passes for it (by keyword or by position)."""
    params = [a.arg for a in function.args.posonlyargs + function.args.args]
    position = params.index(name) if name in params else None
    args = function.args
    defaults = list(zip(params[len(params) - len(args.defaults):], args.defaults, strict=True))
    defaults += [(a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    found = [d.value for arg, d in defaults if arg == name and isinstance(d, ast.Constant) and d.value]
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if called != function.name:
                continue
            for value in [k.value for k in node.keywords if k.arg == name] + (
                    [node.args[position]] if position is not None and len(node.args) > position else []):
                if not (isinstance(value, ast.Constant) and value.value is None):
                    found += _strings(value)
    return found


def logged_actions() -> set[str]:
    trees = [ast.parse(path.read_text(encoding="utf-8"))
             for path in [*ROOT.glob("potten/**/*.py"), *ROOT.glob("workers/**/*.py")]]
    found = set()
    for tree in trees:
        for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            for node in ast.walk(function):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "log"
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                    first = node.args[0]
                    found.update(_passed_as(trees, function, first.id) if isinstance(first, ast.Name)
                                 else _strings(first))
    return found


def test_every_logged_action_and_every_table_has_words(app):
    actions = logged_actions()
    assert len(actions) > 40
    assert not actions - set(ACTIONS), f"actions without words in potten/core/audit_words.py: {actions - set(ACTIONS)}"
    models = {mapper.class_.__name__ for mapper in db.Model.registry.mappers}
    assert not models - set(OBJECT_TYPES), f"kinds of object without words: {models - set(OBJECT_TYPES)}"


def test_the_audit_log_and_its_filter_show_words(app, client, login_as):
    admin = login_as("admin")
    with app.test_request_context():
        login_user(admin)
        audit.log("user.profile_changed", current_user, actor=admin)  # current_user is a proxy: logged as User
    db.session.commit()
    assert audit_entries("user.profile_changed")[0].object_type == "User"
    page = client.get("/admin/logg").get_data(as_text=True)
    assert "Profil endret" in page and ">Bruker<" in page and "LocalProxy" not in page
