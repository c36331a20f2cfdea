"""How the declaration form's values were derived (engine domain; ``FormValue.note``)."""
from ohkit.i18n import N_

MESSAGES = {
    "decl.note.roster": N_("Counted from the roster: current workers on a post with this factor, each once."),
    "decl.note.roster_all": N_("Counted from the roster (current workers); enterprise.yaml gives no headcount."),
    "decl.note.posts_exposed": N_("From the exposed count of the only post with this factor (no roster)."),
    "decl.note.no_roster": N_("Without a roster the workers on several posts cannot be counted once each: fill in the roster, or count by hand."),
    "decl.note.one_manager": N_("The OH manager named in enterprise.yaml; add any other OH staff."),
    "decl.note.no_report": N_("No testing or evaluation report in the monitoring table."),
    "decl.note.points": N_("Each row of the report in the monitoring table is one point."),
    "decl.note.undecided": N_("{count} points have neither a verdict nor a number to compare with the limit: check them in the report."),
    "decl.note.exam_due": N_("Exposed workers whose periodic exam fell due in the 12 months before the date, or was already overdue (counted as the exam rate counts them; the GBZ 188 intervals ohkit uses are not yet confirmed)."),
    "decl.note.exam_done": N_("Of them, those examined in those 12 months."),
    "decl.note.no_training": N_("No training of this person in the training table."),
    "decl.note.last_training": N_("Date of the latest training in the training table."),
}
