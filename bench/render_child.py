"""Child process of bench_render.py --baseline: renders a pickled Assessment with the ohkit found
on PYTHONPATH (this tree or an older one unpacked by the parent) and prints CPU and wall seconds
per rendering as JSON. Not meant to be run by hand.

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
        from ohkit.render.report import render_report

        def job():  # noqa: ANN202
            return render_report(a, lang)
    from ohkit.render.pdf import quiet_weasyprint

    quiet_weasyprint()
    job()  # warm up: imports, fonts, templates
    out = []
    for _ in range(int(runs)):
        w, c = time.perf_counter(), time.process_time()
        job()
        out.append({"wall": time.perf_counter() - w, "cpu": time.process_time() - c})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
