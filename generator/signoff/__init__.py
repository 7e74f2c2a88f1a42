"""Read-and-sign records: who has read which edition, who must re-read after a revision.

Input: a loaded Handbook, docs/people/roster.yaml and docs/people/signoffs.yaml, the published
editions (git tags) and what each changed. Output: fillable sign-off sheets, quiz papers and
per-role 修订学习签收单 (`sheets`), rows appended to the register from filled PDFs and result
slips (`collect`), and the report per person, track and team (`status`, `report`).
Modules, in the order they depend on each other: records → status → sheets → slip → collect → report → commands.
"""

from .commands import app as signoff_app, check_records, report_page, write_sheets
from .history import History, history
from .sheets import FillableJob, fillable_jobs

__all__ = ["check_records", "History", "FillableJob", "fillable_jobs", "history", "report_page", "signoff_app", "write_sheets"]
