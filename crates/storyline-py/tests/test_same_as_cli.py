"""The same corpus through Python and through the CLI gives the same JSON
report (the report has no timing fields; where an input is given as dicts
rather than a file, only each article's "file" differs)."""

import json

import pytest

import storyline

from conftest import BAD_INPUT, CORPUS, CORPUS_JSONL, read_jsonl, shared


def without_file(report):
    report = json.loads(json.dumps(report))
    for a in report["articles"]:
        a["file"] = None
    for d in report["diagnostics"]:
        d["file"] = None
    return report


def test_example_corpus_from_a_path_is_the_cli_report(cli_json):
    ours = storyline.digest(str(CORPUS))
    assert ours == cli_json(CORPUS)
    # Not trivially equal: the README's answer, four stories of 16 articles.
    assert ours["schema"] == storyline.SCHEMA == "storyline.digest/1"
    assert ours["stats"]["articles"] == 16
    assert ours["stats"]["stories"] == 4
    assert ours["copy_groups"]


def test_stream_words_and_published_are_the_cli_options(cli_json):
    ours = storyline.digest(CORPUS, words=40, stream=True, published="2024-03-01")
    assert ours == cli_json(CORPUS, "--words", "40", "--stream", "--published", "2024-03-01")
    assert all(s["summary_words"] <= 40 for s in ours["stories"])
    assert ours != storyline.digest(CORPUS)


def test_dicts_give_the_report_of_the_same_jsonl_file(cli_json):
    articles = read_jsonl(CORPUS_JSONL)
    ours = storyline.digest(articles)
    theirs = cli_json(CORPUS_JSONL)
    assert without_file(ours) == without_file(theirs)
    assert {a["file"] for a in ours["articles"]} == {"articles"}
    assert [a["line"] for a in ours["articles"]] == list(range(1, 17))
    # and the .jsonl corpus tells the same stories as the .txt one
    story_sets = lambda r: sorted(sorted(s["articles"]) for s in r["stories"])
    assert story_sets(ours) == story_sets(storyline.digest(CORPUS))


def test_real_fixtures_in_english_are_the_cli_report(cli_json):
    fixtures = shared("fixtures/syria-talks")
    ours = storyline.digest([fixtures], lang="en", words=60)
    assert ours == cli_json(fixtures, "--lang", "en", "--words", "60")
    stories = [sorted(a[:3] for a in s["articles"]) for s in ours["stories"]]
    assert ["002", "003", "004"] in stories


def test_bad_input_is_reported_as_the_cli_reports_it(cli_json):
    ours = storyline.digest(BAD_INPUT)
    theirs = cli_json(BAD_INPUT)
    assert ours == theirs
    messages = [(d["file"].rsplit("/", 1)[-1], d["line"], d["severity"]) for d in ours["diagnostics"]]
    assert ("broken.jsonl", 2, "error") in messages
    assert ("broken.jsonl", 3, "error") in messages
    assert any(f == "empty.txt" for f, _, _ in messages)
    assert ours["stats"]["skipped"] >= 3


def test_multiling_french_as_dicts_is_the_cli_report(cli_json, tmp_path):
    clusters = read_jsonl(shared("data/multiling2011/french.clusters.jsonl"))
    docs = [d for c in clusters[:3] for d in c["docs"]]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    ours = storyline.digest(docs)
    assert ours["language"] == "fr"
    assert without_file(ours) == without_file(cli_json(path))


def test_summaries_are_the_cli_summaries(cli, tmp_path):
    path = shared("data/multiling2011/english.clusters.jsonl")
    out = tmp_path / "summaries.jsonl"
    cli("summarize", path, "--words", "250", "-o", out)
    theirs = {r["id"]: r for r in read_jsonl(out)}
    clusters = read_jsonl(path)
    assert len(clusters) == 10
    for c in clusters:
        ours = storyline.summarize(c["docs"], words=250, lang=c["lang"])
        assert ours["summary"] == theirs[c["id"]]["summary"], c["id"]
        assert [s["cites"] for s in ours["sentences"]] == [
            s["cites"] for s in theirs[c["id"]]["sentences"]
        ], c["id"]
        assert 0 < ours["words"] <= 250
