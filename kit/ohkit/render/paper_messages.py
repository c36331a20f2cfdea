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
}
