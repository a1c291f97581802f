"""Human words for the audit log: every action and every kind of object, in both languages.

The log stores codes (``application.saved``, ``Application``) so that it never changes with a
translation; pages show these words. ``tests/test_audit_words.py`` finds every action the code
logs and every table, and fails if one has no words here.
"""
from potten.core.i18n import lazy_gettext as _l

ACTIONS = {
    "appeal.board_outcome": _l("The appeals board's outcome recorded"),
    "appeal.filed": _l("Appeal filed"),
    "appeal.forwarded": _l("Appeal sent to the appeals board"),
    "application.saved": _l("Application saved"),
    "application.started": _l("Application started"),
    "application.status_changed": _l("Status changed"),
    "application.submitted": _l("Application sent"),
    "application.withdrawn": _l("Application withdrawn"),
    "attachment.added": _l("Attachment added"),
    "attachment.removed": _l("Attachment removed"),
    "budget.moved": _l("Budget moved between focus areas"),
    "conflict.declared": _l("Conflict of interest declared"),
    "decision.made": _l("Decision made"),
    "decision_defaults.saved": _l("Default grant conditions saved"),
    "letter.built": _l("Decision letter made"),
    "letter.issued": _l("Decision letter ordered"),
    "letter.retried": _l("Decision letter tried again"),
    "letter.sent": _l("Decision letter sent"),
    "organisation.changed": _l("Organisation changed"),
    "organisation.member_added": _l("Member added to organisation"),
    "organisation.member_removed": _l("Member removed from organisation"),
    "organisation.registered": _l("Organisation registered"),
    "public_text.reset": _l("Public page reset to the built-in text"),
    "public_text.saved": _l("Public page edited"),
    "review.assigned": _l("Reviewer assigned"),
    "review.info_answered": _l("The applicant answered"),
    "review.info_requested": _l("More information requested"),
    "review.saved": _l("Review draft saved"),
    "review.submitted": _l("Review submitted"),
    "review.unassigned": _l("Reviewer removed"),
    "round.changed": _l("Round changed"),
    "round.created": _l("Round created"),
    "round.criterion_added": _l("Criterion added"),
    "round.criterion_changed": _l("Criterion changed"),
    "round.criterion_removed": _l("Criterion removed"),
    "round.focus_area_added": _l("Focus area added"),
    "round.focus_area_changed": _l("Focus area changed"),
    "round.focus_area_removed": _l("Focus area removed"),
    "standard_reason.added": _l("Standard reason added"),
    "standard_reason.changed": _l("Standard reason changed"),
    "user.created": _l("User created"),
    "user.deactivated": _l("User deactivated"),
    "user.email_verified": _l("E-mail address confirmed"),
    "user.locale_changed": _l("Language changed"),
    "user.password_changed": _l("Password changed"),
    "user.password_reset": _l("Password reset from a link"),
    "user.password_reset_by_demo": _l("Password set by the demo"),
    "user.password_reset_requested": _l("Password reset asked for"),
    "user.profile_changed": _l("Profile changed"),
    "user.reactivated": _l("User activated again"),
    "user.registered": _l("User registered"),
    "user.role_granted": _l("Role given"),
    "user.role_revoked": _l("Role taken away"),
    "user.verification_sent": _l("Confirmation link sent"),
}

OBJECT_TYPES = {  # the model's class name, as the log stores it
    "Appeal": _l("Appeal"),
    "Application": _l("Application"),
    "Attachment": _l("Attachment"),
    "AuditEntry": _l("Audit entry"),
    "BudgetLine": _l("Budget line"),
    "BudgetMove": _l("Budget move"),
    "CaseCounter": _l("Case number counter"),
    "ConflictDeclaration": _l("Declaration of conflict of interest"),
    "Criterion": _l("Criterion"),
    "Decision": _l("Decision"),
    "DecisionDefaults": _l("Default grant conditions"),
    "FocusArea": _l("Focus area"),
    "InfoRequest": _l("Request for more information"),
    "Letter": _l("Decision letter"),
    "LoginThrottle": _l("Failed logins"),
    "Organisation": _l("Organisation"),
    "OutboxEntry": _l("Job"),
    "PublicText": _l("Public page"),
    "Review": _l("Review"),
    "ReviewAssignment": _l("Review assignment"),
    "ReviewSummary": _l("Review totals"),
    "Round": _l("Round"),
    "Score": _l("Score"),
    "StandardReason": _l("Standard reason"),
    "User": _l("User"),
    "UserRole": _l("Role"),
    "-": _l("Nothing in particular"),
    "LocalProxy": _l("User"),  # entries written before audit.log unwrapped current_user
}


def action_label(code: str) -> str:
    """The words for an action; an action from a newer or older version shows its code."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def object_label(code: str) -> str:
    label = OBJECT_TYPES.get(code)
    return str(label) if label is not None else code
