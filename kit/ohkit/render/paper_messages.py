"""Message codes of the comparison with the last self-check and of the declaration form
(render domain; no heavy imports here)."""
from ohkit.i18n import N_

MESSAGES = {
    "cmp.missing": N_("The earlier file {path} does not exist. Give --since the path of a JSON file that ohkit wrote."),
    "cmp.unreadable": N_("Cannot read the earlier file {path}: {error}. Give --since a JSON file that ohkit wrote."),
    "cmp.not_assessment": N_("{path} is not an ohkit assessment (it has no date or no findings). Give --since a …-assessment.json file that `ohkit report` wrote beside the report, or the output of `ohkit assess -o json`."),
    "cmp.not_portfolio": N_("{path} is not an ohkit portfolio (it has no date or no firms). Give --since the output of an earlier `ohkit portfolio -o json`."),
    "cmp.used": N_("Compared with the earlier self-check {path} of {date}."),
    "cmp.none_found": N_("No earlier self-check found in {folder}, so the report has no comparison page. Each report writes its …-assessment.json beside it for next time; or give --since FILE."),
    "cmp.not_earlier": N_("The file {path} is of {date}, not earlier than this assessment ({as_of}); it is compared all the same."),
    "decl.due.yes": N_("A declaration is due now: see why and by when below."),
    "decl.due.no": N_("No declaration is due now; the next dates are below."),
    "decl.due.unknown": N_("The records cannot show whether a declaration is due: add the declarations table (past declarations with their dates)."),
    "decl.r.initial_due": N_("No declaration on record although the workplace has hazard factors: declare now ({law}; Law on the Prevention and Control of Occupational Diseases Art. 16)."),
    "decl.r.initial_unknown": N_("The records have no declarations table. If the firm has never declared, declare now ({law}); otherwise list the past declarations."),
    "decl.r.initial_unknown_hazards": N_("No declaration on record, and the posts table does not yet show whether the workplace has hazard factors. Fill in the posts table; if there are any, declare now ({law})."),
    "decl.r.none": N_("No hazard factor in the records: nothing to declare ({law})."),
    "decl.r.change_due": N_("{event} on {date}: file a change declaration within {days} days, by {deadline} ({law})."),
    "decl.r.change_overdue": N_("{event} on {date}: the change declaration was due by {deadline} and is not on record: file it now ({law})."),
    "decl.r.detection_check": N_("Report {event} of {date} ({over} points over the limit) came after the last declaration. If its results change what was declared, file a change within {days} days of receiving it — by {deadline} if received on the report date ({law})."),
    "decl.r.annual_window": N_("The annual update is open now: from {opens} to {deadline}, 11 to 13 months after the last declaration of {date} ({law})."),
    "decl.r.annual_overdue": N_("The annual update was due by {deadline}, 13 months after the last declaration of {date}: file it now ({law})."),
    "decl.r.annual_upcoming": N_("Next annual update between {opens} and {deadline} ({law})."),
    "decl.missing": N_("To fill in: {items}."),
    "decl.no_hazards": N_("No post with hazard factors in the records: the form has nothing to declare. If there are hazards, list them in the posts table."),
}
