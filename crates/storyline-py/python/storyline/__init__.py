"""storyline: news articles into stories, from Python.

Which articles report the same event, which sentences were copied between
outlets (also when a word was swapped), who published first, a short
extractive summary per story in which every sentence cites every outlet that
carries it, and each story's people, organisations, places, quotes and
timeline. The work is done by the storyline Rust library, with the GIL
released; results are plain Python objects following the JSON report schema
(``docs/json-schema.md`` in the repository).

Articles are given as an iterable of dicts (``id``, ``title``, ``text``,
``source``, ``url``, ``published``; only ``text`` is required, or ``html``, a
raw web page to extract) or as a path (a file or directory of ``.txt``,
``.jsonl``, ``.html``, ``.warc``, feeds; a list of paths too), read exactly as
``storyline digest PATH`` reads them.

    >>> import storyline
    >>> report = storyline.digest("examples/corpus")
    >>> report["stats"]["stories"]
    4
    >>> report.stories_frame()          # with pandas installed

Problems with one article (an empty text, a repeated id, an unreadable file)
do not stop the run: they are listed in ``report["diagnostics"]``, as the CLI
lists them. A value of the wrong type (``text`` that is not a str, an article
that is not a dict) raises ``TypeError``; an article without ``text`` or
``html`` raises ``ValueError``; both name the article's position and id.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import math as _math
import os as _os
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from . import _native
from ._native import SCHEMA, StoreError, __version__

__all__ = [
    "digest",
    "summarize",
    "extract",
    "copies",
    "Report",
    "Store",
    "StoreError",
    "SCHEMA",
    "__version__",
]

PathLike = Union[str, "_os.PathLike[str]"]
Articles = Union[PathLike, Iterable[PathLike], Iterable[Mapping[str, Any]]]

# The name diagnostics give as the "file" of articles passed as dicts; their
# "line" is the article's 1-based position. An article without an id gets
# "articles-N", as line N of a file articles.jsonl would.
_SOURCE_NAME = "articles"
_STRING_FIELDS = ("id", "title", "source", "url", "lang")


# ------------------------------------------------------------------ reports


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "this method needs pandas, which storyline does not install: pip install pandas"
        ) from e
    return pandas


class Report(dict):
    """A storyline report: a plain ``dict`` in the JSON report's schema
    (``schema``, ``language``, ``stats``, ``stories``, ``copy_groups``,
    ``document_copies``, ``articles``, ``diagnostics``), with tables for
    pandas. ``json.dumps(report)`` gives the CLI's JSON."""

    def __repr__(self) -> str:
        # The whole report holds every article's text: a notebook showing
        # it would print megabytes. The dict itself is unchanged.
        stats = self.get("stats", {})
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in stats.items())
        return f"<storyline.Report {self.get('language', '?')}: {counts}; keys {', '.join(self)}>"

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        """Input problems, in the order met (``file``, ``line``,
        ``severity``, ``message``)."""
        return self.get("diagnostics", [])

    def stories_frame(self):
        """One row per story: id, title, article and outlet counts, the
        outlets, first article, publication range, the summary's text and
        words, the most widely mentioned entities, and the numbers of quotes,
        timeline events and copy groups. Needs pandas."""
        pd = _pandas()
        rows = []
        for s in self.get("stories", []):
            rows.append(
                {
                    "story": s["id"],
                    "title": s["title"],
                    "articles": len(s["articles"]),
                    "outlets": len(s["sources"]),
                    "sources": s["sources"],
                    "first_article": s["first_article"],
                    "first_published": s["first_published"],
                    "last_published": s["last_published"],
                    "summary": " ".join(x["text"] for x in s["summary"]),
                    "summary_words": s["summary_words"],
                    "entities": [e["name"] for e in s["entities"][:10]],
                    "quotes": len(s["quotes"]),
                    "events": len(s["timeline"]),
                    "copy_groups": len(s["copy_groups"]),
                }
            )
        columns = [
            "story", "title", "articles", "outlets", "sources", "first_article",
            "first_published", "last_published", "summary", "summary_words",
            "entities", "quotes", "events", "copy_groups",
        ]
        return pd.DataFrame(rows, columns=columns)

    def copies_frame(self):
        """One row per copied sentence: its copy group, the first carrier
        (article, byte span, text) and the copy (article, byte span, text),
        the words swapped (``[(from, to), ...]``, empty for a verbatim copy)
        and whether the copy is verbatim. Needs pandas."""
        pd = _pandas()
        rows = []
        for g in self.get("copy_groups", []):
            first = g["first"]
            for c in g["copies"]:
                rows.append(
                    {
                        "group": g["id"],
                        "first_article": first["article"],
                        "first_start": first["start"],
                        "first_end": first["end"],
                        "first_text": first["text"],
                        "article": c["article"],
                        "start": c["start"],
                        "end": c["end"],
                        "text": c["text"],
                        "swaps": [(w["from"], w["to"]) for w in c["swaps"]],
                        "verbatim": not c["swaps"],
                    }
                )
        columns = [
            "group", "first_article", "first_start", "first_end", "first_text",
            "article", "start", "end", "text", "swaps", "verbatim",
        ]
        return pd.DataFrame(rows, columns=columns)

    def quotes_frame(self):
        """One row per quote of every story: the story, kind (``direct`` or
        ``reported``), resolved speaker, relaying agency, text, where it is
        (article, byte span) and the articles carrying it. Needs pandas."""
        pd = _pandas()
        rows = []
        for s in self.get("stories", []):
            for q in s["quotes"]:
                rows.append(
                    {
                        "story": s["id"],
                        "kind": q["kind"],
                        "speaker": q["speaker"],
                        "carrier": q["carrier"],
                        "text": q["text"],
                        "article": q["article"],
                        "start": q["start"],
                        "end": q["end"],
                        "carried_by": q["carried_by"],
                    }
                )
        columns = [
            "story", "kind", "speaker", "carrier", "text", "article", "start",
            "end", "carried_by",
        ]
        return pd.DataFrame(rows, columns=columns)

    def articles_frame(self):
        """One row per article read: id, title, outlet, URL, publication,
        story, kept sentences and removed lines. Needs pandas."""
        pd = _pandas()
        rows = [
            {
                "id": a["id"],
                "title": a["title"],
                "source": a.get("source"),
                "url": a.get("url"),
                "published": a.get("published"),
                "story": a.get("story"),
                "sentences": len(a.get("sentences", [])),
                "removed": len(a.get("removed", [])),
            }
            for a in self.get("articles", [])
        ]
        columns = ["id", "title", "source", "url", "published", "story", "sentences", "removed"]
        return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------- input


def _is_path(x: Any) -> bool:
    return isinstance(x, (str, _os.PathLike))


def _missing(v: Any) -> bool:
    """None, or a float NaN (what pandas puts in an empty cell)."""
    return v is None or (isinstance(v, float) and _math.isnan(v))


def _where(i: int, item: Any) -> str:
    label = f"article {i}"
    if isinstance(item, Mapping):
        id_ = item.get("id")
        if isinstance(id_, (str, int)) and not isinstance(id_, bool):
            label += f" (id {str(id_)!r})"
    return label


def _published(where: str, v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, _dt.datetime):  # pandas.Timestamp is one too
        spec = "seconds" if v.microsecond == 0 else "auto"
        s = v.isoformat(timespec=spec)
        return s
    if isinstance(v, _dt.date):
        return v.isoformat()
    raise TypeError(
        f"{where}: field 'published' must be a str, datetime or date, not {type(v).__name__}"
    )


def _record(i: int, item: Any) -> dict[str, Any]:
    """The JSON Lines object of one article, after checking its types."""
    where = _where(i, item)
    if not isinstance(item, Mapping):
        raise TypeError(f"{where}: expected a dict with 'text', not {type(item).__name__}")
    rec: dict[str, Any] = {}
    for key in _STRING_FIELDS:
        v = item.get(key)
        if _missing(v):
            continue
        if key == "id" and isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise TypeError(f"{where}: field {key!r} must be a str, not {type(v).__name__}")
        rec[key] = v
    v = item.get("published")
    if not _missing(v):
        rec["published"] = _published(where, v)
    text, html = item.get("text"), item.get("html")
    if not _missing(text):
        if not isinstance(text, str):
            raise TypeError(f"{where}: field 'text' must be a str, not {type(text).__name__}")
        rec["text"] = text
    elif not _missing(html):
        if not isinstance(html, (str, bytes)):
            raise TypeError(f"{where}: field 'html' must be a str, not {type(html).__name__}")
        rec["html"] = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    else:
        raise ValueError(f"{where}: no 'text' (or 'html', a web page) to read")
    return rec


def _records(articles: Any) -> Any:
    """A pandas DataFrame as its rows; anything else as it is."""
    if hasattr(articles, "to_dict") and hasattr(articles, "columns"):
        return articles.to_dict("records")
    return articles


def _jsonl(articles: Iterable[Mapping[str, Any]]) -> bytes:
    articles = _records(articles)
    if isinstance(articles, Mapping):
        raise TypeError("expected an iterable of article dicts (or a path), not one dict")
    try:
        items = iter(articles)
    except TypeError:
        raise TypeError(
            f"expected an iterable of article dicts or a path, not {type(articles).__name__}"
        ) from None
    lines = [
        _json.dumps(_record(i, item), ensure_ascii=False) for i, item in enumerate(items, 1)
    ]
    if not lines:
        raise ValueError("no articles given")
    return "\n".join(lines).encode("utf-8")


def _paths(articles: Any) -> Optional[list[str]]:
    """The paths to read, or None when `articles` holds dicts."""
    if _is_path(articles):
        paths = [articles]
    elif isinstance(articles, (list, tuple)) and articles and all(_is_path(p) for p in articles):
        paths = list(articles)
    else:
        return None
    out = []
    for p in paths:
        p = _os.fspath(p)
        if not _os.path.exists(p):
            raise FileNotFoundError(2, "No such file or directory", p)
        out.append(p)
    return out


def _input(articles: Articles) -> tuple[Optional[bytes], Optional[list[str]]]:
    articles = _records(articles)
    paths = _paths(articles)
    if paths is not None:
        return None, paths
    return _jsonl(articles), None  # type: ignore[arg-type]


def _date_arg(published: Any) -> Optional[str]:
    if _missing(published):
        return None
    return _published("published", published)


# ------------------------------------------------------------------ the API


def digest(
    articles: Articles,
    words: int = 100,
    lang: str = "auto",
    stream: bool = False,
    published: Any = None,
) -> Report:
    """Find stories, copies, first publishers and cited summaries.

    The same as ``storyline digest PATH --format json`` (with ``--words``,
    ``--lang``, ``--stream`` and ``--published``), returned as a
    :class:`Report` (a dict in the JSON report's schema).

    articles: an iterable of dicts or a pandas DataFrame (``id``, ``title``,
        ``text``, ``source``,
        ``url``, ``published`` as an RFC 3339 / ``YYYY-MM-DD`` string or a
        ``datetime``/``date``; ``lang``; ``html`` instead of ``text`` for a
        raw web page), or a path or list of paths to read as the CLI reads
        them.
    words: word budget of each story summary (never exceeded).
    lang: ``"auto"`` (the articles' majority language) or a language code or
        name (``"en"``, ``"french"``).
    stream: find stories one article at a time in publication order, as the
        story database does, instead of in one batch.
    published: publication date given to articles that have none.

    Per-article problems are in ``report["diagnostics"]``. Raises
    ``TypeError``/``ValueError`` for values of the wrong type, an unknown
    language, or when no article could be read, and ``FileNotFoundError`` for
    a missing path.
    """
    jsonl, paths = _input(articles)
    text = _native.digest(
        jsonl, paths, _SOURCE_NAME, words, lang, stream, _date_arg(published)
    )
    return Report(_json.loads(text))


def copies(articles: Articles, lang: str = "auto") -> Report:
    """Sentences copied between articles, verbatim or spun, and how much each
    article copies from an earlier one: only the copy stage of the pipeline
    (no stories, summaries or extraction).

    Returns a :class:`Report` with ``copy_groups`` and ``document_copies`` as
    in the digest report (the same groups :func:`digest` finds), ``stats``,
    ``articles`` (id, file, line, title, source, published; for dicts,
    ``line`` is the 1-based position) and ``diagnostics``;
    ``copies_frame()`` tabulates it.
    """
    jsonl, paths = _input(articles)
    return Report(_json.loads(_native.copies(jsonl, paths, _SOURCE_NAME, lang)))


def summarize(
    docs: Iterable[Mapping[str, Any]], words: int = 250, lang: str = "auto"
) -> dict[str, Any]:
    """One cited extractive summary of documents taken as one story, as
    ``storyline summarize`` makes it for a cluster.

    docs: article dicts as for :func:`digest` (usually one cluster).
    words: the word budget (never exceeded); the CLI's default, 250.
    lang: ``"auto"`` (the documents' majority language) or a language.

    Returns ``{"summary": text (sentences separated by newlines), "words": n,
    "language": code, "sentences": [{"text", "article", "start", "end",
    "cites", "sources", "copy_group"}], "diagnostics": [...]}``.
    """
    jsonl = _jsonl(docs)
    return _json.loads(_native.summarize(jsonl, _SOURCE_NAME, words, lang))


def extract(
    text: str,
    published: Any = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    lang: str = "auto",
) -> dict[str, Any]:
    """People, organisations and places, quotes with resolved speakers, and
    dated events of one article.

    text: the article body. published: its publication date (a str, datetime
    or date); relative expressions ("on Monday") are dated against it and
    counted in ``undated_expressions`` without it.

    Returns ``{"entities", "quotes", "timeline", "undated_expressions"}`` in
    the report's schema (byte offsets into ``text``), with the article's kept
    ``sentences``, the ``removed`` boilerplate lines and ``diagnostics``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        raise ValueError("text is empty")
    item: dict[str, Any] = {"id": "article", "text": text}
    if title is not None:
        item["title"] = title
    if source is not None:
        item["source"] = source
    if not _missing(published):
        item["published"] = published
    return _json.loads(_native.extract(_jsonl([item]), _SOURCE_NAME, lang))


class Store:
    """A story database (one SQLite file), as ``storyline ingest`` writes it
    and ``storyline serve`` shows it. Created if missing.

    words, lang: the summary budget and language setting used when stories
    change (``--words``, ``--lang`` of ``storyline ingest``).
    """

    def __init__(self, path: PathLike, words: int = 100, lang: str = "auto") -> None:
        self._store = _native.Store(_os.fspath(path), words, lang)

    @property
    def path(self) -> str:
        """The database file."""
        return self._store.path

    def ingest(
        self, articles: Articles, batch: int = 1000, published: Any = None
    ) -> dict[str, Any]:
        """Add articles (dicts or paths, as for :func:`digest`) in publication
        order, ``batch`` per transaction. A new article joins a story or
        starts one; the same article twice is stored once.

        Returns ``{"added", "duplicates", "placed": [{"article", "story",
        "duplicate_of"}], "stories_changed", "redirects", "id_clashes",
        "diagnostics"}``.
        """
        jsonl, paths = _input(articles)
        return _json.loads(
            self._store.ingest(jsonl, paths, _SOURCE_NAME, batch, _date_arg(published))
        )

    def stories(
        self,
        q: Optional[str] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        entity: Optional[str] = None,
        min_articles: Optional[int] = None,
        sort: str = "covered",
        page: int = 1,
        per_page: int = 20,
    ) -> dict[str, Any]:
        """A page of stories, as ``GET /api/stories``: ``{"total", "page",
        "per_page", "stories": [{"id", "title", "lede", "articles",
        "sources", "first_published", "last_published", "entities"}]}``.

        q: full-text search; from_, to: days (YYYY-MM-DD); source: an outlet;
        entity: a name or alias; sort: ``"covered"`` or ``"recent"``.
        """
        return _json.loads(
            self._store.stories(
                q, from_, to, source, entity, min_articles, sort, page, per_page
            )
        )

    def story(self, id: str) -> Optional[dict[str, Any]]:
        """A story by id (``GET /api/stories/{id}``), following merges to the
        story that holds it now; None if the id was never given."""
        found = self._store.story(id)
        return None if found is None else _json.loads(found)

    def article(self, id: str) -> Optional[dict[str, Any]]:
        """An article by id with its story, kept sentences and removed lines;
        None if unknown."""
        found = self._store.article(id)
        return None if found is None else _json.loads(found)

    def story_members(self) -> dict[str, list[str]]:
        """Every live story's article ids, in publication order."""
        return dict(self._store.story_members())

    def health(self) -> dict[str, Any]:
        """``{"schema_version", "articles", "stories"}``."""
        return _json.loads(self._store.health())

    def stories_frame(self, **query: Any):
        """:meth:`stories` as a pandas DataFrame (all pages unless ``page``
        is given). Needs pandas."""
        pd = _pandas()
        if "page" in query:
            rows = self.stories(**query)["stories"]
        else:
            rows, page = [], 1
            query.setdefault("per_page", 200)
            while True:
                got = self.stories(page=page, **query)
                rows.extend(got["stories"])
                if len(rows) >= got["total"] or not got["stories"]:
                    break
                page += 1
        columns = [
            "id", "title", "lede", "articles", "sources", "first_published",
            "last_published", "entities",
        ]
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        return f"storyline.Store({self.path!r})"
