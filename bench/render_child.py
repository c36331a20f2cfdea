"""Child process of bench_render.py --baseline: renders a pickled Assessment with the ohkit found
on PYTHONPATH (this tree or an older one unpacked by the parent) and prints CPU and wall seconds
per rendering as JSON. Not meant to be run by hand. ``report`` is the whole report job as
``ohkit report`` runs it: ``commands.papers.write_report`` (report HTML + PDF, appendix A PDF
where this tree prints it apart, action plan XLSX + CSV) into a temporary folder; its CPU
seconds include any child process it forks ("cpu_children").

    python bench/render_child.py ASSESSMENT.pickle POSTS.pickle report|cards LANG RUNS
"""
from __future__ import annotations

import json
import pickle
import sys
import time


def main() -> int:
    a_path, posts_path, what, lang, runs = sys.argv[1:6]
    a = pickle.loads(open(a_path, "rb").read())
    if what == "cards":
        import dataclasses

        a = dataclasses.replace(a, posts=pickle.loads(open(posts_path, "rb").read()))
        from ohkit.render.cards import render_cards

        def job():  # noqa: ANN202
            return render_cards(a, lang)
    else:
        import tempfile
        from pathlib import Path

        from ohkit.commands.papers import write_report
        from ohkit.i18n import translator

        out = Path(tempfile.mkdtemp())

        def job():  # noqa: ANN202
            try:  # templates compiled afresh each run, as each `ohkit report` process compiles them
                from ohkit.render.report import template_env

                template_env.cache_clear()
            except AttributeError:  # an ohkit that made a new environment per document anyway
                pass
            return write_report(a, translator(lang), out)
    from ohkit.render.pdf import quiet_weasyprint

    quiet_weasyprint()
    job()  # warm up: imports, fonts, templates
    res = []
    import os

    for _ in range(int(runs)):
        t0, w = os.times(), time.perf_counter()
        job()
        wall, t1 = time.perf_counter() - w, os.times()
        own = t1.user + t1.system - t0.user - t0.system
        kids = t1.children_user + t1.children_system - t0.children_user - t0.children_system
        res.append({"wall": wall, "cpu": own + kids, "cpu_self": own, "cpu_children": kids,
                    "cpu_longest": max(own, kids)})
    print(json.dumps(res))
    if what != "cards":
        import shutil

        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
