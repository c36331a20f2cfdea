"""python -m ohkit.site build [--docs DIR] [--no-cli] [--no-downloads] [--as-of YYYY-MM-DD]
python -m ohkit.site update-po      (then translate, then: python -m ohkit.i18n compile)"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ohkit.site", description="Generate the guide's pages into docs/.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="write generated pages, downloads and CLI output into the docs folder")
    b.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (default: ./docs)")
    b.add_argument("--no-cli", action="store_true", help="do not run ohkit to capture its output")
    b.add_argument("--no-downloads", action="store_true", help="do not write the template downloads")
    b.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="date the example is assessed on")
    b.add_argument("--strict", action="store_true", help="exit 1 if anything was left out (missing command, …)")
    sub.add_parser("update-po", help="add new msgids of the site code and page templates to zh_CN/site.po")
    args = ap.parse_args(argv)
    if args.cmd == "update-po":
        from ohkit.site.build import update_po

        for mid in update_po():
            print("new msgid (translate it in site.po): " + mid)
        return 0
    if not args.docs.is_dir():
        print(f"site: docs folder not found: {args.docs}", file=sys.stderr)
        return 2
    from ohkit.site.build import build

    rep = build(args.docs, cli=not args.no_cli, downloads=not args.no_downloads, as_of=args.as_of,
                log=lambda s: print(s, file=sys.stderr))
    if rep.warnings:
        print(f"site: {len(rep.warnings)} warning(s); see above", file=sys.stderr)
    return 1 if (args.strict and rep.warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
