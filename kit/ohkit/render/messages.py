"""Render-layer message codes and constants (no heavy imports here)."""
from ohkit.i18n import N_

MESSAGES = {
    "ren.font_missing": N_("The bundled font lacks these characters ({count}): {chars}. They are drawn with an installed system font (Noto Sans CJK SC first); on a machine without one they may print as boxes. Install fonts-noto-cjk, or check that these characters are meant."),
    "ren.no_posts": N_("No post with hazards in the records, so there is no notice card to print. Fill in the posts table (post, hazards) and run again."),
    "ren.card_overflow": N_("The notice card for post {post} does not fit on one page even in small type ({pages} pages). Print it at 600x400 (--size 600x400) or list fewer hazards for this post."),
    "ren.post_unknown": N_("No post with the ID {post}. Posts with hazards: {known}."),
    "ren.bad_size": N_("Unknown card size {value!r}: use a4 or 600x400."),
    "ren.pdf_failed": N_("Could not write the PDF: {error}."),
    "ren.out_in_records": N_("The output folder {path} is inside the firm folder. ohkit never writes into the records: choose another folder with -O."),
    "ren.pipeline_missing": N_("This ohkit install is incomplete ({module} is missing); reinstall ohkit."),
    "ren.due_none": N_("Nothing falls due within {days} days of {date} and nothing is overdue."),
    "ren.due_summary": N_("{overdue} overdue, {upcoming} due within {days} days of {date}."),
    "ren.refused_unread": N_("Nothing was written: {count} record files could not be read (listed above), and outputs from the rest would mislead. Fix them, or run again with --partial to get outputs marked INCOMPLETE."),
    "ren.partial_outputs": N_("--partial: {count} record files could not be read (listed above); every output is marked INCOMPLETE and names them."),
    "ren.records_unreadable": N_("The records have problems ({count}) that stop part of them being read; what follows uses only what could be read. Run `ohkit validate` to see each problem (file, row, column) and fix it, then run again."),
    "ren.ics_in_records": N_("The calendar file {path} would be written inside the firm folder. ohkit never writes into the records: give --ics a path outside the firm folder."),
    "ren.harfbuzz_missing": N_("The library libharfbuzz-subset is not installed, so writing PDFs is much slower (whole fonts are embedded). On Debian/Ubuntu: sudo apt install libharfbuzz-subset0."),
    "ren.records_problems": N_("Problems in the records: {count} (run `ohkit validate` to see them); this report is based on what could be read."),
}
