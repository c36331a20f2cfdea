"""Messages shared by all commands (CLI plumbing)."""
from ohkit.i18n import N_

MESSAGES = {
    "cli.folder_missing": N_("Folder not found: {path}"),
    "cli.not_a_firm": N_("{path} is not a firm folder: it has no enterprise.yaml. Run `ohkit init {path}` to start one."),
    "cli.bad_date": N_("Cannot read the date {value!r}. Write it as YYYY-MM-DD, e.g. 2026-03-05."),
    "cli.bad_lang": N_("Unknown language {value!r}: use zh or en."),
    "cli.using_example": N_("No firm folder given and none here: using the bundled example {name} ({path})."),
    "cli.internal_error": N_("ohkit stopped because of an internal error: {error}. Please report it with the command you ran."),
    "cli.wrote": N_("Wrote {path}"),
    "cli.as_of_range": N_("--as-of {value} is outside the dates ohkit can assess ({min} to {max})."),
    "cli.within_range": N_("--within {value} is too far ahead: at most {max} days (10 years, 120m)."),
    "cli.bad_duration": N_("Cannot read the period {value!r}. Write a number of days like 60d, weeks like 8w or months like 2m."),
    "cli.broken_install": N_("The command `ohkit {command}` cannot start because this ohkit install is incomplete ({error}). Reinstall ohkit."),
}
