"""Who may see a letter: the applicant and members of the applying organisation,
and the staff who decide (admin, decision maker). Everyone else gets a 404."""
from potten.applications.models import barred
from potten.core.roles import Role

STAFF = (Role.ADMIN, Role.DECISION_MAKER)


def is_letter_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*STAFF)


def can_view_letter(letter, user) -> bool:
    """A staff member who declared a conflict for the application sees its letters no more than a stranger."""
    return letter.application.is_own(user) or (is_letter_staff(user) and not barred(user, letter.application))
