//! One story state per language: a database holds articles in several
//! languages, each normalised (stopwords, stemming) in its own language, and
//! stories form within a language.
//!
//! The first language a database sees is its *home* language (`meta.language`).
//! It keeps the storage it always had: the `doc_freq` table and the meta keys
//! `docs`, `latest` and `closed_until`, so a database written before languages
//! had lanes reads as one home lane. Every other language keeps its document
//! frequencies in `lang_doc_freq` and its counters under meta keys suffixed
//! with its code (`docs.fr`). An article's language is in `articles.lang`
//! (NULL: written before schema 5, so the home language).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rusqlite::{params, Transaction};
use rustc_hash::FxHashMap;
use storyline::incremental::{prepare, Clock, Incremental, Restored};
use storyline::stories::DocFreq;
use storyline::text::Normalizer;
use storyline::{Article, Language};

use crate::write::{meta, meta_i64, set_meta, ts};
use crate::{codec, Result, StoreError};

/// The story state of one language.
pub(crate) struct Lane {
    pub language: Language,
    pub state: Incremental,
    pub normalizer: Normalizer,
}

/// The in-memory side of a writable store.
pub(crate) struct Writer {
    /// The database's first language.
    pub home: Language,
    /// Lanes loaded so far, by language code (a stable order).
    pub lanes: BTreeMap<&'static str, Lane>,
    /// `meta.generation` when the state was loaded or last written.
    pub generation: i64,
    /// Whether the schema records each article's language (version 5 on); a
    /// database opened at an older version has one lane, as it had then.
    pub per_article: bool,
}

/// The language an article is normalised in: the one it declares (`lang`,
/// its primary subtag: "de-CH" is German), else the one the caller declared
/// for the whole ingest, else the one detected in its text, else `home`.
pub(crate) fn article_language(
    a: &Article,
    declared: Option<Language>,
    home: Language,
) -> Language {
    a.lang
        .as_deref()
        .and_then(|tag| Language::parse(tag.split(['-', '_']).next().unwrap_or(tag)))
        .or(declared)
        .or_else(|| Language::detect(&a.text))
        .unwrap_or(home)
}

/// The suffix of a lane's meta keys: none for the home language.
fn suffix(language: Language, home: Language) -> String {
    if language == home {
        String::new()
    } else {
        format!(".{}", language.code())
    }
}

fn sql_err(path: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| StoreError::Sqlite {
        path: path.to_string(),
        source,
    }
}

impl Writer {
    /// Load the writer: the home language (chosen from `incoming` on a new
    /// database) and a lane for every language with live articles.
    pub fn load(
        tx: &Transaction,
        config: &storyline::Config,
        incoming: &[Article],
        generation: i64,
        path: &str,
    ) -> Result<Writer> {
        let sql = sql_err(path);
        let home = match meta(tx, "language").map_err(&sql)? {
            Some(code) => Language::parse(&code).ok_or_else(|| StoreError::Corrupt {
                path: path.to_string(),
                message: format!("unknown language {code:?} in meta"),
            })?,
            None => {
                let language = config.language.unwrap_or_else(|| {
                    Language::detect_majority(incoming.iter().take(64).map(|a| a.text.as_str()))
                });
                set_meta(tx, "language", language.code()).map_err(&sql)?;
                language
            }
        };
        let per_article = crate::schema::version(tx).map_err(&sql)? >= 5;
        let mut w = Writer {
            home,
            lanes: BTreeMap::new(),
            generation,
            per_article,
        };
        let mut live: Vec<Language> = vec![home];
        if per_article {
            let mut st = tx
                .prepare("SELECT DISTINCT lang FROM articles WHERE live = 1 AND lang IS NOT NULL")
                .map_err(&sql)?;
            let codes = st
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(&sql)?
                .collect::<rusqlite::Result<Vec<String>>>()
                .map_err(&sql)?;
            for code in codes {
                let language = Language::parse(&code).ok_or_else(|| StoreError::Corrupt {
                    path: path.to_string(),
                    message: format!("unknown language {code:?} of a stored article"),
                })?;
                live.push(language);
            }
        }
        for language in live {
            w.lane(tx, config, language, path)?;
        }
        Ok(w)
    }

    /// The language an article goes to in this database.
    pub fn language_of(&self, a: &Article, declared: Option<Language>) -> Language {
        if self.per_article {
            article_language(a, declared, self.home)
        } else {
            self.home
        }
    }

    /// The lane of `language`, loaded from the database the first time.
    pub fn lane(
        &mut self,
        tx: &Transaction,
        config: &storyline::Config,
        language: Language,
        path: &str,
    ) -> Result<&mut Lane> {
        if !self.lanes.contains_key(language.code()) {
            let lane = load_lane(tx, config, language, self.home, self.per_article, path)?;
            self.lanes.insert(language.code(), lane);
        }
        self.lanes
            .get_mut(language.code())
            .ok_or_else(|| StoreError::Corrupt {
                path: path.to_string(),
                message: "lane missing".into(),
            })
    }

    /// Write each lane's document frequency changes and counters.
    pub fn save(
        &self,
        tx: &Transaction,
        df_delta: FxHashMap<(Language, u64), i64>,
    ) -> rusqlite::Result<()> {
        let mut delta: Vec<(&str, u64, i64, Language)> = df_delta
            .into_iter()
            .map(|((l, t), n)| (l.code(), t, n, l))
            .collect();
        delta.sort_unstable_by_key(|d| (d.0, d.1));
        {
            let mut home = tx.prepare_cached(
                "INSERT INTO doc_freq (term, n) VALUES (?1, ?2)
                 ON CONFLICT (term) DO UPDATE SET n = n + excluded.n",
            )?;
            let mut other = if self.per_article {
                Some(tx.prepare_cached(
                    "INSERT INTO lang_doc_freq (lang, term, n) VALUES (?1, ?2, ?3)
                     ON CONFLICT (lang, term) DO UPDATE SET n = n + excluded.n",
                )?)
            } else {
                None
            };
            for (code, term, n, language) in delta {
                match other.as_mut().filter(|_| language != self.home) {
                    Some(st) => st.execute(params![code, term as i64, n])?,
                    None => home.execute(params![term as i64, n])?,
                };
            }
        }
        for lane in self.lanes.values() {
            let sfx = suffix(lane.language, self.home);
            let clock = lane.state.clock();
            set_meta(
                tx,
                &format!("docs{sfx}"),
                &lane.state.doc_freq().docs().to_string(),
            )?;
            for (key, t) in [
                ("latest", clock.latest),
                ("closed_until", clock.closed_until),
            ] {
                let key = format!("{key}{sfx}");
                match t {
                    Some(t) => set_meta(tx, &key, &t.as_second().to_string())?,
                    None => {
                        tx.execute("DELETE FROM meta WHERE key = ?1", [&key])?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Load one language's state: document frequencies, clock and its live
/// articles, with their fingerprints recomputed from the text.
fn load_lane(
    tx: &Transaction,
    config: &storyline::Config,
    language: Language,
    home: Language,
    per_article: bool,
    path: &str,
) -> Result<Lane> {
    let sql = sql_err(path);
    let normalizer = Normalizer::new(language);
    let sfx = suffix(language, home);
    let docs = meta_i64(tx, &format!("docs{sfx}"))
        .map_err(&sql)?
        .unwrap_or(0);
    let counts: Vec<(u64, u32)> = if language == home {
        doc_freqs(tx, "SELECT term, n FROM doc_freq", []).map_err(&sql)?
    } else {
        let query = "SELECT term, n FROM lang_doc_freq WHERE lang = ?1";
        doc_freqs(tx, query, [language.code()]).map_err(&sql)?
    };
    let df = DocFreq::from_counts(counts, docs as u32);
    let clock = Clock {
        latest: ts(meta_i64(tx, &format!("latest{sfx}")).map_err(&sql)?),
        closed_until: ts(meta_i64(tx, &format!("closed_until{sfx}")).map_err(&sql)?),
    };
    let columns = format!(
        "SELECT seq, title, text, state, {} FROM articles WHERE live = 1",
        crate::schema::meta_column(tx).map_err(&sql)?
    );
    let rows = if per_article {
        let query = format!("{columns} AND coalesce(lang, ?2) = ?1 ORDER BY seq");
        live_rows(tx, &query, [language.code(), home.code()])
    } else {
        live_rows(tx, &format!("{columns} ORDER BY seq"), [])
    }
    .map_err(&sql)?;
    let position: FxHashMap<i64, usize> = rows.iter().enumerate().map(|(k, r)| (r.0, k)).collect();
    let restored: Vec<Restored> = rows
        .par_iter()
        .map(|(seq, article, blob)| {
            let saved = codec::decode(blob).ok_or_else(|| StoreError::Corrupt {
                path: path.to_string(),
                message: format!("article state of seq {seq} unreadable"),
            })?;
            let prepared = prepare(article, &normalizer, &config.copies);
            let mut state = saved.state;
            state.links = state
                .links
                .iter()
                .filter_map(|&(s, sim)| position.get(&(s as i64)).map(|&k| (k, sim)))
                .collect();
            state.twin_of = state
                .twin_of
                .and_then(|t| position.get(&(t as i64)).copied());
            Ok(Restored {
                number: *seq as u64,
                fingerprints: prepared.fingerprints,
                state,
                sentence_keys: saved.sentence_keys,
            })
        })
        .collect::<Result<_>>()?;
    let state =
        Incremental::restore(&config.stories, &config.copies, df, clock, restored).close_idle(true);
    Ok(Lane {
        language,
        state,
        normalizer,
    })
}

fn doc_freqs(
    tx: &Transaction,
    query: &str,
    args: impl rusqlite::Params,
) -> rusqlite::Result<Vec<(u64, u32)>> {
    let mut st = tx.prepare(query)?;
    let rows = st.query_map(args, |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u32))
    })?;
    rows.collect()
}

/// Live articles (seq, the article as cleaning needs it, saved state).
fn live_rows(
    tx: &Transaction,
    query: &str,
    args: impl rusqlite::Params,
) -> rusqlite::Result<Vec<(i64, Article, Vec<u8>)>> {
    let mut st = tx.prepare(query)?;
    let rows = st.query_map(args, |r| {
        let mut article = Article::new(
            String::new(),
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        );
        // Marked furniture decides what cleaning keeps, so the
        // fingerprints rebuilt here equal the ones first computed.
        if let Some(meta) = r.get::<_, Option<String>>(4)? {
            crate::meta::apply(&mut article, &meta);
        }
        Ok((r.get(0)?, article, r.get(3)?))
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_language_wins_then_the_callers_then_the_text() {
        let fr = "Le président a annoncé mardi une nouvelle réforme des retraites, \
                  que les syndicats ont aussitôt rejetée dans un communiqué commun.";
        let mut a = Article::new("a", "t", fr);
        let en = Language::ENGLISH;
        let code = |l: Language| l.code();
        assert_eq!(code(article_language(&a, None, en)), "fr");
        let de = Language::parse("de");
        assert_eq!(code(article_language(&a, de, en)), "de");
        a.lang = Some("es-MX".into());
        assert_eq!(code(article_language(&a, de, en)), "es");
        a.lang = Some("tlh".into());
        assert_eq!(code(article_language(&a, None, en)), "fr");
        let b = Article::new("b", "t", "12 34");
        assert_eq!(code(article_language(&b, None, en)), "en");
    }
}
