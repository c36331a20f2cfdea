"""Message codes of the portfolio command (``pf.``); no heavy imports here."""
from ohkit.i18n import N_

MESSAGES = {
    "pf.unreadable": N_("The firm folder could not be read ({error}: {path}). Check that the folder and its files can be opened, then run again."),
    "pf.failed": N_("This firm could not be assessed ({error}). Run `ohkit validate` on its folder to see why; set OHKIT_DEBUG=1 for details."),
    "pf.not_a_file.link": N_("{file} is a link to a file that does not exist, so its records could not be read."),
    "pf.not_a_file.folder": N_("{file} is a folder, not a file, so its records could not be read."),
    "pf.not_a_file.special": N_("{file} is not a regular file (a pipe or a device), so its records could not be read."),
    "pf.fix.not_a_file": N_("Put the records file itself in the firm folder (not a link, folder or pipe), then run again."),
    "pf.dir_missing": N_("The portfolio folder {path} does not exist. Give the folder that holds one sub-folder per client firm."),
    "pf.no_firms": N_("No firm folders in {path}: a firm folder holds an enterprise.yaml, in a sub-folder (or in a sub-folder of a district folder). Create one per client with `ohkit init {path}/<firm>`."),
    "pf.is_firm": N_("{path} is a firm folder, not a folder of firms. Run `ohkit assess {path}` for one firm, or give the folder that holds the client firm folders."),
    "pf.using_examples": N_("No folder given: using the bundled examples ({path})."),
    "pf.out_in_firm": N_("The output folder {path} is inside the firm folder {firm}. ohkit never writes into the records: choose another folder with -O."),
    "pf.header": N_("{firms} client firm(s) on {date}: {action} need action, {unreadable} could not be read."),
    "pf.row_unreadable": N_("{where}: {message}"),
    "pf.row_problem": N_("First record error: {where}: {message}"),
    "pf.metric_line": N_("{name}: {value} ({num}/{den} in {firms} firm(s)), target {target}"),
    "pf.metric_below": N_("below target: {firms}"),
    "pf.to_show": N_("Duties still to be shown in {firms} firm(s): answer them with `ohkit assess FOLDER` in each firm folder (or fill in the records)."),
    "pf.all_ok": N_("No firm needs action."),
}
