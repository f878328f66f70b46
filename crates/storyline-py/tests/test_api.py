"""The Python API on realistic input: errors that name the article, the
report's diagnostics, summaries, extraction, copies, pandas tables and the
GIL."""

import datetime as dt
import json
import sys
import threading
import time

import pytest

import storyline

from conftest import CORPUS, CORPUS_JSONL, read_jsonl, shared


@pytest.fixture(scope="module")
def articles():
    return read_jsonl(CORPUS_JSONL)


# ------------------------------------------------------------ bad input


def test_text_of_the_wrong_type_names_the_article_and_field(articles):
    bad = [dict(a) for a in articles[:3]]
    bad[1]["text"] = 42
    with pytest.raises(TypeError, match=r"article 2 \(id '02_harbor-gazette'\): field 'text' must be a str, not int"):
        storyline.digest(bad)


def test_missing_text_names_the_article(articles):
    bad = [dict(a) for a in articles[:3]]
    del bad[2]["text"]
    with pytest.raises(ValueError, match=r"article 3 \(id '03_avalen-courier'\): no 'text'"):
        storyline.digest(bad)


def test_other_wrong_types_name_the_field(articles):
    bad = [dict(a) for a in articles[:2]]
    bad[0]["source"] = ["Meridian Wire"]
    with pytest.raises(TypeError, match=r"article 1 \(id '01_meridian-wire'\): field 'source' must be a str, not list"):
        storyline.digest(bad)
    with pytest.raises(TypeError, match=r"article 2: expected a dict with 'text', not str"):
        storyline.digest([articles[0], "a bare string"])
    with pytest.raises(TypeError, match="not one dict"):
        storyline.digest(articles[0])
    bad = [dict(articles[0], published=3.5)]
    with pytest.raises(TypeError, match="field 'published' must be a str, datetime or date"):
        storyline.digest(bad)


def test_per_article_problems_are_diagnostics_as_in_a_jsonl_file(articles):
    given = [dict(a) for a in articles[:6]]
    given[1]["text"] = "   "  # empty: skipped with an error
    given[4]["id"] = given[3]["id"]  # repeated id: renamed with a warning
    given[5]["title"] = "x" * 5000  # cut with a warning
    r = storyline.digest(given)
    assert r["stats"]["articles"] == 5
    assert r["stats"]["skipped"] == 1
    by_line = {d["line"]: d for d in r["diagnostics"]}
    assert by_line[2]["severity"] == "error"
    assert by_line[2]["file"] == "articles"
    assert "empty article" in by_line[2]["message"]
    assert by_line[6]["severity"] == "warning" and "title" in by_line[6]["message"]
    assert any("04_coastline-daily" in d["message"] for d in r["diagnostics"])
    assert "04_coastline-daily#2" in [a["id"] for a in r["articles"]]


def test_nothing_readable_raises_with_the_reasons():
    with pytest.raises(ValueError, match=r"no article could be read: articles:1: error: empty article"):
        storyline.digest([{"text": ""}])
    with pytest.raises(ValueError, match="no articles given"):
        storyline.digest([])


def test_bad_options_raise(articles):
    with pytest.raises(ValueError, match='unknown language "klingon"'):
        storyline.digest(articles, lang="klingon")
    with pytest.raises(ValueError, match="not a date"):
        storyline.digest(articles, published="last week")
    with pytest.raises(ValueError, match="words must be between 1 and 100000"):
        storyline.digest(articles, words=0)
    with pytest.raises(FileNotFoundError):
        storyline.digest(CORPUS / "no-such-file.txt")


# --------------------------------------------------------- Python values


def test_dates_may_be_datetimes_and_dates(articles):
    def as_python(v):
        if "T" in v:
            return dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        return dt.date.fromisoformat(v)

    given = [dict(a, published=as_python(a["published"])) for a in articles]
    assert isinstance(given[0]["published"], dt.datetime)
    assert type(given[3]["published"]) is dt.date
    # a datetime is that instant, a date a bare day: the same report
    assert storyline.digest(given) == storyline.digest(articles)


def test_a_pandas_frame_with_empty_cells_and_timestamps(articles):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(articles)
    df["published"] = pd.to_datetime(df["published"], utc=True, format="ISO8601")
    df.loc[0, "source"] = None  # NaN in the records
    records = df.to_dict("records")
    assert isinstance(records[0]["published"], pd.Timestamp)
    r = storyline.digest(records)
    assert storyline.digest(df) == r  # the frame itself, row by row
    assert r["articles"][0]["source"] is None
    assert r["articles"][0]["published"] == "2025-03-14T09:30:00Z"
    # pandas makes the bare date 2025-03-14 a timed midnight, which now comes first
    assert r["articles"][3]["published"] == "2025-03-14T00:00:00Z"
    assert r["stories"][0]["first_article"] == "04_coastline-daily"
    assert storyline.digest(articles)["stories"][0]["first_article"] == "01_meridian-wire"


def test_ids_may_be_ints_and_are_generated_when_missing():
    text = read_jsonl(CORPUS_JSONL)[0]["text"]
    r = storyline.digest([{"id": 7, "text": text}, {"text": text + "\nMore."}])
    assert [a["id"] for a in r["articles"]] == ["7", "articles-2"]


# ------------------------------------------------------------- offsets


def test_every_offset_indexes_the_article_text_in_utf8_bytes(articles):
    r = storyline.digest(articles)
    text = {a["id"]: a["text"].encode("utf-8") for a in r["articles"]}
    checked = 0
    for s in r["stories"]:
        for x in s["summary"]:
            assert text[x["article"]][x["start"]:x["end"]].decode() == x["text"]
            assert x["cites"]
            checked += 1
    for g in r["copy_groups"]:
        for span in [g["first"], *g["copies"]]:
            assert text[span["article"]][span["start"]:span["end"]].decode() == span["text"]
            checked += 1
    assert checked > 40


# ----------------------------------------------------------- summarize


def test_summarize_cites_and_keeps_the_budget():
    clusters = read_jsonl(shared("data/multiling2011/english.clusters.jsonl"))
    docs = clusters[0]["docs"]
    s = storyline.summarize(docs, words=100)
    assert s["language"] == "en"
    assert 60 < s["words"] <= 100
    ids = {d["id"] for d in docs}
    texts = {d["id"]: d["text"].encode("utf-8") for d in docs}
    for x in s["sentences"]:
        assert set(x["cites"]) <= ids and x["article"] in x["cites"]
        assert texts[x["article"]][x["start"]:x["end"]].decode() == x["text"]
    assert s["summary"] == "\n".join(x["text"] for x in s["sentences"])
    assert storyline.summarize(docs, words=250)["words"] > s["words"]


# -------------------------------------------------------------- extract


def test_extract_finds_people_quotes_and_dates_in_a_real_report():
    path = shared("fixtures/syria-talks/002_655b976e2e488dc4.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    title, body = lines[0], "\n".join(lines[1:])
    e = storyline.extract(body, published="2016-09-05", title=title)
    names = {x["name"]: x for x in e["entities"]}
    assert "Russian President" in names["Vladimir Putin"]["titles"]
    assert names["Vladimir Putin"]["kind"] == "person"
    assert "Barack Obama" in names
    speakers = {q["speaker"] for q in e["quotes"]}
    assert any(s and "official" in s for s in speakers), speakers
    # "on Monday" of an article of Monday 2016-09-05
    assert any(ev["expression"].endswith("Monday") and ev["start"] == "2016-09-05" for ev in e["timeline"])
    assert e["undated_expressions"] == 0
    # the repeated caption and the lone "block" line are removed, with reasons
    assert {r["reason"] for r in e["removed"]} >= {"repeated_line"}
    undated = storyline.extract(body, title=title)
    assert undated["timeline"] == [] and undated["undated_expressions"] > 0


def test_extract_rejects_what_is_not_text():
    with pytest.raises(TypeError, match="text must be a str"):
        storyline.extract(b"bytes")
    with pytest.raises(ValueError, match="empty"):
        storyline.extract("  \n")


# --------------------------------------------------------------- copies


def test_copies_are_the_digest_copies_and_find_the_spun_ones():
    fixtures = shared("fixtures/syria-talks")
    c = storyline.copies(fixtures)
    d = storyline.digest(fixtures)
    assert c["copy_groups"] == d["copy_groups"]
    assert c["document_copies"] == d["document_copies"]
    assert c["stats"]["stories"] == 0
    swaps = {
        (w["from"], w["to"], g["first"]["article"])
        for g in c["copy_groups"]
        for x in g["copies"]
        for w in x["swaps"]
    }
    assert ("Russia", "Russian Federation", "002_655b976e2e488dc4") in swaps
    assert ("U.S.", "USA", "002_655b976e2e488dc4") in swaps


# --------------------------------------------------------------- pandas


def test_frames_tabulate_the_report(articles):
    pytest.importorskip("pandas")
    r = storyline.digest(articles)
    st = r.stories_frame()
    assert list(st["story"]) == ["s1", "s2", "s3", "s4"]
    assert list(st["articles"]) == [len(s["articles"]) for s in r["stories"]]
    assert st["summary_words"].le(100).all()
    cp = r.copies_frame()
    assert len(cp) == sum(len(g["copies"]) for g in r["copy_groups"])
    assert cp["verbatim"].any() and (~cp["verbatim"]).any()
    spun = cp[~cp["verbatim"]].iloc[0]
    assert spun["swaps"] and spun["text"] != spun["first_text"]
    qt = r.quotes_frame()
    assert len(qt) == sum(len(s["quotes"]) for s in r["stories"]) > 0
    assert set(qt["kind"]) <= {"direct", "reported"}
    assert len(r.articles_frame()) == 16
    # copies() tabulates the same copies
    assert storyline.copies(articles).copies_frame().equals(cp)


def test_frames_without_pandas_say_how_to_get_it(articles, monkeypatch):
    r = storyline.digest(articles[:2])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        r.stories_frame()
    # the report itself needs no pandas
    assert json.loads(json.dumps(r)) == r


def test_a_report_shows_its_counts_not_every_article(articles):
    r = storyline.digest(articles)
    shown = repr(r)
    assert shown.startswith("<storyline.Report en: 16 articles, ")
    assert ", 4 stories, " in shown
    assert len(shown) < 400 and "PORT AVALEN" not in shown
    assert isinstance(r, dict) and dict(r) == json.loads(json.dumps(r))


# ------------------------------------------------------------------ GIL


def test_the_gil_is_released_while_rust_works(articles):
    # A corpus large enough that one digest takes a while.
    many = [dict(a, id=f"{a['id']}-{k}") for k in range(80) for a in articles]
    box = {}

    def work():
        t = time.perf_counter()
        box["report"] = storyline.digest(many)
        box["seconds"] = time.perf_counter() - t

    worker = threading.Thread(target=work)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    assert box["report"]["stats"]["articles"] == len(many)
    assert box["seconds"] > 0.1, box["seconds"]
    # Python kept running beside the digest: no pause near its whole length.
    longest = max(b - a for a, b in zip(ticks, ticks[1:]))
    assert longest < box["seconds"] / 2, (longest, box["seconds"])


# --------------------------------------------------------------- README


def test_the_readme_notebook_example_runs(tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    readme = (CORPUS.parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("In a notebook, from the repository root:")
    block = readme[start:].split("```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 10
    block = block.replace("/tmp/stories.db", str(tmp_path / "stories.db"))
    monkeypatch.chdir(CORPUS.parents[1])
    ns = {}
    exec(compile(block, "README.md", "exec"), ns)
    assert ns["report"]["stats"]["stories"] == 4
    assert ns["store"].health()["articles"] == 16
