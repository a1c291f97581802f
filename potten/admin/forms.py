"""Admin forms: search users, change a role, filter the audit log."""
from wtforms import HiddenField, SearchField, SelectField, StringField
from wtforms.validators import AnyOf, Length, Regexp

from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role

GRANTABLE = (Role.REVIEWER, Role.DECISION_MAKER, Role.FINANCE, Role.ADMIN)

ROLE_LABELS = {
    Role.APPLICANT: _l("Applicant"),
    Role.REVIEWER: _l("Reviewer"),
    Role.DECISION_MAKER: _l("Decision maker"),
    Role.FINANCE: _l("Finance"),
    Role.ADMIN: _l("Admin (programme office)"),
}


class SearchForm(BaseForm):
    """A GET form: filters go in the address, so a result page can be bookmarked."""

    class Meta:
        csrf = False


class UserSearchForm(SearchForm):
    q = SearchField(_l("Search by name or e-mail address"),
                    validators=[Length(max=200, message=_l("Search for at most 200 characters."))])


class RoleForm(BaseForm):
    role = HiddenField(validators=[AnyOf([r.value for r in GRANTABLE], message=_l("Choose a role."))])
    change = HiddenField(validators=[AnyOf(["grant", "revoke"], message=_l("Choose a role."))])


class AuditFilterForm(SearchForm):
    action = SelectField(_l("What happened"), choices=[], validate_choice=False)
    actor = StringField(_l("Who did it (name or e-mail address)"),
                        validators=[Length(max=200, message=_l("Search for at most 200 characters."))])
    object_type = SelectField(_l("Kind of object"), choices=[], validate_choice=False)
    object_id = StringField(_l("Object number"), validators=[
        Regexp(r"^[0-9]{0,9}$", message=_l("The object number is a whole number, like 12."))])
