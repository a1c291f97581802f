"""Operations on organisations and their members: change, log, flush; the caller commits."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from potten.accounts.models import KINDS, Organisation, User
from potten.core import audit
from potten.core.errors import Checklist, DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.extensions import db

FIELDS = ("name", "kind", "orgnr", "contact_name", "contact_email", "contact_phone", "address", "postcode", "city")

ALREADY_REGISTERED = _l("This organisation is already registered in Nabolagspotten. Ask one of its members "
                        "to add you: they do it on the organisation's page.")  # they invite you, you accept


def _checked(values: dict, organisation: Organisation | None = None) -> dict:
    """``values`` tidied; raises every broken rule at once (the kind, an organisation number already taken)."""
    out = {k: (values[k] or "").strip() for k in FIELDS if k in values}
    if "orgnr" in out:
        out["orgnr"] = out["orgnr"].replace(" ", "")
    if "contact_phone" in out:
        out["contact_phone"] = out["contact_phone"] or None
    checks = Checklist()
    if "kind" in out and out["kind"] not in KINDS:
        checks.add(_l("Choose what kind of organisation it is."), "kind")
    if "orgnr" in out:
        existing = db.session.scalar(select(Organisation).where(Organisation.orgnr == out["orgnr"]))
        if existing is not None and existing is not organisation:
            checks.add(ALREADY_REGISTERED, "orgnr")
    checks.raise_if_any()
    return out


def _save_unless_orgnr_taken(change, orgnr: str | None) -> None:
    """Make ``change`` and write it in a savepoint. The check before it cannot see a registration of the same
    number committed a moment later by someone else; the unique constraint does, and that person gets the
    same answer as if they had come second."""
    try:
        with db.session.begin_nested():
            change()
    except IntegrityError:
        if orgnr and db.session.scalar(select(Organisation.id).where(Organisation.orgnr == orgnr)) is not None:
            raise DomainError(ALREADY_REGISTERED, field="orgnr") from None
        raise


def register_organisation(user: User, **values) -> Organisation:
    """Register an organisation with ``user`` as its first member. ``orgnr`` must be valid
    (the form checks it) and not registered before."""
    values = _checked(values)
    organisation = Organisation(**values)
    _save_unless_orgnr_taken(lambda: (db.session.add(organisation), organisation.members.append(user)),
                             values["orgnr"])
    audit.log("organisation.registered", organisation, actor=user, after={**values, "members": [user.email]})
    return organisation


def update_organisation(organisation: Organisation, actor: User, **values) -> None:
    """Change the organisation's details; logs the fields that changed, before and after."""
    values = _checked(values, organisation)
    before = {k: getattr(organisation, k) for k, v in values.items() if getattr(organisation, k) != v}
    if not before:
        return
    def change():
        for key in before:
            setattr(organisation, key, values[key])

    _save_unless_orgnr_taken(change, values.get("orgnr"))
    audit.log("organisation.changed", organisation, actor=actor, before=before,
              after={k: values[k] for k in before})


def remove_member(organisation: Organisation, user: User, actor: User) -> None:
    """Remove a member (also oneself). The last member cannot be removed: someone must
    be able to manage the organisation and its applications."""
    if not organisation.has_member(user):
        raise DomainError(_l("This person is not a member."))
    if len(organisation.members) == 1:
        raise DomainError(_l("The last member cannot be removed. Add another member first."))
    before = _member_emails(organisation)
    organisation.members.remove(user)
    audit.log("organisation.member_removed", organisation, actor=actor, before={"members": before},
              after={"members": _member_emails(organisation)})


def _member_emails(organisation: Organisation) -> list[str]:
    return sorted(m.email for m in organisation.members)
