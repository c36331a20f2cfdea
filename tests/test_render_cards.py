"""Notice cards: one page per post, texts, numbers, signs, QR target, sizes."""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest

from ohkit.model import PostHazard, PostSummary
from ohkit.render import cards
from ohkit.paths import DEFAULT_GUIDE_URL as GUIDE_URL
from test_render_fixture import EVIL, make_assessment

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _run(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    p = tmp_path / "c.pdf"
    p.write_bytes(pdf)
    return subprocess.run([tool, *args, str(p), "-"] if tool == "pdftotext" else [tool, str(p)],
                          capture_output=True, text=True, check=True).stdout


def _pages(pdf: bytes, tmp_path) -> list[str]:
    # -raw: content-stream order, so a table cell that wraps stays in one piece
    return _run("pdftotext", pdf, tmp_path, "-raw").split("\f")[:-1]


@pytest.mark.slow
def test_one_page_per_post_with_everything_a_card_shows(tmp_path):
    pdf, warnings = cards.render_cards(make_assessment(), "zh")
    pages = [re.sub(r"\s+", "", p) for p in _pages(pdf, tmp_path)]
    assert len(pages) == 2
    p1 = pages[0]
    for s in ("职业病危害告知卡", "本岗位存在木粉尘、噪声，对人体有害，请注意防护", "岗位：打磨", "工作场所：一车间",
              "木粉尘", "wooddust", "噪声", "noise", "健康危害", "理化特性", "应急处理", "防护措施",
              "注意防尘", "戴防尘口罩", "噪声有害", "戴护耳器",
              "PC-TWA3mg/m³（总尘）", "88.2dB(A)（对照限值85dB(A)；超标）", "2.1mg/m³（对照限值3mg/m³；符合限值）",
              "2025-11-20",
              "急救电话120", "消防电话119", "职业卫生咨询张晓0571-88880000"):
        assert s in p1, s
    p2 = pages[1]
    for s in ("苯", "benzene", "甲苯", "toluene", "二甲苯", "xylene", "当心中毒", "戴防毒面具", "尚未检测", "PC-TWA6mg/m³†"):
        assert s in p2, s
    assert warnings == []
    fonts = _run("pdffonts", pdf, tmp_path)
    assert "OhkitSans" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())


@pytest.mark.slow
def test_post_filter_size_and_english(tmp_path):
    pdf, _ = cards.render_cards(make_assessment(), "en", post="P02", size="600x400")
    pages = _pages(pdf, tmp_path)
    assert len(pages) == 1
    flat = re.sub(r"\s+", " ", pages[0])
    assert "Occupational hazard notice card" in flat and "Post: 喷漆" in flat
    assert all(w in flat for w in ("Ambulance", "120", "Fire", "119", "OH contact"))
    info = subprocess.run(["pdfinfo", str(tmp_path / "c.pdf")], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert round(w / 72 * 25.4) == 400 and round(h / 72 * 25.4) == 600


@pytest.mark.slow
def test_many_hazards_on_one_post_still_fit_one_page(tmp_path):
    a = make_assessment()
    many = tuple(PostHazard(h, zh, en, cat) for h, zh, en, cat in [
        ("benzene", "苯", "benzene", "chemical"), ("toluene", "甲苯", "toluene", "chemical"),
        ("xylene", "二甲苯", "xylene", "chemical"), ("noise", "噪声", "noise", "physical"),
        ("wood_dust", "木粉尘", "wood dust", "dust"), ("welding_fume", "电焊烟尘", "welding fume", "dust")])
    a = dataclasses.replace(a, posts=(PostSummary("P09", "综合", None, many, exposed=3),))
    pdf, _ = cards.render_cards(a, "zh")
    pages = _pages(pdf, tmp_path)
    assert len(pages) == 1
    assert "电焊烟尘" in pages[0] and "120" in pages[0]


def test_user_text_on_cards_is_escaped():
    a = make_assessment()
    a = dataclasses.replace(a, posts=(dataclasses.replace(a.posts[0], post=EVIL),))
    html = cards.render_cards_html(a, "zh")
    assert "http://evil" not in html.replace("&lt;img src=&#34;http://evil.example/x.png&#34;&gt;", "")
    assert "&lt;img src=&#34;http://evil.example/x.png&#34;&gt;" in html
    # every image is a packaged sign or a data: QR code
    assert all(u.startswith(("file://", "data:")) for u in re.findall(r'<img src="([^"]+)"', html))


def test_qr_codes_point_at_the_guide_page_of_each_hazard():
    assert cards.hazard_url("noise", "zh") == f"{GUIDE_URL}hazards/noise/"
    assert cards.hazard_url("noise", "en") == f"{GUIDE_URL}en/hazards/noise/"   # the English page for --lang en
    assert cards.hazard_url("某种自创名称", "zh") == f"{GUIDE_URL}hazards/"
    assert cards.hazard_url("no-such-hazard", "zh") == f"{GUIDE_URL}hazards/"
    import base64

    uri = cards.qr_data_uri(cards.hazard_url("noise", "zh"))
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    html = cards.render_cards_html(make_assessment(), "zh", post="P01")
    assert html.count(cards.qr_data_uri(cards.hazard_url("wood_dust", "zh"))) == 1
    assert html.count(cards.qr_data_uri(cards.hazard_url("noise", "zh"))) == 1


def test_signs_are_drawn_for_every_sign_the_catalogue_names():
    from ohkit.render import texts

    for kind, names in (("warning", texts.WARNING_SIGNS), ("mandatory", texts.MANDATORY_SIGNS)):
        for n in names:
            assert cards.sign_svg(kind, n).startswith("<svg"), (kind, n)
    for h in texts.hazards().values():
        card = texts.g(h, "card")
        for s in texts.g(card, "warning_signs", ()) or ():
            assert s in texts.WARNING_SIGNS, (h, s)
        for s in texts.g(card, "mandatory_signs", ()) or ():
            assert s in texts.MANDATORY_SIGNS, (h, s)


def test_no_posts_gives_no_cards():
    a = dataclasses.replace(make_assessment(), posts=())
    assert cards.card_posts(a) == []


def test_subscript_digits_print_without_a_fallback_font():
    """Silica's OEL fractions say SiO₂: the card prints SiO2 and warns about nothing."""
    from ohkit.render.pdf import coverage_warning, printable

    assert printable("游离SiO₂≥10% · H₂S · O₃") == "游离SiO2≥10% · H2S · O3"
    assert coverage_warning("矽尘 (10%≤SiO₂≤50%)") is None
    assert coverage_warning("䶮") is not None   # a real gap still warns


def test_limit_qualifiers_read_in_english_on_english_cards():
    from ohkit.catalogue.citation import term_text

    assert term_text("总尘", "en") == "total dust"
    assert term_text("接触时间率75% 体力劳动强度III级", "en") == "exposure time 75% workload class III"
    assert term_text("总尘", "zh") == "总尘"
    from ohkit.catalogue import load_catalogue

    left = {term_text(o.fraction, "en") for h in load_catalogue().hazards for o in h.oel if o.fraction}
    assert not [t for t in left if any("\u4e00" <= ch <= "\u9fff" for ch in t)], "add the term to checklists/terms.yaml"


def _many_posts(n: int, names: dict[int, str] | None = None):
    """The fixture firm with ``n`` posts, 1–3 of its hazards each (its own measurements kept)."""
    a = make_assessment()
    hz = [h for p in a.posts for h in p.hazards]
    posts = tuple(PostSummary(f"Q{i:02d}", (names or {}).get(i, f"岗位{i:02d}"), "一车间",
                              tuple(hz[(i + j) % len(hz)] for j in range(1 + i % 3)), exposed=2) for i in range(n))
    return dataclasses.replace(a, posts=posts)


def test_parts_are_runs_of_consecutive_cards_of_about_equal_work():
    """The joining process's part a little smaller: it also joins the PDFs."""
    posts = list(_many_posts(40).posts)
    parts = cards.parts_for(posts, 2)
    assert [i for p in parts for i in p] == list(range(40))           # every card once, in order
    w = [sum(2 + len(posts[i].hazards) for i in p) for p in parts]
    assert len(parts) == 2 and abs(w[0] - cards.FIRST_PART_SHARE * w[1]) <= 5   # within one card's work
    assert cards.parts_for(posts, 8) == cards.parts_for(posts, 3)    # at most one part per 12 cards
    assert len(cards.parts_for(posts, 3)) == 3
    assert cards.parts_for(posts[:20], 2) == [list(range(20))]      # too few cards to split
    assert cards.parts_for(posts, 1) == [list(range(40))]


needs_fork = pytest.mark.skipif(not cards.can_fork(), reason="cards are laid out in forked processes on Linux only")


@pytest.mark.slow
@needs_fork
def test_cards_laid_out_in_two_processes_give_the_same_pages_as_in_one(tmp_path):
    # a character the packaged font lacks on a card of each part: one warning for the file, both named
    a = _many_posts(26, {0: "䶮岗", 25: "𪚥岗"})
    one, w1 = cards.render_cards(a, "zh", jobs=1)
    assert cards.LAST_RUN["parts"] == [] or len(cards.LAST_RUN["parts"]) == 1
    two, w2 = cards.render_cards(a, "zh", jobs=2)
    assert len(cards.LAST_RUN["parts"]) == 2 and len(cards.LAST_RUN["child_cpu"]) == 1   # a forked part
    p1, p2 = _pages(one, tmp_path), _pages(two, tmp_path)
    assert len(p2) == 26 and p1 == p2
    assert "岗位：䶮岗" in re.sub(r"\s+", "", p2[0]) and "岗位：𪚥岗" in re.sub(r"\s+", "", p2[25])
    assert [w.code for w in w2] == [w.code for w in w1] == ["ren.font_missing"]
    assert w2[0].params["chars"].split() == w1[0].params["chars"].split() == ["䶮", "𪚥"]
    fonts = _run("pdffonts", two, tmp_path)
    assert "OhkitSans" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())
    info = _run("pdfinfo", two, tmp_path)
    assert re.search(r"Pages:\s+26\n", info) and "职业病危害告知卡" in info   # the first part's title kept


@pytest.mark.slow
@needs_fork
def test_a_part_whose_process_fails_is_laid_out_by_the_joining_process(tmp_path, monkeypatch):
    import os

    parent = os.getpid()
    real = cards.cards_document

    def failing_in_child(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("child fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(cards, "cards_document", failing_in_child)
    a = _many_posts(24)
    pdf, warnings = cards.render_cards(a, "zh", jobs=2)
    assert len(cards.LAST_RUN["parts"]) == 2 and warnings == []
    pages = _pages(pdf, tmp_path)
    assert len(pages) == 24 and all("职业病危害告知卡" in re.sub(r"\s+", "", p) for p in pages)
    assert [re.search(r"岗位：(岗位\d\d)", re.sub(r"\s+", "", p)).group(1) for p in pages] == [f"岗位{i:02d}" for i in range(24)]


def test_each_sign_is_drawn_once_in_the_pdf_and_placed_on_every_card():
    """A sign's paths are written once per size (a form XObject); each card places it (Do)."""
    import io

    from pypdf import PdfReader

    a = _many_posts(15)   # 1, 2, 3 hazards: type sizes d1, d2, d3
    pdf, _ = cards.render_cards(a, "zh", jobs=1)
    r = PdfReader(io.BytesIO(pdf))
    xobjects = r.pages[0]["/Resources"]["/XObject"]
    forms = {k: v.get_object() for k, v in xobjects.items() if v.get_object()["/Subtype"] == "/Form"}
    drawings = {(tuple(float(x) for x in f["/BBox"]), f.get_data()) for f in forms.values()}
    assert len(drawings) == len(forms)                       # no sign drawn twice at one size
    html = cards.render_cards_html(a, "zh")
    assert html.count('<img src="file://') >= 2 * len(forms) > 0   # far fewer drawings than signs
    for page, card in zip(r.pages, html.split('<section class="card')[1:], strict=True):
        uses = re.findall(rb"/(x\d+) Do", page.get_contents().get_data())
        assert len([u for u in uses if "/" + u.decode() in forms]) == card.count('<img src="file://')


def test_no_forked_parts_inside_a_worker_process_or_beside_a_thread():
    """portfolio --jobs N already keeps every core busy; fork beside a running thread is unsafe."""
    import multiprocessing
    import threading

    if not cards.can_fork():
        pytest.skip("cards are laid out in forked processes on Linux only")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(cards.can_fork) is False
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert cards.can_fork() is False
    finally:
        stop.set()
        t.join()
    assert cards.can_fork() is True


@pytest.mark.slow
@needs_fork
def test_when_the_joining_process_fails_its_forked_parts_end_too(monkeypatch):
    import os

    parent = os.getpid()
    real = cards.cards_document
    started: list[int] = []
    fork = cards._fork_part

    def fork_and_note(*args):
        child = fork(*args)
        started.append(child[0])
        return child

    def failing_in_parent(*args, **kwargs):
        if os.getpid() == parent:
            raise RuntimeError("parent fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(cards, "_fork_part", fork_and_note)
    monkeypatch.setattr(cards, "cards_document", failing_in_parent)
    with pytest.raises(RuntimeError, match="parent fails"):
        cards.render_cards(_many_posts(24), "zh", jobs=2)
    assert len(started) == 1
    with pytest.raises(ChildProcessError):   # already reaped: no process left behind
        os.waitpid(started[0], os.WNOHANG)


def test_qr_codes_are_kept_in_the_cache_folder_and_read_back_the_same(tmp_path, monkeypatch):
    import base64
    import io

    import segno
    from PIL import Image

    url = cards.hazard_url("noise", "zh")
    monkeypatch.setenv("OHKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("OHKIT_NO_CACHE", raising=False)
    cards.qr_data_uri.cache_clear()
    try:
        fresh = cards.qr_data_uri(url)                              # made by segno, then kept
        img = Image.open(io.BytesIO(base64.b64decode(fresh.split(",", 1)[1])))
        want = Image.open(io.BytesIO(base64.b64decode(segno.make(url, error="m").png_data_uri(scale=4, border=2).split(",", 1)[1])))
        assert img.mode == "L" and img.tobytes() == want.convert("L").tobytes()   # segno's code, 8-bit grey
        (kept,) = (tmp_path / "qr").glob("*.png")
        cards.qr_data_uri.cache_clear()
        monkeypatch.setattr(segno, "make", lambda *a, **k: pytest.fail("made again, not read back"))
        assert cards.qr_data_uri(url) == fresh                      # read back: the same image
        kept.write_bytes(kept.read_bytes()[:200])                   # a damaged file (cut short) is made again
        cards.qr_data_uri.cache_clear()
        monkeypatch.undo()
        monkeypatch.setenv("OHKIT_CACHE_DIR", str(tmp_path))
        assert cards.qr_data_uri(url) == fresh and kept.read_bytes().startswith(b"\x89PNG")
        monkeypatch.setenv("OHKIT_NO_CACHE", "1")                   # off: nothing read or written
        kept.unlink()
        cards.qr_data_uri.cache_clear()
        assert cards.qr_data_uri(url) == fresh and not kept.exists()
    finally:
        cards.qr_data_uri.cache_clear()


def _reaped(pid: int) -> bool:
    import os

    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.slow
@needs_fork
def test_a_worker_forked_before_the_records_are_read_lays_out_the_parts(tmp_path, monkeypatch):
    import os

    a = _many_posts(26)
    one, w1 = cards.render_cards(a, "zh", jobs=1)
    worker = cards.start_worker()   # as `ohkit card` does before reading the records
    assert worker is not None
    here = os.getpid()
    real = cards.cards_document

    def not_here(*args, **kwargs):
        assert os.getpid() != here, "laid out in the joining process"
        return real(*args, **kwargs)

    monkeypatch.setattr(cards, "cards_document", not_here)   # the worker was forked before: it has the real one
    two, w2 = cards.render_cards(a, "zh", jobs=2, worker=worker)
    assert len(cards.LAST_RUN["parts"]) == 2 and len(cards.LAST_RUN["part_cpu"]) == 2
    assert _pages(two, tmp_path) == _pages(one, tmp_path) and len(_pages(two, tmp_path)) == 26
    assert w2 == w1 and _reaped(worker.pid)


@needs_fork
def test_a_worker_given_no_part_ends_and_is_reaped():
    worker = cards.start_worker()
    worker.close()                  # e.g. the records could not be read
    assert _reaped(worker.pid)
    worker = cards.start_worker()
    pdf, _ = cards.render_cards(_many_posts(3), "zh", worker=worker)   # too few cards for two parts
    assert pdf.startswith(b"%PDF") and len(cards.LAST_RUN["parts"]) < 2 and _reaped(worker.pid)


@pytest.mark.slow
@needs_fork
def test_a_worker_that_fails_leaves_its_part_to_the_joining_process(tmp_path, monkeypatch):
    def fails():
        raise RuntimeError("no WeasyPrint in the worker")

    monkeypatch.setattr(cards, "_warm_up", fails)   # the forked worker inherits this
    worker = cards.start_worker()
    pdf, warnings = cards.render_cards(_many_posts(24), "zh", jobs=2, worker=worker)
    pages = _pages(pdf, tmp_path)
    assert len(cards.LAST_RUN["parts"]) == 2 and warnings == [] and len(pages) == 24
    assert [re.search(r"岗位：(岗位\d\d)", re.sub(r"\s+", "", p)).group(1) for p in pages] == [f"岗位{i:02d}" for i in range(24)]
    assert _reaped(worker.pid)
