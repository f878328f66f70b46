//! Reading: story lists with search and filters, a story, an article.

use rusqlite::{params_from_iter, types::Value as Sql, OptionalExtension};
use rustc_hash::FxHashMap;
use serde_json::Value;

use storyline::report::{JsonProvenance, JsonRange, JsonRemoved};

use crate::{
    ArticleDetail, Result, Sort, Store, StoredStory, StoryListItem, StoryLookup, StoryPage,
    StoryQuery,
};

/// Largest page a caller may ask for.
pub const MAX_PER_PAGE: usize = 200;

/// Turn what a reader typed into an FTS5 query: its words, each quoted (so
/// no character of the input is FTS5 syntax), all required. `None` when the
/// input has no word.
pub(crate) fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

struct Row {
    item: StoryListItem,
    outlets: i64,
    last_ts: Option<i64>,
}

impl Store {
    /// A page of stories matching a query.
    ///
    /// Without `q`, stories are ordered by `sort`. With `q`, only stories whose
    /// title, summary or entities match, or with an article whose headline or
    /// text matches, are listed; `Sort::Covered` then ranks by a blend of BM25
    /// relevance (best of the story's and its articles' matches), coverage
    /// (log of the outlets) and recency, and `Sort::Recent` by recency alone.
    pub fn list_stories(&self, q: &StoryQuery) -> Result<StoryPage> {
        let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
        let page = q.page.max(1);
        let mut filters: Vec<String> = Vec::new();
        let mut args: Vec<Sql> = Vec::new();
        if let Some(source) = q.source.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(Sql::Text(source.trim().to_string()));
            filters.push(format!(
                "s.id IN (SELECT story FROM story_sources WHERE source = ?{})",
                args.len()
            ));
        }
        if let Some(entity) = q.entity.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(Sql::Text(entity.trim().to_string()));
            filters.push(format!(
                "s.id IN (SELECT story FROM story_entities WHERE name = ?{})",
                args.len()
            ));
        }
        if let Some(from) = q.from {
            args.push(Sql::Integer(day_start(from)));
            filters.push(format!("s.last_ts >= ?{}", args.len()));
        }
        if let Some(to) = q.to {
            args.push(Sql::Integer(day_start(to) + 86_400));
            filters.push(format!("s.first_ts < ?{}", args.len()));
        }
        if let Some(n) = q.min_articles {
            args.push(Sql::Integer(n as i64));
            filters.push(format!("s.articles >= ?{}", args.len()));
        }
        let relevance = match q.q.as_deref().map(fts_query) {
            None => None,
            Some(None) => {
                return Ok(StoryPage {
                    total: 0,
                    page,
                    per_page,
                    stories: Vec::new(),
                })
            }
            Some(Some(m)) => Some(self.matches(&m)?),
        };
        let wher = if filters.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", filters.join(" AND "))
        };
        let cols = "s.id, s.title, s.lede, s.articles, s.sources, s.first_published,
                    s.last_published, s.entities, s.outlets, s.last_ts";
        let Some(relevance) = relevance else {
            let order = match q.sort {
                Sort::Covered => "s.outlets DESC, s.articles DESC, s.last_ts DESC, s.id",
                Sort::Recent => "s.last_ts IS NULL, s.last_ts DESC, s.outlets DESC, s.id",
            };
            let total: i64 = self
                .conn
                .query_row(
                    &format!("SELECT count(*) FROM stories s {wher}"),
                    params_from_iter(args.iter()),
                    |r| r.get(0),
                )
                .map_err(|e| self.sqlite(e))?;
            let n = args.len();
            args.push(Sql::Integer(per_page as i64));
            args.push(Sql::Integer(((page - 1) * per_page) as i64));
            let sql = format!(
                "SELECT {cols} FROM stories s {wher} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
                n + 1,
                n + 2
            );
            let rows = self.rows(&sql, &args)?;
            return Ok(StoryPage {
                total: total as usize,
                page,
                per_page,
                stories: rows.into_iter().map(|r| r.item).collect(),
            });
        };
        // With a query: filter in SQL, rank in Rust.
        let sql = format!("SELECT {cols} FROM stories s {wher}");
        let mut rows: Vec<(f64, Row)> = self
            .rows(&sql, &args)?
            .into_iter()
            .filter_map(|r| relevance.get(&r.item.id).map(|&rel| (rel, r)))
            .collect();
        let newest = rows.iter().filter_map(|(_, r)| r.last_ts).max();
        let score = |rel: f64, r: &Row| -> f64 {
            let age_days = match (newest, r.last_ts) {
                (Some(n), Some(t)) => (n - t) as f64 / 86_400.0,
                _ => 365.0,
            };
            rel + 0.5 * (1.0 + r.outlets as f64).ln() + (-age_days / 30.0).exp()
        };
        match q.sort {
            Sort::Covered => rows.sort_by(|a, b| {
                score(b.0, &b.1)
                    .total_cmp(&score(a.0, &a.1))
                    .then_with(|| a.1.item.id.cmp(&b.1.item.id))
            }),
            Sort::Recent => rows.sort_by(|a, b| {
                b.1.last_ts
                    .cmp(&a.1.last_ts)
                    .then(b.0.total_cmp(&a.0))
                    .then_with(|| a.1.item.id.cmp(&b.1.item.id))
            }),
        }
        let total = rows.len();
        let stories = rows
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|(_, r)| r.item)
            .collect();
        Ok(StoryPage {
            total,
            page,
            per_page,
            stories,
        })
    }

    /// Relevance of every story matching an FTS5 query: the best BM25 of the
    /// story's own entry (title weighs most) and of its articles, as a
    /// positive number (higher is better).
    fn matches(&self, m: &str) -> Result<FxHashMap<String, f64>> {
        let mut out: FxHashMap<String, f64> = FxHashMap::default();
        let mut best = |id: String, r: f64| {
            let e = out.entry(id).or_insert(f64::MIN);
            *e = e.max(r);
        };
        let run = |sql: &str, f: &mut dyn FnMut(String, f64)| -> rusqlite::Result<()> {
            let mut st = self.conn.prepare_cached(sql)?;
            let mut rows = st.query([m])?;
            while let Some(r) = rows.next()? {
                if let Some(id) = r.get::<_, Option<String>>(0)? {
                    f(id, -r.get::<_, f64>(1)?);
                }
            }
            Ok(())
        };
        run(
            "SELECT 's' || rowid, bm25(stories_fts, 10.0, 3.0, 2.0)
             FROM stories_fts WHERE stories_fts MATCH ?1",
            &mut best,
        )
        .and_then(|()| {
            run(
                "SELECT a.story, bm25(articles_fts, 5.0, 1.0)
                 FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                 WHERE articles_fts MATCH ?1",
                &mut best,
            )
        })
        .map_err(|e| self.sqlite(e))?;
        Ok(out)
    }

    fn rows(&self, sql: &str, args: &[Sql]) -> Result<Vec<Row>> {
        let parse = |s: String| -> Vec<String> { serde_json::from_str(&s).unwrap_or_default() };
        let go = || -> rusqlite::Result<Vec<Row>> {
            let mut st = self.conn.prepare_cached(sql)?;
            let rows = st.query_map(params_from_iter(args.iter()), |r| {
                Ok(Row {
                    item: StoryListItem {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        lede: r.get(2)?,
                        articles: r.get::<_, i64>(3)? as usize,
                        sources: parse(r.get(4)?),
                        first_published: r.get(5)?,
                        last_published: r.get(6)?,
                        entities: parse(r.get(7)?),
                    },
                    outlets: r.get(8)?,
                    last_ts: r.get(9)?,
                })
            })?;
            rows.collect()
        };
        go().map_err(|e| self.sqlite(e))
    }

    /// A story by id as stored (JSON), or where its id now redirects;
    /// `None` if never given.
    pub fn story(&self, id: &str) -> Result<Option<StoryLookup>> {
        Ok(self.story_detail(id)?.map(|lookup| match lookup {
            StoryLookup::Found(s) => StoryLookup::Found(s.to_json()),
            StoryLookup::Moved(to) => StoryLookup::Moved(to),
        }))
    }

    /// A story by id, typed, or where its id now redirects; `None` if never
    /// given. A stored story that does not read as a [`StoredStory`] is a
    /// [`crate::StoreError::Corrupt`] naming the story and what was wrong.
    /// Copy groups are stored without their sentences, which are read back
    /// from the articles' text.
    pub fn story_detail(&self, id: &str) -> Result<Option<StoryLookup<StoredStory>>> {
        let Some(lookup) = self.story_as(id, |detail| serde_json::from_str(detail))? else {
            return Ok(None);
        };
        let StoryLookup::Found(mut story) = lookup else {
            return Ok(Some(lookup));
        };
        let mut texts: FxHashMap<String, String> = FxHashMap::default();
        {
            let mut by_id = self
                .conn
                .prepare_cached("SELECT text FROM articles WHERE id = ?1")
                .map_err(|e| self.sqlite(e))?;
            for article in story.articles_without_copy_texts() {
                let text: Option<String> = by_id
                    .query_row([article], |r| r.get(0))
                    .optional()
                    .map_err(|e| self.sqlite(e))?;
                if let Some(text) = text {
                    texts.insert(article.to_string(), text);
                }
            }
        }
        let filled = story.fill_copy_texts(|article| texts.get(article).map(String::as_str));
        filled.map_err(|e| self.corrupt(format!("story {id}: {e}")))?;
        Ok(Some(StoryLookup::Found(story)))
    }

    fn story_as<T>(
        &self,
        id: &str,
        read: impl FnOnce(&str) -> serde_json::Result<T>,
    ) -> Result<Option<StoryLookup<T>>> {
        let detail: Option<String> = self
            .conn
            .prepare_cached("SELECT detail FROM stories WHERE id = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.sqlite(e))?;
        if let Some(detail) = detail {
            let v = read(&detail).map_err(|e| self.corrupt(format!("story {id}: {e}")))?;
            return Ok(Some(StoryLookup::Found(v)));
        }
        let moved: Option<String> = self
            .conn
            .prepare_cached("SELECT new FROM redirects WHERE old = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.sqlite(e))?;
        Ok(moved.map(StoryLookup::Moved))
    }

    /// An article as a JSON object (docs/json-schema.md, "Article", plus
    /// `story`); `None` if unknown. See [`Store::article_detail`].
    pub fn article(&self, id: &str) -> Result<Option<Value>> {
        Ok(self.article_detail(id)?.map(|a| a.to_json()))
    }

    /// An article, typed; `None` if unknown. Cleaning is re-run on the
    /// stored text, so the kept sentences and removed lines are those of
    /// this version.
    pub fn article_detail(&self, id: &str) -> Result<Option<ArticleDetail>> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, title, text, source, url, published_ts, date_only, file, line,
                        story, published, {}
                 FROM articles WHERE id = ?1",
                crate::schema::meta_column(&self.conn).map_err(|e| self.sqlite(e))?
            ))
            .and_then(|mut st| {
                st.query_row([id], |r| {
                    Ok((
                        crate::write::row_article(r)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                    ))
                })
                .optional()
            })
            .map_err(|e| self.sqlite(e))?;
        let Some((a, story, published)) = row else {
            return Ok(None);
        };
        let (cleaned, spans) = storyline::clean::clean_and_split(&a.text, &a.marked);
        Ok(Some(ArticleDetail {
            provenance: JsonProvenance::of(&a.provenance),
            sentences: spans
                .iter()
                .map(|s| JsonRange {
                    start: s.start,
                    end: s.end,
                })
                .collect(),
            removed: cleaned
                .removed
                .iter()
                .map(|r| JsonRemoved::of(&a.text, r))
                .collect(),
            id: a.id,
            title: a.title,
            source: a.source,
            url: a.url,
            published,
            file: a.origin.path,
            line: a.origin.line,
            record: a.origin.record,
            lang: a.lang,
            story,
            text: a.text,
        }))
    }

    /// Stories (live ids) with the articles of each, by article id, in
    /// publication order: what `digest` would be compared with.
    pub fn story_members(&self) -> Result<Vec<(String, Vec<String>)>> {
        let go = || -> rusqlite::Result<Vec<(String, Vec<String>)>> {
            let mut st = self.conn.prepare(
                "SELECT story, id FROM articles WHERE story IS NOT NULL
                 ORDER BY story, published_ts IS NULL, published_ts, seq",
            )?;
            let mut out: Vec<(String, Vec<String>)> = Vec::new();
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let story: String = r.get(0)?;
                let id: String = r.get(1)?;
                match out.last_mut() {
                    Some((s, ids)) if *s == story => ids.push(id),
                    _ => out.push((story, vec![id])),
                }
            }
            Ok(out)
        };
        go().map_err(|e| self.sqlite(e))
    }
}

/// Unix seconds at 00:00 UTC of `d`, for every date jiff has (years -9999 to
/// 9999). Plain arithmetic: going through a zoned time fails near the end of
/// jiff's range (9999-12-31 has no UTC timestamp), and a failure read as 0
/// turned `from=9999-12-31` into "from 1970" and `to=9999-12-31` into
/// "before 1970".
fn day_start(d: jiff::civil::Date) -> i64 {
    // Days from 1970-01-01 to the civil date (H. Hinnant's days_from_civil).
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_start_covers_every_date_jiff_has() {
        use jiff::civil::date;
        assert_eq!(day_start(date(1970, 1, 1)), 0);
        assert_eq!(day_start(date(1969, 12, 31)), -86_400);
        assert_eq!(day_start(date(2016, 9, 5)), 1_473_033_600);
        assert_eq!(day_start(date(2000, 3, 1)), 951_868_800);
        // The ends of the range are far from 1970, in the right direction.
        assert!(day_start(date(9999, 12, 31)) > day_start(date(9999, 12, 30)));
        assert!(day_start(date(-9999, 1, 1)) < day_start(date(1, 1, 1)));
        // The same as a zoned time wherever jiff can make one.
        for d in [
            date(1, 1, 1),
            date(1600, 2, 29),
            date(2024, 12, 31),
            date(9999, 12, 1),
        ] {
            let zoned = d
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp().as_second());
            assert_eq!(Ok(day_start(d)), zoned.map_err(|_| ()), "{d}");
        }
    }

    #[test]
    fn search_input_never_reaches_fts_as_syntax() {
        assert_eq!(
            fts_query("Putin AND \"Trump* NEAR(x"),
            Some("\"Putin\" \"AND\" \"Trump\" \"NEAR\" \"x\"".to_string())
        );
        assert_eq!(fts_query("  -- ; ' "), None);
        assert_eq!(fts_query("Россия"), Some("\"Россия\"".to_string()));
    }
}
