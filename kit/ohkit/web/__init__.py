"""The guide's 在线自查 / Check online page: ohkit itself, run in the browser under Pyodide.

* ``ohkit.web.api.check(files, as_of=…, lang=…, facts=…, answers=…)`` — the one call the page's
  Web Worker makes: dropped file bytes in; validation, assessment, due dates, questions, the
  page's HTML fragments and the downloads (answers.yaml, enterprise.yaml, report, cards) out.
* ``python -m ohkit.web build`` — fetches the pinned Pyodide core (npm) and wheels (PyPI),
  bundles ohkit with its data and a prebuilt catalogue JSON, and places it all in the guide's
  ``docs/assets/online/py/`` (not committed) for ``mkdocs build`` to ship.
"""
from __future__ import annotations
