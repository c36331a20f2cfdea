"""Read ``checklists/*.yaml`` into the frozen types of ``ohkit.catalogue.types``.

The YAML is trusted package data (validated against ``schemas/catalogue/`` in the
tests, not at every load). Loading is tolerant of the optional keys so that the
light hazard list also works on a minimal file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ohkit.catalogue.types import (
    CONFIRMED,
    Applies,
    Basis,
    Card,
    Check,
    Document,
    ExamRule,
    ExamSpec,
    Hazard,
    HazardName,
    Obligation,
    Oel,
    Penalty,
    ProfileQuestion,
    NATIONAL,
    Prohibited,
    Rate,
    Region,
    Scope,
    Source,
    Text,
    Valued,
)


def read_yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open("rb") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - SafeLoader / CSafeLoader


def _text(v: Any) -> Text | None:
    if v is None:
        return None
    if isinstance(v, str):
        return Text(v, v)
    return Text(str(v.get("zh") or ""), str(v.get("en") or ""), v.get("confidence"))


def _text_req(v: Any) -> Text:
    return _text(v) or Text()


def _basis(v: Mapping[str, Any]) -> Basis:
    return Basis(
        doc=str(v["doc"]),
        article=None if v.get("article") is None else str(v["article"]),
        source=v.get("source"),
        confidence=v.get("confidence", CONFIRMED),
        note=_text(v.get("note")),
    )


def _rate(d: Mapping[str, Any]) -> Rate:
    return Rate(id=str(d["id"]), name=_text_req(d["name"]), unit=str(d.get("unit", "firm")),
                numerator=_text_req(d["numerator"]), denominator=_text_req(d["denominator"]),
                excluded=_text(d.get("excluded")), target=_valued(d.get("target")),
                basis=tuple(_basis(b) for b in d.get("basis") or ()))


def _obligation(d: Mapping[str, Any]) -> Obligation:
    applies = d.get("applies") or {}
    pen = d.get("penalty")
    penalty = None
    if pen:
        pb = pen.get("basis") or []
        if isinstance(pb, Mapping):
            pb = [pb]
        penalty = Penalty(_text_req(pen), tuple(_basis(b) for b in pb))
    chk = d.get("check") or {"kind": "manual"}
    return Obligation(
        id=d["id"],
        area=d["area"],
        title=_text_req(d["title"]),
        duty=_text_req(d.get("duty")),
        applies=Applies(tuple(applies.get("all") or ()), tuple(applies.get("any") or ())),
        basis=tuple(_basis(b) for b in d.get("basis") or ()),
        severity=d.get("severity", "medium"),
        penalty=penalty,
        evidence=tuple(d.get("evidence") or ()),
        check=Check(chk["kind"], dict(chk.get("params") or {}), tuple(chk.get("unconfirmed_params") or ())),
        question=_text(d.get("question")),
        advice=_text_req(d.get("advice")),
        common_failures=_text(d.get("common_failures")),
        confidence=d.get("confidence", CONFIRMED),
        notes=_text(d.get("notes")),
        documents=tuple((chk.get("params") or {}).get("kinds") or ()),
        scope=_scope(d.get("scope")),
    )


def _scope(d: Mapping[str, Any] | None) -> Scope:
    if not d:
        return NATIONAL
    return Scope(level=d.get("level", "national"),
                 regions=tuple(Region(tuple(r.get("names") or ()), r["source"], _text(r.get("note")), r.get("en"))
                               for r in d.get("regions") or ()),
                 note=_text(d.get("note")))


def _valued(v: Any) -> Valued | None:
    if v is None:
        return None
    if isinstance(v, Mapping):
        return Valued(v.get("value"), v.get("confidence", CONFIRMED), v.get("source"))
    return Valued(v)


def _rule(r: Mapping[str, Any]) -> ExamRule:
    return ExamRule(
        months=int(r["months"]),
        when=dict(r.get("when") or {}),
        default=bool(r.get("default", False)),
        confidence=r.get("confidence", CONFIRMED),
        source=r.get("source"),
        note=_text(r.get("note")),
    )


def _exam(e: Mapping[str, Any] | None) -> ExamSpec:
    if not e:
        return ExamSpec(pre=True, exit=True, periodic={})
    periodic = {std: tuple(_rule(r) for r in rules or ()) for std, rules in (e.get("periodic") or {}).items()}
    return ExamSpec(
        pre=bool(e.get("pre", True)),
        exit=bool(e.get("exit", True)),
        periodic=periodic,
        pre_confidence=e.get("pre_confidence", CONFIRMED),
        exit_confidence=e.get("exit_confidence", CONFIRMED),
        note=_text(e.get("note")),
    )


def _card(c: Mapping[str, Any] | None) -> Card:
    c = c or {}
    return Card(
        warning=_text_req(c.get("warning")),
        properties=_text_req(c.get("properties")),
        emergency=_text_req(c.get("emergency")),
        protection=_text_req(c.get("protection")),
        warning_signs=tuple(c.get("warning_signs") or ()),
        mandatory_signs=tuple(c.get("mandatory_signs") or ()),
    )


def _bool_conf(v: Any) -> tuple[bool, str]:
    if isinstance(v, Mapping):
        return bool(v.get("value", False)), v.get("confidence", CONFIRMED)
    return bool(v), CONFIRMED


def _oel(o: Mapping[str, Any]) -> Oel:
    return Oel(
        kind=o["kind"],
        value=o["value"],
        unit=o["unit"],
        fraction=o.get("fraction"),
        confidence=o.get("confidence", CONFIRMED),
        source=o.get("source"),
        note=_text(o.get("note")),
        verify=bool(o.get("verify", False)),
    )


def _hazard(d: Mapping[str, Any]) -> Hazard:
    ht, ht_conf = _bool_conf(d.get("high_toxic", False))
    ht_raw = d.get("high_toxic") if isinstance(d.get("high_toxic"), Mapping) else {}
    p = d.get("prohibited") or {}
    return Hazard(
        id=d["id"],
        zh=d["zh"],
        en=d["en"],
        aliases=tuple(d.get("aliases") or ()),
        category=d.get("category", "other"),
        catalogue_no=_valued(d.get("catalogue_no")),
        cas=d.get("cas"),
        high_toxic=ht,
        high_toxic_confidence=ht_conf,
        toxic=bool(d.get("toxic", d.get("category") == "chemical")),
        prohibited=Prohibited(
            pregnancy=bool(p.get("pregnancy", False)),
            lactation=bool(p.get("lactation", False)),
            minor=bool(p.get("minor", False)),
            confidence=p.get("confidence", CONFIRMED),
            source=p.get("source"),
            note=_text(p.get("note")),
            condition=dict(p.get("condition") or {}),
        ),
        health_effects=_text_req(d.get("health_effects")),
        target_disease=_text_req(d.get("target_disease")),
        contraindications=_text_req(d.get("contraindications")),
        oel=tuple(_oel(o) for o in d.get("oel") or ()),
        oel_pending=tuple(_oel(o) for o in d.get("oel_pending") or ()),
        exam=_exam(d.get("exam")),
        card=_card(d.get("card")),
        carcinogen=_valued(d.get("carcinogen")).value if d.get("carcinogen") else None,
        carcinogen_confidence=_valued(d.get("carcinogen")).confidence if d.get("carcinogen") else CONFIRMED,
        skin=bool(d.get("skin", False)),
        sensitiser=bool(d.get("sensitiser", False)),
        notes=_text(d.get("notes")),
        standard_section={k: _valued(v) for k, v in (d.get("standard_section") or {}).items()},
        high_toxic_items=tuple(int(x) for x in ht_raw.get("items") or ()),
        high_toxic_source=ht_raw.get("source"),
        high_toxic_scope=_text(ht_raw.get("scope")),
    )


def _hazard_name(d: Mapping[str, Any]) -> HazardName:
    return HazardName(d["id"], d["zh"], d["en"], tuple(d.get("aliases") or ()), d.get("category", "other"),
                      _bool_conf(d.get("high_toxic", False))[0])


def _document(d: Mapping[str, Any]) -> Document:
    return Document(
        key=d["key"],
        title=_text_req(d["title"]),
        number=d.get("number"),
        year=d.get("year"),
        status=d.get("status", "in_force"),
        kind=d.get("kind", "regulation"),
        effective=None if d.get("effective") is None else str(d["effective"]),
        source=d.get("source"),
        note=_text(d.get("note")),
    )


def _source(d: Mapping[str, Any]) -> Source:
    return Source(d["key"], _text_req(d["title"]), d["tier"], d.get("url"), d.get("note"))


def _question(d: Mapping[str, Any], i: int) -> ProfileQuestion:
    choices = tuple((str(c["value"]), _text_req(c["label"])) for c in d.get("choices") or ())
    return ProfileQuestion(
        id=d["id"],
        question=_text_req(d["question"]),
        type=d["type"],
        help=_text(d.get("help")),
        choices=choices,
        min=d.get("min"),
        max=d.get("max"),
        ask_when=tuple(d.get("ask_when") or ()),
        order=int(d.get("order", i)),
    )


def load_file(root: Path, name: str) -> Any:
    path = root / name
    if not path.is_file():
        return None
    return read_yaml(path)


def build_hazard_names(raw: Any) -> tuple[HazardName, ...]:
    return tuple(_hazard_name(h) for h in (raw or {}).get("hazards") or ())


FILES = ("obligations.yaml", "hazards.yaml", "documents.yaml", "sources.yaml", "profile_questions.yaml",
         "document_kinds.yaml", "rates.yaml", "industry_risk.yaml")


def _cache_dir() -> Path | None:
    import os

    if os.environ.get("OHKIT_NO_CACHE"):
        return None
    if os.environ.get("OHKIT_CACHE_DIR"):
        return Path(os.environ["OHKIT_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "ohkit"
    try:
        return Path.home() / ".cache" / "ohkit"
    except (RuntimeError, KeyError):
        return None


def read_raw(root: Path) -> dict[str, Any]:
    """The five YAML files as plain data, through a JSON cache keyed by their content.

    Parsing the YAML takes ~0.2 s; the JSON copy loads in a few ms. The cache lives in
    ``$OHKIT_CACHE_DIR`` or ``~/.cache/ohkit`` (never in a firm folder); it is skipped
    silently when it cannot be written, and disabled with ``OHKIT_NO_CACHE=1``.
    """
    import hashlib
    import json

    blobs: dict[str, bytes | None] = {}
    h = hashlib.sha256()
    for name in FILES:
        path = root / name
        data = path.read_bytes() if path.is_file() else None
        blobs[name] = data
        h.update(name.encode() + b"\0" + (data if data is not None else b"\1missing") + b"\0")
    digest = h.hexdigest()[:32]
    cdir = _cache_dir()
    cfile = cdir / f"catalogue-{digest}.json" if cdir else None
    if cfile is not None:
        try:
            with cfile.open("r", encoding="utf-8") as fh:
                cached = json.load(fh)
            if isinstance(cached, dict) and set(cached) == set(FILES):
                return cached
        except (OSError, ValueError):
            pass
    raw: dict[str, Any] = {}
    for name in FILES:
        raw[name] = None if blobs[name] is None else _parse_yaml_bytes(blobs[name])
    if cfile is not None:
        try:
            import os
            import tempfile

            cfile.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".catalogue-", suffix=".tmp", dir=str(cfile.parent))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(raw, fh, ensure_ascii=False, default=str)
            os.replace(tmp, cfile)
        except (OSError, TypeError, ValueError):
            pass
    return raw


def _parse_yaml_bytes(data: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(data, Loader=loader)  # noqa: S506 - SafeLoader / CSafeLoader


REQUIRED = ("obligations.yaml", "hazards.yaml")


def build(root: Path) -> dict[str, Any]:
    raw = read_raw(root)
    for name in REQUIRED:
        if raw[name] is None:
            raise FileNotFoundError(f"ohkit catalogue file {root / name} is missing (broken install?)")
    obl = raw["obligations.yaml"] or {}
    haz = raw["hazards.yaml"] or {}
    docs = raw["documents.yaml"] or {}
    srcs = raw["sources.yaml"] or {}
    pq = raw["profile_questions.yaml"] or {}
    dk = raw["document_kinds.yaml"] or {}
    rt = raw.get("rates.yaml") or {}
    from ohkit.catalogue.industry import industry_list

    return {
        "industries": industry_list(raw.get("industry_risk.yaml")),
        "rates": tuple(_rate(r) for r in rt.get("rates") or ()),
        "ruleset": str(obl.get("ruleset", "0")),
        "areas": tuple((str(a["key"]), {"zh": str(a["zh"]), "en": str(a["en"])}) for a in obl.get("areas") or ()),
        "obligations": tuple(_obligation(o) for o in obl.get("obligations") or ()),
        "hazards": tuple(_hazard(h) for h in haz.get("hazards") or ()),
        "documents": tuple(_document(d) for d in docs.get("documents") or ()),
        "sources": tuple(_source(s) for s in srcs.get("sources") or ()),
        "profile_questions": tuple(_question(q, i) for i, q in enumerate(pq.get("questions") or ())),
        "document_kind_titles": tuple((str(k["kind"]), {"zh": str(k["kind"]), "en": str(k.get("en") or k["kind"])})
                                      for k in dk.get("document_kinds") or ()),
    }
