"""Reading letters: by application, by recipient, and by delivery status for the overview."""
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, load_only

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.core import outbox
from potten.core.paging import RowPagination, rows_page
from potten.extensions import db
from potten.letters.models import FAILED, PENDING, SENT, Letter
from potten.letters.permissions import can_view_letter

STATUSES = (PENDING, SENT, FAILED)
PER_PAGE = 25  # rows a page, as the other staff lists


def _with_status(query):
    """``query`` joined to the letter's two outbox entries (build, mail), and the letter's status as SQL."""
    build, mail = aliased(outbox.OutboxEntry), aliased(outbox.OutboxEntry)
    failed = or_(build.status == outbox.FAILED, mail.status == outbox.FAILED)
    status = case((failed, FAILED), (and_(~failed, mail.status == outbox.DONE), SENT), else_=PENDING)
    query = (query.outerjoin(build, Letter.build_entry_id == build.id)
             .outerjoin(mail, Letter.mail_entry_id == mail.id))
    return query, status, failed, (build, mail)


def letters_for(application, user) -> list[Letter]:
    """The letters of ``application`` that ``user`` may see, newest first."""
    if application is None or getattr(application, "id", None) is None:
        return []
    letters = db.session.scalars(
        select(Letter).where(Letter.application_id == application.id)
        .options(joinedload(Letter.build_entry), joinedload(Letter.mail_entry))
        .order_by(Letter.created_at.desc(), Letter.id.desc())
    ).all()
    return [letter for letter in letters if can_view_letter(letter, user)]


def own_applications_with_letters(user) -> list[Application]:
    """The applications of ``user`` (or of their organisations) that have letters."""
    org_ids = [o.id for o in user.organisations]
    return list(db.session.scalars(
        select(Application).where(
            or_(Application.applicant_id == user.id, Application.organisation_id.in_(org_ids or [-1])),
            Application.id.in_(select(Letter.application_id)))
        .order_by(Application.submitted_at.desc(), Application.id.desc())
    ).all())


def counts() -> dict[str, int]:
    query, status, _failed, _entries = _with_status(select(Letter.id))
    rows = db.session.execute(query.with_only_columns(status, func.count(Letter.id)).group_by(status)).all()
    found = {status: n for status, n in rows}
    return {status: found.get(status, 0) for status in STATUSES}


def overview(status: str | None, page: int = 1, total: int | None = None, viewer=None) -> RowPagination:
    """A page of letters for the staff overview, failed first, then newest first, without the applications
    ``viewer`` declared a conflict of interest for (habilitet): rows of the ``Letter``, its ``case_number``
    and its ``applicant`` (the organisation's name, or the person's). ``total``: how many letters the filter
    gives, when the caller knows it already (from ``counts``): no count is run then."""
    applicant = func.coalesce(Organisation.name, User.name).label("applicant")
    query = (select(Letter, Application.case_number, applicant)
             .join(Application, Application.id == Letter.application_id)
             .join(User, User.id == Application.applicant_id)
             .outerjoin(Organisation, Organisation.id == Application.organisation_id))
    query, letter_status, failed, (build, mail) = _with_status(query)
    if viewer is not None:
        from potten.review.models import ConflictDeclaration

        query = query.where(Letter.application_id.not_in(select(ConflictDeclaration.application_id).where(
            ConflictDeclaration.user_id == viewer.id, ConflictDeclaration.has_conflict.is_(True))))
    # only what a row shows, the application and its applicant as two columns, not three objects a row; the
    # outbox entries from the joins that give the status, not joined a second time (seven joins took longer
    # to plan than to run)
    query = query.options(
        load_only(Letter.application_id, Letter.kind, Letter.locale, Letter.recipient_email, Letter.filename,
                  Letter.created_at, Letter.built_at, Letter.pdf_size, Letter.build_entry_id, Letter.mail_entry_id),
        contains_eager(Letter.build_entry.of_type(build)).load_only(build.status, build.done_at, build.last_error),
        contains_eager(Letter.mail_entry.of_type(mail)).load_only(mail.status, mail.done_at, mail.last_error))
    if status in STATUSES:
        query = query.where(letter_status == status)
    order = case((failed, 0), else_=1)
    return rows_page(query.order_by(order, Letter.created_at.desc(), Letter.id.desc()), page, PER_PAGE, total)
