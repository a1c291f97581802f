"""Invitations to an organisation: a member invites an e-mail address; the person with that (confirmed)
address accepts or declines on their own page, and until then a member (or an admin) can withdraw it.
Until they accept, nothing changes: nobody becomes a member of an organisation, and so a party to its
applications, without saying yes.

The answer to the member is the same whether the address has an account or not, and so is the mail:
it goes to the address, which is the only one who learns anything.
"""
from sqlalchemy import select

from potten.accounts.models import Organisation, User
from potten.accounts.tokens import external_url
from potten.core import audit
from potten.core.errors import DomainError, NotAllowed
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db


class Invitation(db.Model):
    __tablename__ = "organisation_invitation"
    __table_args__ = (db.UniqueConstraint("organisation_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False, index=True)
    email = db.Column(db.String(254), nullable=False, index=True)  # lower-cased
    invited_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    invited_at = db.Column(UTCDateTime, nullable=False)
    answered_at = db.Column(UTCDateTime, nullable=True)
    accepted = db.Column(db.Boolean, nullable=True)  # None until answered

    organisation = db.relationship(Organisation)
    invited_by = db.relationship(User)

    @property
    def is_pending(self) -> bool:
        return self.answered_at is None


def _address(email: str) -> str:
    return (email or "").strip().lower()


def invite(organisation: Organisation, email: str, actor: User) -> None:
    """Invite ``email`` to ``organisation`` and mail the address. Inviting again while an invitation waits
    changes nothing; after an answer, it asks again. A member's own address is never invited."""
    address = _address(email)
    if any(m.email.lower() == address for m in organisation.members):
        return
    found = db.session.scalar(select(Invitation).where(Invitation.organisation_id == organisation.id,
                                                       Invitation.email == address))
    if found is not None and found.is_pending:
        return
    if found is None:
        found = Invitation(organisation=organisation, email=address)
        db.session.add(found)
    found.invited_by, found.invited_at, found.answered_at, found.accepted = actor, utcnow(), None, None
    db.session.flush()
    audit.log("organisation.member_invited", organisation, actor=actor, after={"email": address})
    account = db.session.scalar(select(User).where(User.email == address))
    send_mail(address, "member_invited", account.locale if account else actor.locale,
              organisation=organisation.name, invited_by=actor.name,
              link=external_url("accounts.my_organisations"))


def pending_for(user: User) -> list[Invitation]:
    """The invitations waiting for ``user``: only once the address is confirmed (it proves it is theirs)."""
    if not user.is_verified:
        return []
    return list(db.session.scalars(select(Invitation).where(
        Invitation.email == _address(user.email), Invitation.answered_at.is_(None)).order_by(Invitation.id)))


def answer(invitation: Invitation, user: User, accept: bool) -> None:
    """Accept (become a member) or decline an invitation to one's own confirmed address."""
    if invitation.email != _address(user.email) or not user.is_verified:
        raise DomainError(_l("This invitation is not for you."))
    if not invitation.is_pending:
        raise DomainError(_l("You have already answered this invitation."))
    invitation.answered_at, invitation.accepted = utcnow(), accept
    organisation = invitation.organisation
    if not accept:
        audit.log("organisation.invitation_declined", organisation, actor=user, after={"email": invitation.email})
        return
    before = sorted(m.email for m in organisation.members)
    if not organisation.has_member(user):
        organisation.members.append(user)
    audit.log("organisation.member_added", organisation, actor=user, before={"members": before},
              after={"members": sorted(m.email for m in organisation.members)})
    db.session.flush()


def withdraw(invitation: Invitation, actor: User) -> None:
    """Take back an invitation not yet answered: the address can no longer accept it (it may be invited
    again). The row goes; the audit log keeps who invited whom, and who withdrew it."""
    organisation = invitation.organisation
    if not organisation.can_manage(actor):
        raise NotAllowed(_l("Only the organisation's members can withdraw its invitations."))
    if not invitation.is_pending:
        raise DomainError(_l("The invitation is already answered, so it can no longer be withdrawn."))
    audit.log("organisation.invitation_withdrawn", organisation, actor=actor, before={"email": invitation.email})
    db.session.delete(invitation)
    db.session.flush()
