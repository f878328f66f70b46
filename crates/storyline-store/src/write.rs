//! Ingest: articles in, stories updated, one transaction per call.
//!
//! The story decisions come from the library's [`Incremental`] state, the same
//! code `digest` runs in stream mode. The store persists that state with each
//! article (see `codec`) and rebuilds it when a new process writes, so
//! ingesting in one call or in ten gives the same stories.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};
use storyline::incremental::prepare;
use storyline::{Article, Language, Published};

use crate::codec;
use crate::lanes::Writer;
use crate::{IngestReport, Placed, Result, Store, StoredStory};

/// The identity of a text: its words, whitespace ignored.
pub(crate) fn content_hash(text: &str) -> i64 {
    let words: Vec<&str> = text.split_whitespace().collect();
    storyline::text::hash_str(&words.join(" ")) as i64
}

pub(crate) fn meta(tx: &Transaction, key: &str) -> rusqlite::Result<Option<String>> {
    tx.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

pub(crate) fn set_meta(tx: &Transaction, key: &str, value: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub(crate) fn meta_i64(tx: &Transaction, key: &str) -> rusqlite::Result<Option<i64>> {
    Ok(meta(tx, key)?.and_then(|v| v.parse().ok()))
}

pub(crate) fn ts(t: Option<i64>) -> Option<jiff::Timestamp> {
    t.and_then(|s| jiff::Timestamp::from_second(s).ok())
}

impl Store {
    /// Add articles: one transaction. Articles are taken in publication order
    /// (undated ones last, input order breaking ties). An article whose id or
    /// text (whitespace aside) is already stored, or earlier in the same call,
    /// changes nothing and is reported as a duplicate.
    pub fn ingest(&mut self, articles: Vec<Article>) -> Result<IngestReport> {
        self.ingest_cancellable(articles, &AtomicBool::new(false))
    }

    /// [`Store::ingest`], given up when `cancel` is set (checked between its
    /// stages): the transaction rolls back, nothing is written, and the
    /// answer is [`crate::StoreError::Cancelled`]. The server sets it when the
    /// client that posted the articles has gone.
    pub fn ingest_cancellable(
        &mut self,
        articles: Vec<Article>,
        cancel: &AtomicBool,
    ) -> Result<IngestReport> {
        let mut writer = self.writer.take();
        let out = self.ingest_with(&mut writer, articles, &mut |_, _| Ok(()), cancel);
        // A failed transaction rolled back: the in-memory state may be ahead
        // of the database, so drop it and reload next time.
        self.writer = if out.is_ok() { writer } else { None };
        out
    }

    /// Ingest in one transaction; `also` writes more rows in the same
    /// transaction once the report is known (the follow state).
    pub(crate) fn ingest_with(
        &mut self,
        writer: &mut Option<Writer>,
        mut articles: Vec<Article>,
        also: &mut dyn FnMut(&Transaction, &IngestReport) -> rusqlite::Result<()>,
        cancel: &AtomicBool,
    ) -> Result<IngestReport> {
        let path = self.path.clone();
        let sql = |source| crate::StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let check = || {
            if cancel.load(Ordering::Relaxed) {
                Err(crate::StoreError::Cancelled { path: path.clone() })
            } else {
                Ok(())
            }
        };
        let config = self.config.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        let generation = meta_i64(&tx, "generation").map_err(sql)?.unwrap_or(0);
        // Search indexes exist from schema version 2 on (an older database
        // opened at its own version, as an older storyline would write it).
        let fts = crate::schema::version(&tx).map_err(sql)? >= 2;
        let has_meta = crate::schema::version(&tx).map_err(sql)? >= 3;
        if writer.as_ref().is_none_or(|w| w.generation != generation) {
            *writer = Some(Writer::load(&tx, &config, &articles, generation, &path)?);
        }
        let Some(w) = writer.as_mut() else {
            return Err(crate::StoreError::Corrupt {
                path,
                message: "writer state missing".into(),
            });
        };
        // Publication order, as digest takes them.
        let rank = storyline::copies::publication_order(&articles);
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_by_key(|&i| rank[i]);
        let mut report = IngestReport::default();
        let mut placed: Vec<Option<Placed>> = vec![None; articles.len()];
        let mut fresh: Vec<usize> = Vec::new();
        {
            let mut by_id = tx
                .prepare_cached("SELECT story, content_hash FROM articles WHERE id = ?1")
                .map_err(sql)?;
            let mut by_hash = tx
                .prepare_cached("SELECT id, story FROM articles WHERE content_hash = ?1")
                .map_err(sql)?;
            let mut ids: FxHashMap<&str, i64> = FxHashMap::default();
            let mut hashes: FxHashMap<i64, &str> = FxHashMap::default();
            for &i in &order {
                let a = &articles[i];
                let hash = content_hash(&a.text);
                let stored: Option<(Option<String>, i64)> = by_id
                    .query_row([&a.id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(sql)?;
                if let Some((story, stored_hash)) = stored {
                    if stored_hash != hash {
                        report.id_clashes.push(a.id.clone());
                    }
                    placed[i] = Some(Placed {
                        article: a.id.clone(),
                        story,
                        duplicate_of: Some(a.id.clone()),
                    });
                    continue;
                }
                if let Some(&earlier) = ids.get(a.id.as_str()) {
                    if earlier != hash {
                        report.id_clashes.push(a.id.clone());
                    }
                    placed[i] = Some(Placed {
                        article: a.id.clone(),
                        story: None,
                        duplicate_of: Some(a.id.clone()),
                    });
                    continue;
                }
                let same_text: Option<(String, Option<String>)> = by_hash
                    .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(sql)?;
                let twin = same_text.or_else(|| hashes.get(&hash).map(|id| (id.to_string(), None)));
                if let Some((id, story)) = twin {
                    placed[i] = Some(Placed {
                        article: a.id.clone(),
                        story,
                        duplicate_of: Some(id),
                    });
                    continue;
                }
                ids.insert(a.id.as_str(), hash);
                hashes.insert(hash, a.id.as_str());
                fresh.push(i);
            }
        }
        report.duplicates = articles.len() - fresh.len();
        report.added = fresh.len();
        // Each article in its language's lane (see `lanes`).
        let languages: Vec<Language> = fresh
            .par_iter()
            .map(|&i| w.language_of(&articles[i], config.language))
            .collect();
        for &language in &languages {
            w.lane(&tx, &config, language, &path)?;
        }
        // Per-article analysis in parallel; decisions in order.
        let copies = config.copies.clone();
        let prepared: Vec<_> = fresh
            .par_iter()
            .zip(&languages)
            .map(|(&i, l)| {
                let normalizer = &w.lanes[l.code()].normalizer;
                prepare(&articles[i], normalizer, &copies)
            })
            .collect();
        check()?;
        let mut next_seq: i64 = tx
            .query_row("SELECT coalesce(max(seq), 0) + 1 FROM articles", [], |r| {
                r.get(0)
            })
            .map_err(sql)?;
        let mut touched: FxHashSet<(&str, usize)> = FxHashSet::default();
        let mut df_delta: FxHashMap<(Language, u64), i64> = FxHashMap::default();
        let mut new_seqs: FxHashSet<i64> = FxHashSet::default();
        let mut sentence_keys: FxHashMap<i64, Vec<u64>> = FxHashMap::default();
        {
            // The language column exists from schema 5 on.
            let (lang_column, lang_value) = if w.per_article {
                (", lang", ", ?13")
            } else {
                ("", "")
            };
            let mut insert = tx
                .prepare_cached(&format!(
                    "INSERT INTO articles (seq, id, content_hash, title, source, url, published,
                         published_ts, date_only, file, line, text, state{lang_column})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, x''{lang_value})"
                ))
                .map_err(sql)?;
            let mut fts_insert = if fts {
                Some(
                    tx.prepare_cached(
                        "INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
                    )
                    .map_err(sql)?,
                )
            } else {
                None
            };
            for ((&i, p), &language) in fresh.iter().zip(&prepared).zip(&languages) {
                let a = &articles[i];
                let seq = next_seq;
                next_seq += 1;
                let code = language.code();
                let lane = w.lane(&tx, &config, language, &path)?;
                let added = lane.state.add(
                    seq as u64,
                    &p.title,
                    &p.fingerprints,
                    a.published.map(|p| p.at),
                );
                touched.extend(added.touched.into_iter().map(|c| (code, c)));
                for t in added.terms {
                    *df_delta.entry((language, t)).or_insert(0) += 1;
                }
                sentence_keys.insert(seq, added.sentence_keys);
                new_seqs.insert(seq);
                let row = params![
                    seq,
                    a.id,
                    content_hash(&a.text),
                    a.title,
                    a.source,
                    a.url,
                    a.published.map(|p| p.to_string()),
                    a.published.map(|p| p.at.as_second()),
                    a.published.is_some_and(|p| p.date_only),
                    a.origin.path,
                    a.origin.line.map(|l| l as i64),
                    a.text,
                    code,
                ];
                let row = if w.per_article { row } else { &row[..12] };
                insert.execute(row).map_err(sql)?;
                // Only articles that carry more than the core fields (pages,
                // archives, feeds) have a meta row value; before schema 3
                // there is no column for it.
                if let Some(meta) = crate::meta::encode(a).filter(|_| has_meta) {
                    tx.prepare_cached("UPDATE articles SET meta = ?2 WHERE seq = ?1")
                        .and_then(|mut st| st.execute(params![seq, meta]))
                        .map_err(sql)?;
                }
                if let Some(fts) = fts_insert.as_mut() {
                    fts.execute(params![seq, a.title, a.text]).map_err(sql)?;
                }
            }
        }
        check()?;
        // Stories that closed leave the live window; they are final, and get
        // their ids and summaries below like the touched ones.
        // Each part (a story's seqs, sorted) with its language.
        let mut parts: Vec<(Vec<i64>, Language)> = Vec::new();
        {
            let mut dead = tx
                .prepare_cached("UPDATE articles SET live = 0, state = x'' WHERE seq = ?1")
                .map_err(sql)?;
            for lane in w.lanes.values_mut() {
                for story in lane.state.take_closed() {
                    let mut seqs = Vec::with_capacity(story.len());
                    for number in story {
                        let seq = number as i64;
                        dead.execute([seq]).map_err(sql)?;
                        seqs.push(seq);
                    }
                    seqs.sort_unstable();
                    parts.push((seqs, lane.language));
                }
            }
        }
        // Persist the state of every article whose state may have changed:
        // the members of the stories touched.
        let mut touched: Vec<(&str, usize)> = touched.into_iter().collect();
        touched.sort_unstable();
        {
            let mut old_keys = tx
                .prepare_cached("SELECT state FROM articles WHERE seq = ?1")
                .map_err(sql)?;
            let mut save = tx
                .prepare_cached("UPDATE articles SET state = ?2 WHERE seq = ?1")
                .map_err(sql)?;
            for &(code, c) in &touched {
                let lane = &w.lanes[code];
                for &item in lane.state.members(c) {
                    let seq = lane.state.number(item) as i64;
                    let keys = match sentence_keys.get(&seq) {
                        Some(k) => k.clone(),
                        None => {
                            let blob: Vec<u8> =
                                old_keys.query_row([seq], |r| r.get(0)).map_err(sql)?;
                            codec::decode(&blob)
                                .ok_or_else(|| crate::StoreError::Corrupt {
                                    path: path.clone(),
                                    message: format!("article state of seq {seq} unreadable"),
                                })?
                                .sentence_keys
                        }
                    };
                    let mut state = lane.state.item_state(item);
                    state.links = state
                        .links
                        .iter()
                        .map(|&(b, s)| (lane.state.number(b) as usize, s))
                        .collect();
                    state.twin_of = state.twin_of.map(|t| lane.state.number(t) as usize);
                    save.execute(params![seq, codec::encode(&state, &keys)])
                        .map_err(sql)?;
                }
            }
        }
        // Stories: stable public ids, then new summaries where members changed.
        for &(code, c) in &touched {
            let lane = &w.lanes[code];
            for p in lane.state.parts(c) {
                let mut seqs: Vec<i64> = p.into_iter().map(|n| n as i64).collect();
                seqs.sort_unstable();
                parts.push((seqs, lane.language));
            }
        }
        parts.sort_by_key(|(p, _)| (std::cmp::Reverse(p.len()), p.first().copied()));
        let language_of: FxHashMap<i64, Language> = parts
            .iter()
            .filter_map(|(p, l)| Some((*p.first()?, *l)))
            .collect();
        let parts: Vec<Vec<i64>> = parts.into_iter().map(|(p, _)| p).collect();
        let changed = assign_ids(&tx, &parts, &new_seqs, &mut report, fts).map_err(sql)?;
        let details: Vec<(String, Vec<Article>, Language)> = changed
            .iter()
            .map(|(id, seqs)| {
                let language = seqs.first().and_then(|s| language_of.get(s)).copied();
                let language = language.unwrap_or(w.home);
                Ok((id.clone(), load_articles(&tx, seqs)?, language))
            })
            .collect::<rusqlite::Result<_>>()
            .map_err(sql)?;
        check()?;
        let built: Vec<StoredStory> = details
            .into_par_iter()
            .map(|(id, arts, language)| {
                let mut cfg = config.clone();
                cfg.language = Some(language);
                story_detail(&id, arts, &cfg)
            })
            .collect();
        for mut detail in built {
            // Copy texts are spans of stored articles: read back from them.
            detail.strip_copy_texts();
            write_story(&tx, &detail, fts).map_err(sql)?;
        }
        report.stories_changed = changed.into_iter().map(|(id, _)| id).collect();
        // Document frequencies, clocks, generation.
        w.save(&tx, df_delta).map_err(sql)?;
        w.generation = generation + 1;
        set_meta(&tx, "generation", &w.generation.to_string()).map_err(sql)?;
        // Where each input article went.
        {
            let mut story_of = tx
                .prepare_cached("SELECT story FROM articles WHERE id = ?1")
                .map_err(sql)?;
            for (i, a) in articles.iter_mut().enumerate() {
                let p = match placed[i].take() {
                    Some(mut p) => {
                        if let Some(dup) = &p.duplicate_of {
                            p.story = story_of
                                .query_row([dup], |r| r.get(0))
                                .optional()
                                .map_err(sql)?
                                .flatten();
                        }
                        p
                    }
                    None => Placed {
                        article: a.id.clone(),
                        story: story_of
                            .query_row([&a.id], |r| r.get(0))
                            .optional()
                            .map_err(sql)?
                            .flatten(),
                        duplicate_of: None,
                    },
                };
                report.placed.push(p);
            }
        }
        also(&tx, &report).map_err(sql)?;
        check()?;
        tx.commit().map_err(sql)?;
        Ok(report)
    }
}

/// Give each part (a story's articles, by seq) a public id: the old id most of
/// its members had, unless a larger part took it; otherwise a new one. Old ids
/// left without a part redirect to the part holding most of their articles.
/// Returns the parts whose members changed (their summaries are rebuilt).
fn assign_ids(
    tx: &Transaction,
    parts: &[Vec<i64>],
    new_seqs: &FxHashSet<i64>,
    report: &mut IngestReport,
    fts: bool,
) -> rusqlite::Result<Vec<(String, Vec<i64>)>> {
    let mut story_of = tx.prepare_cached("SELECT story FROM articles WHERE seq = ?1")?;
    let mut old: Vec<Vec<Option<String>>> = Vec::with_capacity(parts.len());
    for p in parts {
        let mut v = Vec::with_capacity(p.len());
        for &seq in p {
            v.push(story_of.query_row([seq], |r| r.get::<_, Option<String>>(0))?);
        }
        old.push(v);
    }
    let mut next: i64 = meta_i64(tx, "next_story")?.unwrap_or(1);
    let mut claimed: FxHashSet<String> = FxHashSet::default();
    let mut ids = Vec::with_capacity(parts.len());
    for olds in &old {
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        for s in olds.iter().flatten() {
            *votes.entry(s.as_str()).or_insert(0) += 1;
        }
        let best = votes
            .iter()
            .filter(|(id, _)| !claimed.contains(**id))
            .max_by_key(|(id, n)| (**n, std::cmp::Reverse(story_number(id))))
            .map(|(id, _)| id.to_string());
        let id = best.unwrap_or_else(|| {
            let id = format!("s{next}");
            next += 1;
            id
        });
        claimed.insert(id.clone());
        ids.push(id);
    }
    set_meta(tx, "next_story", &next.to_string())?;
    // Old ids that lost all their articles redirect.
    let mut moved: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (olds, id) in old.iter().zip(&ids) {
        for s in olds.iter().flatten() {
            if !claimed.contains(s) {
                *moved
                    .entry(s.clone())
                    .or_default()
                    .entry(id.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    for (gone, targets) in moved {
        let Some(target) = targets
            .iter()
            .max_by_key(|(id, n)| (**n, std::cmp::Reverse(story_number(id))))
            .map(|(id, _)| id.clone())
        else {
            continue;
        };
        delete_story(tx, &gone, fts)?;
        tx.execute(
            "INSERT INTO redirects (old, new) VALUES (?1, ?2)
             ON CONFLICT (old) DO UPDATE SET new = excluded.new",
            params![gone, target],
        )?;
        tx.execute(
            "UPDATE redirects SET new = ?2 WHERE new = ?1",
            params![gone, target],
        )?;
        report.redirects.push((gone, target));
    }
    // Which parts changed: a new member, or a member set other than the
    // story's stored one.
    let mut count = tx.prepare_cached("SELECT count(*) FROM articles WHERE story = ?1")?;
    let mut set_story = tx.prepare_cached("UPDATE articles SET story = ?2 WHERE seq = ?1")?;
    let mut changed = Vec::new();
    for ((p, olds), id) in parts.iter().zip(&old).zip(&ids) {
        let same = !p.iter().any(|s| new_seqs.contains(s))
            && olds.iter().all(|s| s.as_deref() == Some(id.as_str()))
            && count.query_row([id], |r| r.get::<_, i64>(0))? as usize == p.len();
        if same {
            continue;
        }
        changed.push((id.clone(), p.clone()));
    }
    for (id, p) in &changed {
        for &seq in p {
            set_story.execute(params![seq, id])?;
        }
    }
    Ok(changed)
}

/// Numeric part of a story id, for tie-breaks ("s12" → 12).
pub(crate) fn story_number(id: &str) -> u64 {
    id.trim_start_matches('s').parse().unwrap_or(u64::MAX)
}

fn delete_story(tx: &Transaction, id: &str, fts: bool) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM stories WHERE id = ?1", [id])?;
    if fts {
        tx.execute(
            "DELETE FROM stories_fts WHERE rowid = ?1",
            [story_number(id) as i64],
        )?;
    }
    tx.execute("DELETE FROM story_sources WHERE story = ?1", [id])?;
    tx.execute("DELETE FROM story_entities WHERE story = ?1", [id])?;
    Ok(())
}

/// Articles by seq, as the library's [`Article`], in the order given.
pub(crate) fn load_articles(
    tx: &rusqlite::Connection,
    seqs: &[i64],
) -> rusqlite::Result<Vec<Article>> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT id, title, text, source, url, published_ts, date_only, file, line, {}
         FROM articles WHERE seq = ?1",
        crate::schema::meta_column(tx)?
    ))?;
    let mut out = Vec::with_capacity(seqs.len());
    for &seq in seqs {
        out.push(st.query_row([seq], row_article)?);
    }
    Ok(out)
}

/// One `articles` row (id, title, text, source, url, published_ts, date_only,
/// file, line, then a column named `meta`) as an [`Article`].
pub(crate) fn row_article(r: &rusqlite::Row) -> rusqlite::Result<Article> {
    let mut a = Article::new(
        r.get::<_, String>(0)?,
        r.get::<_, String>(1)?,
        r.get::<_, String>(2)?,
    );
    a.source = r.get(3)?;
    a.url = r.get(4)?;
    a.published = ts(r.get(5)?).map(|at| Published {
        at,
        date_only: r.get::<_, bool>(6).unwrap_or(false),
        offset: None,
    });
    a.origin.path = r.get(7)?;
    a.origin.line = r.get::<_, Option<i64>>(8)?.map(|l| l as usize);
    if let Some(meta) = r.get::<_, Option<String>>("meta")? {
        crate::meta::apply(&mut a, &meta);
    }
    Ok(a)
}

/// A story's stored form: the digest of its articles as one story, with its
/// copy groups and article references embedded.
fn story_detail(id: &str, articles: Vec<Article>, cfg: &storyline::Config) -> StoredStory {
    let all: Vec<usize> = (0..articles.len()).collect();
    let d = storyline::digest_grouped(articles, cfg, storyline::Grouping::Given(vec![all]));
    StoredStory::from_report(id, storyline::report::JsonReport::from_digest(&d))
}

/// Write a story's row, search entry, sources and entities.
fn write_story(tx: &Transaction, s: &StoredStory, fts: bool) -> rusqlite::Result<()> {
    let id = s.id.as_str();
    delete_story(tx, id, fts)?;
    let entity_names: Vec<&str> = s.entities.iter().map(|e| e.name.as_str()).collect();
    let summary: Vec<&str> = s.summary.iter().map(|x| x.text.as_str()).collect();
    let time = |t: &Option<String>| -> Option<i64> {
        storyline::ingest::parse_published(t.as_deref()?).map(|p| p.at.as_second())
    };
    let top: Vec<&str> = entity_names.iter().take(5).copied().collect();
    tx.execute(
        "INSERT INTO stories (id, title, lede, articles, outlets, sources, entities,
             first_published, last_published, first_ts, last_ts, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            s.title,
            summary.first().copied().unwrap_or_default(),
            s.articles.len() as i64,
            s.sources.len() as i64,
            serde_json::to_string(&s.sources).unwrap_or_default(),
            serde_json::to_string(&top).unwrap_or_default(),
            s.first_published,
            s.last_published,
            time(&s.first_published),
            time(&s.last_published),
            // Through `Value`: keys sorted, as stories have always been stored.
            s.to_json().to_string(),
        ],
    )?;
    if fts {
        tx.execute(
            "INSERT INTO stories_fts (rowid, title, summary, entities) VALUES (?1, ?2, ?3, ?4)",
            params![
                story_number(id) as i64,
                s.title,
                summary.join(" "),
                entity_names.join(" "),
            ],
        )?;
    }
    let mut src =
        tx.prepare_cached("INSERT OR IGNORE INTO story_sources (story, source) VALUES (?1, ?2)")?;
    for source in &s.sources {
        src.execute(params![id, source])?;
    }
    let mut ent =
        tx.prepare_cached("INSERT OR IGNORE INTO story_entities (story, name) VALUES (?1, ?2)")?;
    for e in &s.entities {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            ent.execute(params![id, name])?;
        }
    }
    Ok(())
}
