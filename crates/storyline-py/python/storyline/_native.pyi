"""Type stubs of the compiled module `storyline._native` (crates/storyline-py/src/lib.rs).

Use the `storyline` package instead: it checks article dicts, writes them as
JSON Lines for these functions and parses the JSON text they return.
Every function releases the GIL while Rust works.
"""

from typing import Optional

__version__: str
SCHEMA: str

class StoreError(Exception):
    """The story database failed (SQLite error, a newer schema, a corrupt value)."""

def digest(
    jsonl: Optional[bytes],
    paths: Optional[list[str]],
    name: str,
    words: int,
    lang: str,
    stream: bool,
    published: Optional[str],
) -> str:
    """The JSON report of `storyline digest --format json`."""

def summarize(jsonl: bytes, name: str, words: int, lang: str) -> str:
    """One cited summary of the documents taken as one story, as JSON."""

def copies(
    jsonl: Optional[bytes], paths: Optional[list[str]], name: str, lang: str
) -> str:
    """Copy groups and document copies, as JSON."""

def extract(jsonl: bytes, name: str, lang: str) -> str:
    """Entities, quotes and timeline of one article, as JSON."""

class Store:
    def __init__(self, path: str, words: int, lang: str) -> None: ...
    @property
    def path(self) -> str: ...
    def ingest(
        self,
        jsonl: Optional[bytes],
        paths: Optional[list[str]],
        name: str,
        batch: int,
        published: Optional[str],
    ) -> str: ...
    def stories(
        self,
        q: Optional[str],
        from_: Optional[str],
        to: Optional[str],
        source: Optional[str],
        entity: Optional[str],
        min_articles: Optional[int],
        sort: str,
        page: int,
        per_page: int,
    ) -> str: ...
    def story(self, id: str) -> Optional[str]: ...
    def article(self, id: str) -> Optional[str]: ...
    def story_members(self) -> list[tuple[str, list[str]]]: ...
    def health(self) -> str: ...
