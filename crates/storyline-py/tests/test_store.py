"""The story database from Python: the same stories as `digest --stream`, as
`storyline ingest` promises, and read access."""

import pytest

import storyline

from conftest import CORPUS, CORPUS_JSONL, read_jsonl


def story_sets(members):
    return sorted(sorted(m) for m in members)


def test_ingest_gives_the_stories_of_digest_stream(tmp_path):
    db = tmp_path / "stories.db"
    store = storyline.Store(db)
    got = store.ingest(CORPUS, batch=5)
    assert got["added"] == 16 and got["duplicates"] == 0
    assert len(got["placed"]) == 16 and all(p["story"] for p in got["placed"])
    stream = storyline.digest(CORPUS, stream=True)
    assert story_sets(store.story_members().values()) == story_sets(
        s["articles"] for s in stream["stories"]
    )
    assert store.health()["articles"] == 16
    assert store.health()["stories"] == len(stream["stories"])


def test_the_same_articles_again_change_nothing_and_dicts_work(tmp_path):
    store = storyline.Store(tmp_path / "s.db")
    store.ingest(CORPUS)
    again = store.ingest(read_jsonl(CORPUS_JSONL))
    assert again["added"] == 0 and again["duplicates"] == 16
    assert again["stories_changed"] == []


def test_read_access(tmp_path):
    path = tmp_path / "s.db"
    storyline.Store(path).ingest(read_jsonl(CORPUS_JSONL))
    store = storyline.Store(path)  # reopened
    page = store.stories()
    assert page["total"] == store.health()["stories"] == len(page["stories"])
    top = page["stories"][0]
    story = store.story(top["id"])
    assert story["title"] == top["title"]
    assert story["summary"] and story["summary_words"] <= 100
    first = story["articles"][0]["id"]
    article = store.article(first)
    assert article["story"] == top["id"]
    assert article["text"].startswith("PORT AVALEN") or article["text"]
    assert store.story("s999") is None and store.article("nope") is None
    ferries = store.stories(q="ferries collide")
    assert 0 < ferries["total"] < page["total"]
    assert store.stories(entity="Nobody Atall")["total"] == 0
    with pytest.raises(ValueError, match="sort"):
        store.stories(sort="best")
    with pytest.raises(ValueError, match="not a day"):
        store.stories(from_="yesterday")
    pytest.importorskip("pandas")
    assert len(store.stories_frame()) == page["total"]


def test_a_database_that_cannot_be_opened_raises_store_error(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(storyline.StoreError, match="dir.db"):
        storyline.Store(tmp_path / "dir.db")
