"""A wheel built from the repo works when installed in a clean venv outside the checkout:
schemas, catalogue data, examples, locale files, fonts and templates ship inside it."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
                   check=True, capture_output=True)
    (whl,) = out.glob("ohkit-*.whl")
    return whl


def test_wheel_contains_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    must = [
        "ohkit/_data/checklists/obligations.yaml",
        "ohkit/_data/checklists/hazards.yaml",
        "ohkit/_data/schemas/workers.schema.json",
        "ohkit/_data/examples/furniture/enterprise.yaml",
        "ohkit/locale/zh_CN/LC_MESSAGES/core.mo",
        "ohkit/locale/zh_CN/LC_MESSAGES/click.mo",
    ]
    missing = [m for m in must if m not in names]
    assert not missing, missing
    assert any(n.startswith("ohkit/render/assets/fonts/") and n.endswith((".otf", ".ttf")) for n in names)
    assert not any(n.startswith(("tests/", "docs/")) for n in names)


def test_wheel_runs_in_a_clean_venv_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # Dependencies come from the test venv's site-packages (read-only path entry; no ohkit there
    # is importable because the editable install's .pth is not processed through a path entry).
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OHKIT_LANG")}
    work = tmp_path / "work"
    work.mkdir()

    def ohkit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "ohkit"), *args], cwd=work, env=env, capture_output=True, text=True)

    where = subprocess.run([str(py), "-c", "import ohkit; print(ohkit.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout
    assert str(venv) in where and str(REPO) not in where

    r = ohkit("--help")
    assert r.returncode == 0 and "用法：" in r.stdout
    r = ohkit("validate", "--as-of", "2026-11-27", "--lang", "en")  # bundled example, packaged data
    assert r.returncode in (0, 1), r.stderr
    assert "bundled example" in r.stderr
    r = ohkit("assess", "--no-input", "--as-of", "2026-11-27", "-o", "json")
    assert r.returncode in (0, 1), r.stderr
    assert '"ruleset_version"' in r.stdout
    r = ohkit("init", "newfirm")
    assert r.returncode == 0, r.stderr
    assert (work / "newfirm" / "records.xlsx").is_file()
    r = ohkit("card", "--as-of", "2026-11-27", "-O", "out")
    assert r.returncode in (0, 1), r.stderr
    assert list((work / "out").glob("*.pdf"))
