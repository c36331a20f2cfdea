"""python -m ohkit.site build [--docs DIR] [--no-cli] [--no-downloads] [--as-of YYYY-MM-DD]
python -m ohkit.site offline [-o FILE.zip] [--config mkdocs.yml] [--no-engine]   (the guide as a zip for file:// use)
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
    o = sub.add_parser("offline", help="build the guide for use without a server (file://) and zip it")
    o.add_argument("-o", "--output", type=Path, default=None, help="zip to write (default: ./ohkit-guide-offline.zip)")
    o.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the guide's mkdocs.yml (default: ./mkdocs.yml)")
    o.add_argument("--no-engine", action="store_true",
                   help="leave out the Check online page's engine (about 16 MB; it runs only when the folder is served)")
    sub.add_parser("update-po", help="add new msgids of the site code and page templates to zh_CN/site.po")
    args = ap.parse_args(argv)
    if args.cmd == "update-po":
        from ohkit.site.build import update_po

        for mid in update_po():
            print("new msgid (translate it in site.po): " + mid)
        return 0
    if args.cmd == "offline":
        from ohkit.site.offline import DEFAULT_ZIP, build_zip

        if not args.config.is_file():
            print(f"site: {args.config} not found: run this in the ohkit source folder, or pass --config", file=sys.stderr)
            return 2
        out = (args.output or Path(DEFAULT_ZIP)).resolve()
        try:
            n = build_zip(out, args.config.resolve(), engine=not args.no_engine, log=lambda s: print(s, file=sys.stderr))
        except RuntimeError as e:
            print(f"site: {e}", file=sys.stderr)
            return 1
        print(f"site: wrote {out} ({n} files, {out.stat().st_size / 1e6:.1f} MB); unzip it and open index.html",
              file=sys.stderr)
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
