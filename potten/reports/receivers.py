"""How the reports area reacts, in the same unit of work, to changes in the layers below it."""
from potten.core.signals import decision_made, grant_accepted
from potten.reports import queries
from potten.reports.models import FinalReport, ReportStatus


@grant_accepted.connect
def _open_the_report(decision, actor=None, **kwargs) -> None:
    """An accepted grant owes a final report: it is there (an empty draft) from this moment, so
    reminders reach the applicant even if they never open it."""
    from potten.extensions import db
    from potten.reports.operations import lines_from_budget

    application = decision.application
    if queries.report_for(application) is None and decision.report_due is not None:
        db.session.add(FinalReport(application_id=application.id, due_date=decision.report_due,
                                   status=ReportStatus.DRAFT, lines=lines_from_budget(application)))
        db.session.flush()


@decision_made.connect
def _new_due_date(decision, actor=None, replaces=None, **kwargs) -> None:
    """A new decision (after an appeal) may set a new due date for a report not yet sent."""
    report = queries.report_for(decision.application)
    if report is not None and decision.report_due is not None and report.is_editable \
            and report.due_date != decision.report_due:
        report.due_date = decision.report_due
