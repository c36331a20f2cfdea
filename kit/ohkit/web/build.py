"""Build the 在线自查 page's engine files into the guide: ``python -m ohkit.web build [--docs DIR]``.

Writes ``DIR/assets/online/py/`` (not committed; ``mkdocs build`` ships it):

* ``pyodide-<version>/`` — Pyodide's core from the npm registry (``npm pack pyodide@<version>``,
  checked against the pinned sha512): pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm,
  python_stdlib.zip, pyodide-lock.json. No package of Pyodide's own repository is used, so the
  page never asks a CDN for anything.
* ``python_calamine-…-pyemscripten_2026_0_wasm32.whl`` — the Excel reader, from PyPI.
* ``ohkit-<hash>.zip`` — site-packages for the worker: ohkit (without the PDF fonts and the site
  generator) with its data and the catalogue prebuilt as JSON, plus the pure-Python wheels
  (requirements-wheels.txt) and the pure code of PyYAML and MarkupSafe from their sdists.
* ``manifest.json`` — file names, sizes and sha256, read by the worker and the service worker.

Downloads are pinned (versions and hashes) and cached in ``$OHKIT_WEB_CACHE`` or
``~/.cache/ohkit/web``: a rebuild with a warm cache needs no network.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from ohkit.paths import PKG, data_dir

PYODIDE_VERSION = "314.0.8"
PYODIDE_INTEGRITY = ("sha512-74Wq1kXOC+CCEzAfxuRAO701nAcCMLjf8NrwvWpu8S41dVMXwXmLQ05dYB+F4e46AdnGo0oq7YHSVUpHsoarLQ==")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYTHON_VERSION = "3.14"
PLATFORM = "pyemscripten_2026_0_wasm32"
HERE = Path(__file__).resolve().parent
WHEELS_REQ = HERE / "requirements-wheels.txt"
SDISTS_REQ = HERE / "requirements-sdists.txt"
# pure-Python packages inside the sdists: archive member prefix -> folder in site-packages
SDIST_CODE = {"pyyaml": ("lib/yaml/", "yaml/"), "markupsafe": ("src/markupsafe/", "markupsafe/")}
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
OUT_SUBDIR = Path("assets") / "online" / "py"


class BuildError(Exception):
    pass


def cache_dir() -> Path:
    d = os.environ.get("OHKIT_WEB_CACHE")
    p = Path(d) if d else Path.home() / ".cache" / "ohkit" / "web"
    p.mkdir(parents=True, exist_ok=True)
    return p


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pins(req: Path) -> list[tuple[str, str, str]]:
    """(name, version, sha256) per line of a requirements file."""
    out = []
    for line in req.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, h = line.partition("--hash=sha256:")
        name, _, ver = spec.strip().partition("==")
        out.append((name.strip(), ver.strip(), h.strip()))
    return out


def _norm(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _find(folder: Path, name: str, version: str, sha: str) -> Path | None:
    for p in sorted(folder.glob("*")):
        if _norm(p.name).startswith(_norm(f"{name}-{version}") + "_") and _sha256(p) == sha:
            return p
    return None


def fetch_pyodide(log=print) -> Path:
    """The npm tarball of Pyodide's core, integrity-checked (cached)."""
    cdir = cache_dir()
    tgz = cdir / f"pyodide-{PYODIDE_VERSION}.tgz"
    algo, _, want = PYODIDE_INTEGRITY.partition("-")
    if not (tgz.is_file() and _integrity(tgz, algo) == want):
        npm = shutil.which("npm")
        if npm is None:
            raise BuildError("npm is not installed: install Node.js and npm (scripts/setup.sh --test does)")
        log(f"[online] npm pack pyodide@{PYODIDE_VERSION}")
        r = subprocess.run([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", str(cdir),
                            "--silent"], capture_output=True, text=True, timeout=600)
        if r.returncode != 0 or not tgz.is_file():
            raise BuildError(f"npm pack pyodide@{PYODIDE_VERSION} failed: {r.stderr.strip()[-500:]}")
        if _integrity(tgz, algo) != want:
            tgz.unlink()
            raise BuildError(f"pyodide-{PYODIDE_VERSION}.tgz does not match the pinned {algo} integrity")
    return tgz


def _integrity(path: Path, algo: str) -> str:
    h = hashlib.new(algo)
    h.update(path.read_bytes())
    return base64.b64encode(h.digest()).decode()


def fetch_wheels(log=print) -> tuple[list[Path], list[Path]]:
    """(wheels, sdists) from PyPI with pip, hash-checked (cached)."""
    cdir = cache_dir() / "pypi"
    cdir.mkdir(exist_ok=True)
    found: dict[Path, list[Path]] = {WHEELS_REQ: [], SDISTS_REQ: []}
    for req, binary in ((WHEELS_REQ, True), (SDISTS_REQ, False)):
        pins = _pins(req)
        have = [_find(cdir, n, v, h) for n, v, h in pins]
        if any(p is None for p in have):
            log(f"[online] pip download -r {req.name}")
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                   "--disable-pip-version-check", "-q", "-d", str(cdir), "-r", str(req)]
            if binary:
                cmd += ["--only-binary=:all:", "--platform", PLATFORM, "--platform", "any",
                        "--python-version", PYTHON_VERSION, "--implementation", "cp",
                        "--abi", "cp314", "--abi", "abi3", "--abi", "none"]
            else:
                cmd += ["--no-binary=:all:"]
            env = dict(os.environ, PIP_CONSTRAINT="")  # the pins here are the only constraint
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
            if r.returncode != 0:
                raise BuildError(f"pip download -r {req.name} failed: {r.stderr.strip()[-800:]}")
            have = [_find(cdir, n, v, h) for n, v, h in pins]
            missing = [n for (n, _v, _h), p in zip(pins, have) if p is None]
            if missing:
                raise BuildError(f"not downloaded or hash mismatch: {', '.join(missing)}")
        found[req] = [p for p in have if p is not None]
    return found[WHEELS_REQ], found[SDISTS_REQ]


class _Zip:
    """A deterministic zip: fixed timestamps, entries in the order added, each name once."""

    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.z = zipfile.ZipFile(self.buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
        self.names: set[str] = set()

    def add(self, name: str, data: bytes) -> None:
        if name in self.names:
            return
        self.names.add(name)
        info = zipfile.ZipInfo(name, ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.z.writestr(info, data)

    def close(self) -> bytes:
        self.z.close()
        return self.buf.getvalue()


def _skip_pkg_file(rel: Path) -> bool:
    parts = rel.parts
    if "__pycache__" in parts or rel.suffix in (".pyc", ".pyo"):
        return True
    if parts[:1] == ("site",):  # the guide generator is not needed in the page
        return True
    if parts[:3] == ("render", "assets", "fonts") and rel.suffix in (".otf", ".ttf", ".ttc", ".woff", ".woff2"):
        return True  # the PDF fonts (10 MB): the browser prints with its own
    if parts[:1] == ("web",) and rel.suffix == ".txt":
        return True
    return False


def catalogue_json() -> tuple[str, bytes]:
    """The catalogue YAML as the loader's JSON cache file (name keyed by the YAML's content)."""
    from ohkit.catalogue import loader

    with tempfile.TemporaryDirectory() as tmp:
        old = {k: os.environ.get(k) for k in ("OHKIT_CACHE_DIR", "OHKIT_NO_CACHE")}
        os.environ["OHKIT_CACHE_DIR"] = tmp
        os.environ.pop("OHKIT_NO_CACHE", None)
        try:
            loader.read_raw(data_dir("checklists"))
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        files = sorted(Path(tmp).glob("catalogue-*.json"))
        if len(files) != 1:
            raise BuildError("the catalogue JSON was not written")
        return files[0].name, files[0].read_bytes()


CATALOGUE_CACHE = "ohkit/_data/cache"  # OHKIT_CACHE_DIR inside the worker's site-packages
RPDS_SHIM = ('"""rpds (rpds-py) for Pyodide: pyrsistent-as-rpds-py\'s pure-Python implementation."""\n'
             "from pyrsistent_as_rpds.pure import *  # noqa: F401,F403\n"
             "is_pure_pyrsistent_as_rpds = True\n")


def bundle(wheels: list[Path], sdists: list[Path]) -> bytes:
    z = _Zip()
    for p in sorted(PKG.rglob("*")):
        if p.is_file():
            rel = p.relative_to(PKG)
            if not _skip_pkg_file(rel):
                z.add("ohkit/" + rel.as_posix(), p.read_bytes())
    for name in ("schemas", "checklists", "examples"):
        root = data_dir(name)
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py":
                z.add(f"ohkit/_data/{name}/" + p.relative_to(root).as_posix(), p.read_bytes())
    cname, cdata = catalogue_json()
    z.add(f"{CATALOGUE_CACHE}/{cname}", cdata)
    for whl in wheels:
        if "pyemscripten" in whl.name:
            continue  # loaded as a wheel (it has a compiled module)
        with zipfile.ZipFile(whl) as wz:
            for n in sorted(wz.namelist()):
                if not n.endswith("/"):
                    z.add(n, wz.read(n))
    if any(w.name.startswith("pyrsistent_as_rpds") for w in wheels):
        # jsonschema's `referencing` imports `rpds` (rpds-py, Rust, no Pyodide wheel on PyPI): this
        # module is the adapter's pure-Python stand-in, as its README suggests ("fake_rpds").
        z.add("rpds/__init__.py", RPDS_SHIM.encode())
    for sd in sdists:
        key = next((k for k in SDIST_CODE if sd.name.lower().startswith(k)), None)
        if key is None:
            continue
        src, dest = SDIST_CODE[key]
        with tarfile.open(sd) as tz:
            for m in sorted(tz.getmembers(), key=lambda m: m.name):
                inner = m.name.split("/", 1)[1] if "/" in m.name else ""
                if m.isfile() and inner.startswith(src) and inner.endswith((".py", ".typed")):
                    fh = tz.extractfile(m)
                    if fh is not None:
                        z.add(dest + inner[len(src):], fh.read())
    return z.close()


def build(docs: Path, log=print) -> dict:
    """Place the engine files under ``docs/assets/online/py`` and return the manifest."""
    out = docs / OUT_SUBDIR
    tgz = fetch_pyodide(log)
    wheels, sdists = fetch_wheels(log)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    pdir = tmp / f"pyodide-{PYODIDE_VERSION}"
    pdir.mkdir(parents=True)
    with tarfile.open(tgz) as tz:
        for name in PYODIDE_FILES:
            fh = tz.extractfile(f"package/{name}")
            if fh is None:
                raise BuildError(f"{name} is missing from pyodide-{PYODIDE_VERSION}.tgz")
            (pdir / name).write_bytes(fh.read())
    calamine = [w for w in wheels if "pyemscripten" in w.name]
    for w in calamine:
        shutil.copy2(w, tmp / w.name)
    data = bundle(wheels, sdists)
    bname = f"ohkit-{hashlib.sha256(data).hexdigest()[:16]}.zip"
    (tmp / bname).write_bytes(data)
    from ohkit import __version__

    files = {}
    for p in sorted(tmp.rglob("*")):
        if p.is_file():
            files[p.relative_to(tmp).as_posix()] = {"bytes": p.stat().st_size, "sha256": _sha256(p)}
    manifest = {
        "ohkit_version": __version__,
        "pyodide_version": PYODIDE_VERSION,
        "pyodide": f"pyodide-{PYODIDE_VERSION}/",
        "wheels": [w.name for w in calamine],
        "bundle": bname,
        "catalogue_cache": CATALOGUE_CACHE,
        "python": PYTHON_VERSION,
        "files": files,
        "total_bytes": sum(f["bytes"] for f in files.values()),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    log(f"[online] {out}: {len(files)} files, {manifest['total_bytes'] / 1e6:.1f} MB "
        f"(bundle {len(data) / 1e6:.2f} MB)")
    return manifest


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m ohkit.web", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="place the Pyodide engine files under DOCS/assets/online/py")
    b.add_argument("--docs", type=Path, default=Path("docs"), help="the guide's docs folder (default: docs)")
    args = ap.parse_args(argv)
    try:
        build(args.docs)
    except (BuildError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"[online] cannot build the Check online page's engine: {exc}", file=sys.stderr)
        return 2
    return 0
