"""Issue 13 item 5: a large firm's report is two PDFs, written in the same run. From
``APPENDIX_APART_WORKERS`` (50) exposed workers on, appendix A — each exposed worker's exam and
training schedule, and (part 2) the full lists of workers concerned where the report shows only
the first five — is printed as ``…-report-appendix-a.pdf`` beside the report, laid out in a second
process at the same time. Nothing is dropped: every worker and every row the one-document report
had is in one of the two files; the report names the appendix file on its cover and where the
appendix was; `ohkit report -o json`, the sign-off (with each paper's SHA-256), `ohkit verify`
and `ohkit portfolio --papers` all know the file.

The fixture firm 测试工厂 (folder 注塑厂): one noise post, 60 workers on it since 2026-01-05 (so 60 exposed
workers, over the threshold), and a pre-employment exam on record for none of them — EXAM-1
(pre-placement exam, 职业病防治法 第35条) lists all 60 (as do TRAIN-2, NOTICE-1 and PPE-2): lists
long enough to be shortened in the report and given whole in appendix A part 2.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ohkit.cli import cli

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

AS_OF = "2026-11-20"
N = 60
POSTS = [{"post_id": "P1", "post": "注塑", "workplace": "注塑车间", "hazard": "噪声", "exposed": N, "level": "88"}]
NAMES = [f"工人{i:02d}号" for i in range(N)]
WORKERS = [{"worker_id": f"W{i:02d}", "name": NAMES[i], "hire_date": "2026-01-05", "post_id": "P1", "sex": "男",
            "birth_date": "1990-01-01"} for i in range(N)]
HAVE_POPPLER = shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not HAVE_POPPLER, reason="pdftotext (poppler-utils) not installed")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def text(p: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(p), "-"], capture_output=True, text=True, check=True).stdout


def flat(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("split")
    firm = make_firm(tmp / "注塑厂", posts=POSTS, workers=WORKERS)
    out = tmp / "out"
    r = run("report", str(firm), "--as-of", AS_OF, "-O", str(out), "--sign", "李安全", "-o", "json")
    assert r.exit_code == 1, r.output
    return firm, out, json.loads(r.stdout)


def test_a_large_firm_gets_appendix_a_as_a_second_pdf_listed_everywhere(big):
    firm, out, res = big
    stem = f"ohkit-{AS_OF}"
    appendix = out / f"{stem}-report-appendix-a.pdf"
    assert appendix.read_bytes().startswith(b"%PDF")
    assert [Path(p).name for p in res["files"]] == [
        f"{stem}-report.html", f"{stem}-report.pdf", f"{stem}-report-appendix-a.pdf",
        f"{stem}-action-plan.xlsx", f"{stem}-action-plan.csv", f"{stem}-assessment.json"]
    papers = json.loads((out / f"{stem}-assessment.json").read_text(encoding="utf-8"))["signoff"]["papers"]
    import hashlib

    assert papers[appendix.name] == hashlib.sha256(appendix.read_bytes()).hexdigest()
    assert sorted(papers) == sorted(Path(p).name for p in res["files"][:-1])  # every paper but the JSON itself


@needs_poppler
def test_the_report_names_the_appendix_file_and_the_appendix_names_the_report(big):
    firm, out, _ = big
    report = flat(text(out / f"ohkit-{AS_OF}-report.pdf"))
    appendix_name = f"ohkit-{AS_OF}-report-appendix-a.pdf"
    # on the cover (what the report consists of) and where appendix A was
    assert report.count(appendix_name) >= 3  # cover, appendix A's place, EXAM-1's shortened list
    assert flat("本报告共两个文件") in report and flat("附录A 单独成为一个文件") in report
    assert flat("涉及的 60 名劳动者或项目中，其余 55 项列在附录A第二部分") in report
    app = flat(text(out / appendix_name))
    assert f"ohkit-{AS_OF}-report.pdf" in app and "测试工厂" in app  # the report it belongs to, the firm
    data = json.loads((out / f"ohkit-{AS_OF}-assessment.json").read_text(encoding="utf-8"))
    assert data["records_digest"][:12] in app  # the same records


@needs_poppler
def test_nothing_is_dropped_every_worker_is_in_the_appendix_and_every_row_of_the_long_list(big):
    firm, out, _ = big
    report = text(out / f"ohkit-{AS_OF}-report.pdf")
    app = text(out / f"ohkit-{AS_OF}-report-appendix-a.pdf")
    schedule, part2 = app.split("附录A第二部分")[0], app.split("附录A第二部分")[-1]
    for name in NAMES:
        assert name in schedule, name  # one schedule row each
        assert name in part2, name  # and the whole EXAM-1 list
    shown = [n for n in NAMES if n in report]
    assert len(shown) == 5  # the report keeps the first five rows of the 60 as examples
    # one line a worker: the post and the hazard share a cell ("注塑 / 噪声" like its column head)
    assert "注塑 / 噪声" in schedule


def test_a_small_firm_keeps_one_report_pdf(tmp_path):
    firm = make_firm(tmp_path / "小厂", posts=POSTS, workers=WORKERS[:3])
    out = tmp_path / "out"
    r = run("report", str(firm), "--as-of", AS_OF, "-O", str(out), "-o", "json")
    assert r.exit_code == 1, r.output
    assert not any("appendix" in Path(p).name for p in json.loads(r.stdout)["files"])
    assert not list(out.glob("*appendix*"))


def test_english_appendix_keeps_the_en_naming(tmp_path):
    firm = make_firm(tmp_path / "注塑厂", posts=POSTS, workers=WORKERS)
    out = tmp_path / "out"
    r = run("report", str(firm), "--as-of", AS_OF, "-O", str(out), "--lang", "en")
    assert r.exit_code == 1, r.output
    assert (out / f"ohkit-{AS_OF}-en-report-appendix-a.pdf").is_file()
    assert f"ohkit-{AS_OF}-en-report-appendix-a.pdf" in r.output  # "wrote: …" lines
    if HAVE_POPPLER:
        report = flat(text(out / f"ohkit-{AS_OF}-en-report.pdf"))
        assert flat("Appendix A is printed as a document of its own") in report


def test_verify_names_a_signed_paper_changed_after_signing(big, tmp_path):
    firm, out, _ = big
    js = out / f"ohkit-{AS_OF}-assessment.json"
    r = run("verify", str(js), str(firm), "-o", "json")
    d = json.loads(r.output)
    assert (r.exit_code, d["match"], d["papers_changed"], d["papers_missing"]) == (0, True, [], [])
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    appendix = copy / f"ohkit-{AS_OF}-report-appendix-a.pdf"
    appendix.write_bytes(appendix.read_bytes() + b"\n% edited\n")
    (copy / f"ohkit-{AS_OF}-action-plan.csv").unlink()
    r = run("verify", str(copy / js.name), str(firm), "-o", "json")
    d = json.loads(r.output)
    assert r.exit_code == 1
    assert (d["match"], d["papers_changed"], d["papers_missing"]) == (
        True, [appendix.name], [f"ohkit-{AS_OF}-action-plan.csv"])
    r = run("verify", str(copy / js.name), str(firm))
    assert appendix.name in r.output and "已被改动" in r.output


def test_forked_and_sequential_rendering_give_the_same_documents():
    from ohkit.render.pdf import can_fork, htmls_to_pdfs

    docs = [f"<html><body><p>第{i}份文件 document {i}</p></body></html>" for i in range(3)]
    par = htmls_to_pdfs(docs, parallel=True)
    seq = htmls_to_pdfs(docs, parallel=False)
    assert [p[:5] for p in par] == [b"%PDF-"] * 3
    assert len(par) == len(seq) == 3
    if HAVE_POPPLER:
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            for i, (a, b) in enumerate(zip(par, seq)):
                (Path(d) / "a.pdf").write_bytes(a)
                (Path(d) / "b.pdf").write_bytes(b)
                assert text(Path(d) / "a.pdf") == text(Path(d) / "b.pdf")
                assert f"document {i}" in text(Path(d) / "a.pdf")
    assert isinstance(can_fork(), bool)


def test_a_child_that_fails_is_rendered_again_here(monkeypatch):
    from ohkit.render import pdf

    monkeypatch.setattr(pdf, "can_fork", lambda: True)
    monkeypatch.setattr(pdf, "_fork_render", lambda html, then=None: None)  # fork refused
    out = pdf.htmls_to_pdfs(["<p>一</p>", "<p>二</p>"], parallel=True)
    assert all(p.startswith(b"%PDF") for p in out)
    # the work given to the child with the PDF (the report's screen HTML) is then done here too
    job = pdf.start_pdf("<p>三</p>", parallel=True, then=lambda: {"html": "<p>屏幕</p>"})
    data, extra = pdf.finish_pdf_then(job)
    assert data.startswith(b"%PDF") and extra == {"html": "<p>屏幕</p>"}


def test_the_child_returns_what_it_was_given_to_do_after_its_pdf():
    import os

    from ohkit.render import pdf

    if not pdf.can_fork():
        pytest.skip("no fork on this platform: the sequential path is tested above")
    parent = os.getpid()
    job = pdf.start_pdf("<p>四</p>", parallel=True, then=lambda: ("made in", os.getpid()))
    assert job[1] is not None
    data, (what, pid) = pdf.finish_pdf_then(job)
    assert data.startswith(b"%PDF") and what == "made in" and pid != parent   # done by the child


def test_a_child_no_longer_wanted_is_stopped_and_reaped():
    import os

    from ohkit.render import pdf

    job = pdf.start_pdf("<p>" + "很长的文件 " * 20000 + "</p>", parallel=True)
    pdf.discard_pdf(job)
    if job[1] is not None:
        with pytest.raises(ChildProcessError):
            os.waitpid(job[1][0], os.WNOHANG)  # already reaped: no zombie left


def test_no_fork_while_another_thread_runs():
    import threading

    from ohkit.render.pdf import can_fork

    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert can_fork() is False
    finally:
        stop.set()
        t.join()
