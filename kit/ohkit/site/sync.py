"""Put the generated part of the guide into docs/ without touching what did not change.

The generator writes into a staging folder; ``sync`` then copies only the files whose bytes
differ and removes generated files that are gone. So `mkdocs serve` (whose MkDocs hook runs
the generator) sees no change, and does not rebuild again, when nothing changed.

``inputs_fingerprint`` hashes everything the generated pages are made from (catalogue,
schemas, bundled examples, the ohkit code, its translations, the page templates); the hook
skips the generator when docs/ already holds pages made from the same inputs.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Iterable

STAMP = "_snippets/inputs.sha256"


def sync(staging: Path, docs_dir: Path, names: Iterable[str]) -> tuple[int, int]:
    """Make ``docs_dir/<name>`` equal to ``staging/<name>`` for every generated name.
    Returns (files written, files removed)."""
    written = removed = 0
    for name in names:
        src, dst = staging / name, docs_dir / name
        if src.is_file():
            if dst.is_dir():
                shutil.rmtree(dst)
            written += _copy_if_changed(src, dst)
            continue
        if not src.exists():
            if dst.is_dir():
                removed += sum(1 for p in dst.rglob("*") if p.is_file())
                shutil.rmtree(dst)
            elif dst.exists():
                dst.unlink()
                removed += 1
            continue
        want = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
        if dst.is_file():
            dst.unlink()
        if dst.is_dir():
            for p in sorted(dst.rglob("*"), reverse=True):
                rel = p.relative_to(dst)
                if p.is_file() and rel not in want:
                    p.unlink()
                    removed += 1
                elif p.is_dir() and not any(p.iterdir()):
                    p.rmdir()
        for rel in sorted(want):
            written += _copy_if_changed(src / rel, dst / rel)
    return written, removed


def _copy_if_changed(src: Path, dst: Path) -> int:
    data = src.read_bytes()
    if dst.is_file() and dst.read_bytes() == data:
        return 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    return 1


def _input_files() -> list[Path]:
    from ohkit.paths import checklists_dir, examples_dir, schemas_dir

    pkg = Path(__file__).resolve().parents[1]  # kit/ohkit
    roots = [checklists_dir(), examples_dir(), schemas_dir(), pkg]
    files: list[Path] = []
    for r in roots:
        files += [p for p in Path(r).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".po")]
    return sorted(set(files))


def inputs_fingerprint(*extra: str) -> str:
    h = hashlib.sha256()
    for x in extra:
        h.update(x.encode("utf-8") + b"\0")
    for p in _input_files():
        h.update(p.as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()
