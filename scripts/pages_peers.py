#!/usr/bin/env python3
"""Run the Python peers of storyline's page extraction on benchmark pages.

  pages_peers.py body  SCRAPINGHUB_DIR OUT.json   # trafilatura.extract on html/*.html.gz
  pages_peers.py dates HTMLDATE_DIR    OUT.json   # htmldate.find_date on tests/eval_default.json

`body` writes the article-extraction-benchmark's output layout
({"version", "output": {id: {"articleBody": text}}}) so that the benchmark's own
evaluate.py and `storyline eval pages --system` both read it. trafilatura is
called as the benchmark's extractors/run_trafilatura.py calls it.

`dates` writes {"version", "output": {url: "YYYY-MM-DD" | null}}, with htmldate
called as its own tests/evaluation.py calls it (original_date=True,
extensive_search=True), the page read as that script reads it.

Beside OUT.json, OUT.time.json holds "pages" and "seconds": the time spent
inside the peer's function, summed over the pages (no file reading); for
trafilatura also "seconds_with_metadata", the same call with
with_metadata=True (title, date through htmldate, author, site name). Nothing is
fetched: the pages are read from the directory given.
"""
import gzip
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path


def body(root: Path, out: Path) -> None:
    import trafilatura

    output, spent, with_meta = {}, 0.0, 0.0
    for path in sorted((root / "html").glob("*.html.gz")):
        with gzip.open(path, "rt", encoding="utf8") as f:
            html = f.read()
        start = time.perf_counter()
        text = trafilatura.extract(html, include_comments=False)
        spent += time.perf_counter() - start
        output[path.name.split(".")[0]] = {"articleBody": text}
        # The same with metadata (title, date by htmldate, author, site):
        # what storyline's time per page includes.
        start = time.perf_counter()
        trafilatura.extract(html, include_comments=False, with_metadata=True)
        with_meta += time.perf_counter() - start
    write(out, "trafilatura " + version("trafilatura"), output, spent, with_meta)


def load_page(root: Path, name: str):
    """As htmldate's tests/evaluation.py loads a page: UTF-8, else a guess."""
    for directory in ("cache", "eval"):
        path = root / "tests" / directory / name
        if path.is_file():
            break
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import detect

        guessed = detect(raw)["encoding"]
        if guessed:
            try:
                return raw.decode(guessed)
            except UnicodeDecodeError:
                pass
        return raw


def dates(root: Path, out: Path) -> None:
    from htmldate import find_date

    gold = json.loads((root / "tests" / "eval_default.json").read_text(encoding="utf8"))
    output, spent = {}, 0.0
    for url, entry in gold.items():
        html = load_page(root, entry["file"])
        start = time.perf_counter()
        try:
            found = find_date(html, original_date=True, extensive_search=True)
        except Exception:  # a peer failing on one page counts as no answer
            found = None
        spent += time.perf_counter() - start
        output[url] = found
    write(out, "htmldate " + version("htmldate"), output, spent)


def write(out: Path, name: str, output: dict, spent: float, with_meta=None) -> None:
    doc = {"version": name, "output": output}
    out.write_text(json.dumps(doc, ensure_ascii=False, sort_keys=True), encoding="utf8")
    timing = {"pages": len(output), "seconds": spent}
    if with_meta is not None:
        timing["seconds_with_metadata"] = with_meta
    out.with_suffix(".time.json").write_text(json.dumps(timing), encoding="utf8")
    print(f"{name}: {len(output)} pages, {spent:.2f} s in the peer", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("body", "dates"):
        sys.exit(__doc__)
    {"body": body, "dates": dates}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
