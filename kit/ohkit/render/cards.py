"""职业病危害告知卡 (workplace hazard notice cards), one page per post, in one PDF.

Follows GBZ 158 Annex D and common practice (reference/notice_card.md): caution
bar and warning sentence, hazard names zh + en, health effects, properties,
warning and mandatory signs (packaged SVGs), emergency handling, protection,
the exposure limit and the latest measured value with its date (from the
Assessment's PostSummary), 120/119 and the firm's OH contact, and a QR code to
the guide's page for the hazard. Several hazards at one post share one card;
type size shrinks with their number but stays readable at two metres on a
600×400 mm card (A4 is the minimum size in practice).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ohkit.i18n import N_, Translator, translator
from ohkit.model import Assessment, Msg, PostHazard, PostSummary
from ohkit.render import texts
from ohkit.render.pdf import ASSETS

# name -> (width mm, height mm, scale of all type and margins); portrait like the usual wall card
SIZES = {"a4": (210, 297, 1.0), "600x400": (400, 600, 2.6)}
# density k (1..MAX_DENSITY): CSS class d1..d5 (layout tweaks by number of hazards), then the
# whole card's type scaled down. A card that overflows its page is laid out again at k + 1.
ZOOM = {6: 0.9, 7: 0.82, 8: 0.75, 9: 0.68, 10: 0.62}
MAX_DENSITY = 10

# Category fallbacks when the catalogue has no card text for a hazard.
FALLBACK = {
    "warning": N_("Harmful to health: take precautions"),
    "health": N_("Long exposure can harm health; see the guide page for this hazard."),
    "properties": N_("See the safety data sheet or the monitoring report."),
    "emergency": N_("Leave the area, get fresh air; if unwell, call 120 and see a doctor."),
    "protection": N_("Use the protective equipment issued; keep the extraction running."),
}


@lru_cache(maxsize=None)
def sign_svg(kind: str, name: str) -> str:
    p = ASSETS / "signs" / f"{kind}-{name}.svg"
    return p.read_text(encoding="utf-8") if p.is_file() else ""


@lru_cache(maxsize=None)
def qr_data_uri(url: str) -> str:
    """QR code as an 8-bit grey PNG data: URI (WeasyPrint embeds such a PNG as it is; a 1-bit
    one it converts to RGB and re-encodes in every document). A raster image is embedded once per
    document and reused on every card (an SVG path would be re-drawn on each), printed without
    smoothing.

    segno takes ~4 ms a code (choosing the mask is pure Python), ~0.3 s for the ~90 hazards of a
    large firm in each process that lays out cards; the PNG is kept in the user's cache folder
    (the catalogue's: ``$OHKIT_CACHE_DIR`` or ``~/.cache/ohkit``, off with ``OHKIT_NO_CACHE=1``)
    as ``qr/<digest of the URL and QR_PARAMS>.png`` and read from there next time."""
    import base64

    cached = _qr_cache_file(url)
    if cached is not None:
        try:
            png = cached.read_bytes()
            if png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82"):   # whole, not cut short
                return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        except OSError:
            pass
    import segno

    png = _grey_png(segno.make(url, error=QR_PARAMS["error"]).matrix_iter(scale=QR_PARAMS["scale"],
                                                                          border=QR_PARAMS["border"]))
    if cached is not None:
        _write_quietly(cached, png)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


QR_PARAMS = {"error": "m", "scale": 4, "border": 2, "mode": "L"}


def _grey_png(rows: Any) -> bytes:
    """An 8-bit greyscale PNG of rows of dark (true) / light modules: black on white. (Written
    here, not by Pillow, which the Check online page's Pyodide does not load.)"""
    import struct
    import zlib

    lines = [bytes(0 if dark else 255 for dark in row) for row in rows]

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", len(lines[0]), len(lines), 8, 0, 0, 0, 0)  # 8-bit grey, no interlace
    data = zlib.compress(b"".join(b"\0" + line for line in lines), 9)       # filter 0 on each line
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _qr_cache_file(url: str) -> Any:
    import hashlib

    from ohkit.catalogue.loader import _cache_dir  # the catalogue's JSON cache folder

    cdir = _cache_dir()
    if cdir is None:
        return None
    key = hashlib.sha256(f"{url}\0{sorted(QR_PARAMS.items())}".encode()).hexdigest()[:32]
    return cdir / "qr" / f"{key}.png"


def _write_quietly(path: Any, data: bytes) -> None:
    """Write ``path`` atomically (another process may write the same file); skipped silently
    when the cache folder cannot be written."""
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".qr-", suffix=".tmp", dir=str(path.parent))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def sign_url(kind: str, name: str) -> str:
    return (ASSETS / "signs" / f"{kind}-{name}.svg").as_uri()


class _SignOnce:
    """A packaged sign (SVG) drawn once per PDF, as a form XObject that every card places.

    WeasyPrint keeps one image object per URL but draws an SVG's paths anew at each use: with
    ~6 signs a card that was a quarter of the cards' PDF writing. Given to WeasyPrint through its
    image ``cache`` option (URL -> image); draws the plain SVG if WeasyPrint's stream lacks what
    is needed here."""

    def __init__(self, image: Any) -> None:
        self._image = image
        self._forms: dict[tuple[float, float], Any] = {}

    def get_intrinsic_size(self, image_resolution: Any, font_size: Any) -> Any:
        return self._image.get_intrinsic_size(image_resolution, font_size)

    def draw(self, stream: Any, width: float, height: float, style: Any) -> None:
        try:
            shared = stream._resources["XObject"]  # one resource dictionary for all pages of the PDF
            form = self._forms.get((width, height))
            if form is None or shared.get(form.id) is not form:  # not yet drawn in this PDF
                form = stream.add_group(0, 0, width, height)
                self._image.draw(form, width, height, style)
                self._forms[(width, height)] = form
            stream.draw_x_object(form.id)
        except (AttributeError, KeyError, TypeError):
            self._image.draw(stream, width, height, style)


@lru_cache(maxsize=None)
def _sign_image(url: str) -> Any:
    from xml.etree import ElementTree

    from weasyprint.images import SVGImage

    path = ASSETS / "signs" / url.rsplit("/", 1)[-1]
    return _SignOnce(SVGImage(ElementTree.fromstring(path.read_bytes()), url, None, None))


def sign_images() -> dict[str, Any]:
    """WeasyPrint's image cache for the cards: every packaged sign's URL -> its _SignOnce (empty
    when this WeasyPrint has no such image class)."""
    try:
        return {u: _sign_image(u) for u in (p.as_uri() for p in sorted((ASSETS / "signs").glob("*.svg")))}
    except (ImportError, TypeError, ValueError):
        return {}


def _layout(html: str, fetcher: Any = None, font_config: Any = None) -> Any:
    """render.pdf.layout for the cards: the same fonts and fetcher, the signs drawn once per PDF;
    documents laid out with one ``font_config`` load the packaged fonts once."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from ohkit.render.pdf import make_fetcher, printable

    doc = HTML(string=printable(html), base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher or make_fetcher())
    return doc.render(font_config=font_config or FontConfiguration(), cache=sign_images())


def hazard_url(hazard_id: str, lang: str) -> str:
    """The guide's page for the hazard (the hazard index for a name not in the catalogue)."""
    from ohkit.paths import hazard_url as _url

    return _url(hazard_id if hazard_id in texts.hazards() else None, lang)


VERDICTS = {"pass": N_("within limit"), "fail": N_("over the limit")}
SECONDARY_OEL = ("LEX40h", "peak")  # conditional limits: in the guide, not on the wall card


def _oel_text(tr: Translator, h: PostHazard) -> str:
    parts = []
    main = [o for o in h.oel if o.get("kind") not in SECONDARY_OEL] or list(h.oel[:1])
    for o in main[:3]:
        s = f"{o.get('kind', '')} {o.get('value', '')} {o.get('unit') or ''}".strip()
        if o.get("fraction"):
            from ohkit.catalogue.citation import term_text

            frac = term_text(o["fraction"], tr.lang)
            s += f"（{frac}）" if tr.lang == "zh" else f" ({frac})"
        if not o.get("confirmed", True):
            s += " †"
        parts.append(s)
    return "; ".join(parts)


def _hazard_view(tr: Translator, h: PostHazard) -> dict[str, Any]:
    hz = texts.hazards().get(h.hazard_id)
    card = texts.g(hz, "card")
    ws = list(texts.g(card, "warning_signs", ()) or ())
    ms = list(texts.g(card, "mandatory_signs", ()) or ())

    def txt(key: str, src: Any) -> str:
        return tr.pick(src) or tr.gettext(FALLBACK[key])

    m = h.latest
    latest = ""
    if m is not None:
        latest = f"{m.value} {m.unit or ''}".strip()
        notes = []
        if m.limit:  # the limit this value was judged against (a hazard may have several)
            notes.append(tr.gettext("compared with limit {limit}").format(limit=f"{m.limit} {m.unit or ''}".strip()))
        if m.verdict:
            notes.append(tr.gettext(VERDICTS[m.verdict]) if m.verdict in VERDICTS else m.verdict)
        if notes:
            latest += f"（{'；'.join(notes)}）" if tr.lang == "zh" else f" ({'; '.join(notes)})"
    return {
        "id": h.hazard_id, "zh": h.name_zh, "en": h.name_en,
        "warning": txt("warning", texts.g(card, "warning")),
        "health": txt("health", texts.g(hz, "health_effects")),
        "properties": txt("properties", texts.g(card, "properties")),
        "emergency": txt("emergency", texts.g(card, "emergency")),
        "protection": txt("protection", texts.g(card, "protection")),
        "warning_signs": [{"src": sign_url("warning", s), "label": tr.gettext(texts.WARNING_SIGNS.get(s, s))}
                          for s in ws if sign_svg("warning", s)],
        "mandatory_signs": [{"src": sign_url("mandatory", s), "label": tr.gettext(texts.MANDATORY_SIGNS.get(s, s))}
                            for s in ms if sign_svg("mandatory", s)],
        "oel": _oel_text(tr, h) or "—",
        "latest": latest or tr.gettext("not measured yet"),
        "latest_date": tr.date(m.date) if m and m.date else "—",
        "report_no": (m.report_no or "") if m else "",
        "over": bool(m and m.verdict and m.verdict.strip().lower() in ("fail", "超标", "不合格")),
        "qr": qr_data_uri(hazard_url(h.hazard_id, tr.lang)), "url": hazard_url(h.hazard_id, tr.lang),
    }


def card_posts(a: Assessment, post: str | None = None) -> list[PostSummary]:
    posts = [p for p in a.posts if p.hazards]
    if post is not None:
        posts = [p for p in posts if p.post_id == post or p.post == post]
    return posts


def render_cards_html(a: Assessment, lang: str = "zh", *, post: str | None = None, size: str = "a4",
                      for_pdf: bool = True, density: dict[int, int] | None = None,
                      only: set[int] | None = None) -> str:
    """HTML for the cards. ``density`` (card index -> 1..5) makes the type smaller where a card
    would not fit on its page; the default is the number of hazards on the post."""
    from markupsafe import Markup

    from ohkit.render.pdf import FONT_STACK, base_css
    from ohkit.render.report import shorten, template_env

    tr = translator(lang)
    width, height, scale = SIZES[size]
    margin, bottom = 6 * scale, 19 * scale
    cards = []
    posts = card_posts(a, post)
    for i, p in enumerate(posts):
        if only is not None and i not in only:
            continue
        hs = [_hazard_view(tr, h) for h in p.hazards]
        names = ("、" if tr.lang == "zh" else ", ").join(h["zh"] if tr.lang == "zh" else h["en"] for h in hs)
        sentence = hs[0]["warning"] if len(hs) == 1 else tr.gettext(
            "This post has {names}: harmful to health, take precautions").format(names=names)
        k = (density or {}).get(i, initial_density(p))
        cards.append({"i": i, "post": p.post, "post_id": p.post_id, "workplace": p.workplace or "",
                      "exposed": p.exposed, "hazards": hs, "sentence": sentence, "d": min(k, 5),
                      "zoom": int(ZOOM.get(k, 1.0) * 100)})
    m = a.firm.oh_manager
    css = (ASSETS / "card.css").read_text(encoding="utf-8")
    head = base_css() if for_pdf else f"html {{ font-family: {FONT_STACK}; }}\n"
    # The card's black frame is the page area's border: always full height, and cheaper to
    # lay out than a min-height on the card.
    page_css = (f"\n@page {{ size: {width}mm {height}mm; margin: {margin:.1f}mm {margin:.1f}mm {bottom:.1f}mm; "
                f"border: {0.35 * 10 * scale:.2f}pt solid #000; }}\n"
                f"html {{ font-size: {10 * scale:.1f}pt; }}\n")
    ctx = {
        "lang": "zh-CN" if tr.lang == "zh" else "en", "t": tr.gettext, "cards": cards,
        "colon": "：" if tr.lang == "zh" else ": ",
        "css": Markup(head + css + page_css),
        # the attribution lines stay short, whatever the records hold (the post's card must fit its page)
        "firm": shorten(a.firm.name or "", 60), "contact": shorten((m.name if m else None) or "", 30),
        "phone": shorten(a.firm.contact_phone or "", 40),
        "as_of": tr.date(a.as_of), "size": size,
        # the same footer on every card of the file, whichever cards this document lays out
        "dagger": any("†" in _oel_text(tr, h) for p in posts for h in p.hazards),
        "incomplete": tr.gettext("INCOMPLETE, not read: {files}.").format(
            files=("、" if tr.lang == "zh" else ", ").join(str(p.loc) for p in a.unread)) if a.unread else "",
    }
    return template_env().get_template("card.html.j2").render(**ctx)


def initial_density(p: PostSummary) -> int:
    return max(1, min(len(p.hazards), 4))


def _pages_by_card(doc: Any) -> dict[int, list[Any]]:
    """Card index -> its pages (a card's anchor shows on every page it runs onto)."""
    out: dict[int, list[Any]] = {}
    for page in doc.pages:
        for k in page.anchors:
            if k.startswith("card-") and k[5:].isdigit():
                out.setdefault(int(k[5:]), []).append(page)
    return out


def _fit(a: Assessment, lang: str, post: str | None, size: str, fetcher: Any,
         cards: list[int]) -> tuple[str, Any, dict[int, list[Any]], list[Msg]]:
    """Lay out the cards ``cards`` (indexes into ``card_posts``) in one document; the ones that
    run onto a second page are laid out again, all of them together in one document per step,
    with smaller type until each fits. Returns (the first HTML and its document, card -> its pages,
    warnings)."""
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    posts = card_posts(a, post)
    html = render_cards_html(a, lang, post=post, size=size, only=set(cards))
    doc = _layout(html, fetcher, fc)
    pages = _pages_by_card(doc)
    density = {i: initial_density(posts[i]) for i in cards}
    while over := [i for i in cards if len(pages.get(i, ())) > 1 and density[i] < MAX_DENSITY]:
        for i in over:
            density[i] += 1
        again = _pages_by_card(_layout(render_cards_html(a, lang, post=post, size=size, only=set(over),
                                                        density={i: density[i] for i in over}), fetcher, fc))
        for i in over:
            pages[i] = again.get(i, [])
    warnings = [Msg("ren.card_overflow", {"post": posts[i].post, "pages": len(pages[i])})
                for i in cards if len(pages.get(i, ())) > 1]
    return html, doc, pages, warnings


def cards_document(a: Assessment, lang: str = "zh", *, post: str | None = None, size: str = "a4",
                   fetcher: Any = None, cards: list[int] | None = None) -> tuple[Any, list[Msg]]:
    """The laid-out cards (a WeasyPrint Document, one page per post) and warnings.

    All cards (or the ones listed in ``cards``) are laid out in one document; a card whose texts
    run onto a second page is laid out again with smaller type until it fits (see ``_fit``)."""
    from ohkit.render.pdf import coverage_warning

    if cards is None:
        cards = list(range(len(card_posts(a, post))))
    html, doc, pages, warnings = _fit(a, lang, post, size, fetcher, cards)
    if cw := coverage_warning(html):
        warnings.insert(0, cw)
    return doc.copy([pg for i in cards for pg in pages.get(i, ())]), warnings


# Cards per process below which a second process costs more than it saves (each process also
# embeds its own subset of the fonts, ~0.3 MB per part in the merged PDF).
MIN_CARDS_PER_PART = 12
# The joining process's share of the work, relative to a forked part's: it also joins the PDFs,
# and measured, its half of 100 cards took ~10% more CPU than the forked half (bench/RESULTS.md).
FIRST_PART_SHARE = 0.9


def parts_for(posts: list[PostSummary], jobs: int, first_share: float = FIRST_PART_SHARE) -> list[list[int]]:
    """Split the card indexes into at most ``jobs`` runs of consecutive cards of about equal
    work (a card's layout time grows with its hazards; the first, done by the joining process,
    ``first_share`` of the others'), at most one part per MIN_CARDS_PER_PART cards."""
    from itertools import accumulate

    n = len(posts)
    k = max(1, min(jobs, n // MIN_CARDS_PER_PART))
    cum = [0, *accumulate(2 + len(p.hazards) for p in posts)]   # work before card i
    unit = cum[n] / (k - 1 + first_share)
    cuts = [0]
    for c in range(1, k):  # the card boundary nearest to where part c should start
        at = unit * (first_share + c - 1)
        cuts.append(min(range(cuts[-1] + 1, n), key=lambda j: abs(cum[j] - at)))
    cuts.append(n)
    return [list(range(a, b)) for a, b in zip(cuts, cuts[1:])]


def can_fork() -> bool:
    """Whether a forked process may lay out cards: where ``render.pdf.can_fork`` says fork is safe
    (Linux, no other thread, more than one CPU), and not inside a worker process (``ohkit
    portfolio --jobs N`` already keeps every core busy)."""
    import multiprocessing

    from ohkit.render.pdf import can_fork as fork_is_safe

    return fork_is_safe() and multiprocessing.parent_process() is None


def default_jobs() -> int:
    """Processes for one cards PDF: the cores this process may use."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def render_cards(a: Assessment, lang: str = "zh", *, post: str | None = None, size: str = "a4",
                 fetcher: Any = None, jobs: int | None = None,
                 worker: CardWorker | None = None) -> tuple[bytes, list[Msg]]:
    """One multi-page PDF (one page per post with hazards) and warnings.

    With more than one job (default: the cores; only where ``can_fork()``, and never with a
    ``fetcher`` given, whose record of requests must stay in this process) the cards are split
    into runs of consecutive cards (``parts_for``), each laid out and written by a forked process
    while this one does the first, and the PDFs are joined in card order (pypdf). The pages are
    the same as with one job; each part embeds its own subset of the fonts. ``worker``
    (``start_worker``, forked before the records were read) lays out the parts instead (this
    process only joins them); it is ended here in any case."""
    from ohkit.render.pdf import no_cyclic_gc

    try:
        with no_cyclic_gc():  # ~25% of the cards' CPU (bench/RESULTS.md)
            return _render_cards(a, lang, post, size, fetcher, jobs, worker)
    finally:
        if worker is not None:
            worker.close()


# How the last render_cards split its work, for bench/bench_render.py: cards per process and the
# CPU seconds of each forked part (this process's own are the caller's to measure).
LAST_RUN: dict[str, list[Any]] = {}


def _render_cards(a: Assessment, lang: str, post: str | None, size: str, fetcher: Any,
                  jobs: int | None, worker: CardWorker | None) -> tuple[bytes, list[Msg]]:
    posts = card_posts(a, post)
    if worker is not None and not worker.alive:
        worker = None
    parts = (parts_for(posts, default_jobs() if jobs is None else jobs,
                       1.0 if worker is not None else FIRST_PART_SHARE)
             if fetcher is None and (worker is not None or can_fork()) else [])
    LAST_RUN.clear()
    LAST_RUN.update(parts=[len(p) for p in parts], child_cpu=[], part_cpu=[])
    if len(parts) < 2:
        doc, warnings = cards_document(a, lang, post=post, size=size, fetcher=fetcher)
        return doc.write_pdf(), warnings
    got = worker.lay_out(a, lang, post, size, parts) if worker is not None else None
    if got is None:  # no worker, or it failed: the parts from here (this process and forked ones)
        got = _lay_out_parts(a, lang, post, size, parts)
    return _join_pdfs([pdf for pdf, _ in got]), _merge_warnings([w for _, ws in got for w in ws])


def _lay_out_parts(a: Assessment, lang: str, post: str | None, size: str,
                   parts: list[list[int]]) -> list[tuple[bytes, list[Msg]]]:
    """Each part's (PDF, warnings): the first laid out in this process, the others each in a
    process forked after WeasyPrint is imported (one a part done here again if it fails)."""
    import time

    import weasyprint  # noqa: F401 - imported before forking, so no child imports it again

    children = [_fork_part(a, lang, post, size, part) for part in parts[1:]]
    try:
        t = time.process_time()
        doc, warnings = cards_document(a, lang, post=post, size=size, cards=parts[0])
        out = [(doc.write_pdf(), warnings)]
        LAST_RUN.setdefault("part_cpu", []).append(time.process_time() - t)
    except BaseException:  # this part failed (or Ctrl-C): end and reap the children, then say so
        _end_parts(children)
        raise
    for child, part in zip(children, parts[1:]):
        got = _join_part(child)
        if got is None:  # the child failed: do its cards here
            t = time.process_time()
            d, w = cards_document(a, lang, post=post, size=size, cards=part)
            got = d.write_pdf(), w
            LAST_RUN["part_cpu"].append(time.process_time() - t)
        else:
            LAST_RUN["part_cpu"].append(LAST_RUN["child_cpu"][-1])
        out.append(got)
    return out


def _fork_part(a: Assessment, lang: str, post: str | None, size: str, part: list[int]) -> tuple[int, int] | None:
    """Start a child process that writes the PDF of the cards ``part``; (pid, read end of its pipe)."""
    import os
    import pickle

    try:
        r, w = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid:
        os.close(w)
        return pid, r
    code = 1
    try:  # the child: never returns into the caller's code
        os.close(r)
        doc, warnings = cards_document(a, lang, post=post, size=size, cards=part)
        data = pickle.dumps((doc.write_pdf(), warnings))
        with os.fdopen(w, "wb") as f:
            f.write(data)
        code = 0
    finally:
        os._exit(code)


class CardWorker:
    """A process forked before the records are read (``start_worker``): while this process reads
    and assesses them (~0.3 s for a large firm), it imports WeasyPrint, the template and the
    signs (~0.4 s); then ``lay_out`` hands it every part of the cards: it forks a process for each
    part but one (after the import, so none imports again), lays out that one itself and answers
    with all the PDFs. This process, which never imports WeasyPrint then, joins them. ``close``
    ends an unused worker and reaps it."""

    def __init__(self, pid: int, job: int, result: int) -> None:
        self.pid, self._job, self._result = pid, job, result
        self.alive = True

    def lay_out(self, a: Assessment, lang: str, post: str | None, size: str,
                parts: list[list[int]]) -> list[tuple[bytes, list[Msg]]] | None:
        """Each part's (PDF, warnings), or None when the worker failed (then nothing is left of it)."""
        import os
        import pickle

        job = pickle.dumps((_for_cards(a), lang, post, size, parts), protocol=pickle.HIGHEST_PROTOCOL)
        self.alive = False  # from here the job pipe is closed (the worker answers or ends) and _join_part reaps it
        try:
            with os.fdopen(self._job, "wb") as f:
                f.write(job)
        except OSError:  # the worker is gone: nothing comes back
            pass
        from pypdf import PdfReader, PdfWriter  # noqa: F401 - for the join, while the worker lays out (~0.1 s)

        got = _join_part((self.pid, self._result))
        if got is None or len(got) != len(parts):
            return None
        LAST_RUN["part_cpu"] = [cpu for _, _, cpu in got]
        return [(pdf, warnings) for pdf, warnings, _ in got]

    def close(self) -> None:
        """End a worker that was given no cards and reap it (killed: it holds nothing but what it
        imported, and the command need not wait for its warm-up to stop)."""
        import os
        import signal

        if not self.alive:
            return
        self.alive = False
        for fd in (self._job, self._result):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def _for_cards(a: Assessment) -> Assessment:
    """What the cards read of an assessment (the firm, the date, the posts, unread files): the
    rest need not be pickled to a worker."""
    import dataclasses

    return dataclasses.replace(a, findings=(), metrics=(), due=(), problems=(), workers=(), flags={},
                               hazard_class={}, record_files=())


def start_worker() -> CardWorker | None:
    """Fork a worker for the cards before the records are read, where ``can_fork()``; None
    otherwise. Give it the cards with ``render_cards(..., worker=)``; it is ended there, or by
    ``CardWorker.close`` when no cards are made."""
    import os

    if not can_fork():
        return None
    try:
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
    except OSError:
        return None
    try:
        import fcntl

        fcntl.fcntl(job_w, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)  # the job written at once
    except (ImportError, OSError):
        pass
    try:
        pid = os.fork()
    except OSError:
        for fd in (job_r, job_w, res_r, res_w):
            os.close(fd)
        return None
    if pid:
        os.close(job_r)
        os.close(res_w)
        return CardWorker(pid, job_w, res_r)
    code = 1
    try:  # the worker: never returns into the caller's code
        import gc
        import pickle

        gc.disable()
        os.close(job_w)
        os.close(res_r)
        _warm_up()
        with os.fdopen(job_r, "rb") as f:
            job = f.read()
        if job:
            a, lang, post, size, parts = pickle.loads(job)
            LAST_RUN.clear()
            got = _lay_out_parts(a, lang, post, size, parts)
            data = pickle.dumps([(pdf, w, cpu) for (pdf, w), cpu in zip(got, LAST_RUN["part_cpu"])])
            with os.fdopen(res_w, "wb") as f:
                f.write(data)
            code = 0
    finally:
        os._exit(code)


def _warm_up() -> None:
    """What every part needs before its first card: WeasyPrint, the template, the signs."""
    import weasyprint  # noqa: F401
    from weasyprint.text.fonts import FontConfiguration  # noqa: F401

    from ohkit.render.pdf import quiet_weasyprint
    from ohkit.render.report import template_env

    quiet_weasyprint()  # as the command does in its own process

    template_env().get_template("card.html.j2")
    sign_images()


def _end_parts(children: list[tuple[int, int] | None]) -> None:
    import os
    import signal

    for child in children:
        if child is not None:
            pid, r = child
            os.close(r)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass


def _join_part(child: tuple[int, int] | None) -> tuple[bytes, list[Msg]] | None:
    """The child's (pdf, warnings), or None when it could not be started or failed."""
    import os
    import pickle

    if child is None:
        return None
    pid, r = child
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status, usage = os.wait4(pid, 0)
    LAST_RUN.setdefault("child_cpu", []).append(usage.ru_utime + usage.ru_stime)
    if status != 0 or not data:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated answer: the parent does the part itself
        return None


def _merge_warnings(warnings: list[Msg]) -> list[Msg]:
    """One missing-characters warning for the whole file (each part reports its own), first."""
    font = [w for w in warnings if w.code == "ren.font_missing"]
    rest = [w for w in warnings if w.code != "ren.font_missing"]
    if not font:
        return rest
    chars = list(dict.fromkeys(ch for w in font for ch in str(w.params["chars"]).split(" ")))
    return [Msg("ren.font_missing", {"count": len(chars), "chars": " ".join(chars)}), *rest]


def _join_pdfs(pdfs: list[bytes]) -> bytes:
    """The PDFs one after the other in one file (the first one's metadata and settings)."""
    import io

    from pypdf import PdfReader, PdfWriter

    out = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs[0])))
    for pdf in pdfs[1:]:
        out.append(PdfReader(io.BytesIO(pdf)))
    buf = io.BytesIO()
    out.write(buf)
    return buf.getvalue()
