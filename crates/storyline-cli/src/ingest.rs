//! `storyline ingest`: add articles to a story database, batch by batch, in
//! publication order.
//!
//! The input is read once, streamed, and each article is written to a spill
//! file beside the database; memory keeps only its publication key, its id
//! and its place in the file. The articles are then read back in publication
//! order, a batch at a time, so the command's memory does not grow with its
//! input (the store's follows its live window). The spill file is removed at
//! the end, also when the ingest fails.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use storyline::{ingest, Article};
use storyline_store::{IngestReport, Store};

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: io::Input,
    /// The story database (created if missing).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Articles per transaction: a batch is stored whole or not at all.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cfg = args.input.config()?;
    let default_published = args.input.default_published()?;
    let quiet = args.input.quiet;
    // Read the input once, streamed, into a spill file beside the database:
    // memory keeps each article's publication key and place in the file,
    // not the article.
    let mut spill = Spill::create(&args.db)?;
    let (files, diags) = ingest::discover(&args.input.paths);
    io::report_diagnostics(&diags, quiet);
    let bar = io::progress(files.len() as u64, "reading");
    let mut entries: Vec<Entry> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    let mut failed: Option<anyhow::Error> = None;
    for file in &files {
        ingest::read_each(
            file,
            &mut |mut a| {
                if failed.is_some() {
                    return;
                }
                if a.published.is_none() {
                    a.published = default_published;
                }
                if paths.last() != Some(&a.origin.path) {
                    paths.push(a.origin.path.clone());
                }
                match spill.write(&a) {
                    Ok(place) => {
                        entries.push(Entry {
                            key: storyline::copies::publication_key(a.published),
                            place,
                            path: paths.len() - 1,
                            line: a.origin.line,
                        });
                        ids.push(a.id);
                        // A single large file would otherwise show 0/1 for minutes.
                        if ids.len() % 10_000 == 0 {
                            bar.set_message(format!("reading ({} articles)", ids.len()));
                        }
                    }
                    Err(e) => failed = Some(e),
                }
            },
            &mut |d| {
                if !quiet {
                    bar.suspend(|| eprintln!("storyline: {d}"));
                }
            },
        );
        if let Some(e) = failed.take() {
            return Err(e);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if entries.is_empty() {
        eprintln!("storyline: error: no article could be read from the given paths");
        return Ok(ExitCode::from(1));
    }
    // Repeated ids are renamed as `digest` renames them, with the same warnings.
    let mut renames: HashMap<usize, String> = HashMap::new();
    for (i, new_id) in ingest::id_renames(ids.iter().map(String::as_str)) {
        let e = &entries[i];
        let origin = storyline::Origin {
            path: paths[e.path].clone(),
            line: e.line,
            record: None,
        };
        io::report_diagnostics([&ingest::rename_warning(&origin, &ids[i], &new_id)], quiet);
        renames.insert(i, new_id);
    }
    drop(ids);
    let mut store = Store::open_with(&args.db, cfg)?;
    // Publication order across batches, as the stories are meant to be built
    // (`copies::publication_order`: known times first, then input order).
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].key, i));
    let mut back = spill.reader()?;
    let total = order.len();
    let bar = io::progress(total as u64, "ingesting");
    let mut sum = IngestReport::default();
    for chunk in order.chunks(args.batch as usize) {
        let mut batch = Vec::with_capacity(chunk.len());
        for &i in chunk {
            let mut a = back.read(entries[i].place)?;
            if let Some(id) = renames.remove(&i) {
                a.id = id;
            }
            batch.push(a);
        }
        let n = batch.len() as u64;
        // Where each article came from, to name the ones the store refuses.
        let origins: std::collections::HashMap<String, storyline::Origin> = batch
            .iter()
            .map(|a| (a.id.clone(), a.origin.clone()))
            .collect();
        let report = store
            .ingest(batch)
            .with_context(|| format!("ingest into {}", args.db.display()))?;
        sum.added += report.added;
        sum.duplicates += report.duplicates;
        if !args.input.quiet {
            for id in &report.id_clashes {
                let (path, line) = origins
                    .get(id)
                    .map_or((String::new(), None), |o| (o.path.clone(), o.line));
                let d = storyline::Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "article id {id:?} is already stored with a different text; \
                         this one was not stored (give it its own id)"
                    ),
                );
                bar.suspend(|| eprintln!("storyline: {d}"));
            }
        }
        sum.id_clashes.extend(report.id_clashes);
        sum.stories_changed.extend(report.stories_changed);
        sum.redirects.extend(report.redirects);
        bar.inc(n);
    }
    bar.finish_and_clear();
    sum.stories_changed.sort();
    sum.stories_changed.dedup();
    let health = store.health()?;
    println!(
        "{}: added {} articles ({} already stored{}), {} stories changed, {} merged; now {} articles in {} stories",
        args.db.display(),
        sum.added,
        sum.duplicates,
        match sum.id_clashes.len() {
            0 => String::new(),
            n => format!(", of which {n} under an id taken by another text"),
        },
        sum.stories_changed.len(),
        sum.redirects.len(),
        health.articles,
        health.stories
    );
    Ok(ExitCode::SUCCESS)
}

/// What memory keeps of a spilled article.
struct Entry {
    /// Where it sorts in publication order (`copies::publication_key`).
    key: storyline::copies::PublicationKey,
    /// Where it is in the spill file.
    place: Place,
    /// Its file (index into the interned paths) and line, for warnings.
    path: usize,
    line: Option<usize>,
}

/// Byte offset and length of a spilled article.
#[derive(Clone, Copy)]
struct Place {
    offset: u64,
    len: u64,
}

/// Articles written to a file beside the database (bincode), read back by
/// place. Removed when dropped.
struct Spill {
    path: PathBuf,
    out: Option<BufWriter<File>>,
    written: u64,
    buf: Vec<u8>,
}

impl Spill {
    fn create(db: &Path) -> anyhow::Result<Spill> {
        let name = db
            .file_name()
            .map_or_else(|| "storyline".into(), |n| n.to_string_lossy().into_owned());
        let path = db.with_file_name(format!(".{name}.ingest-{}.spill", std::process::id()));
        let file = File::create(&path)
            .with_context(|| format!("cannot create the spill file {}", path.display()))?;
        Ok(Spill {
            path,
            out: Some(BufWriter::new(file)),
            written: 0,
            buf: Vec::new(),
        })
    }

    fn write(&mut self, a: &Article) -> anyhow::Result<Place> {
        self.buf.clear();
        bincode::serialize_into(&mut self.buf, a).context("cannot encode an article")?;
        let out = self.out.as_mut().context("the spill file is closed")?;
        out.write_all(&self.buf)
            .with_context(|| format!("cannot write the spill file {}", self.path.display()))?;
        let place = Place {
            offset: self.written,
            len: self.buf.len() as u64,
        };
        self.written += place.len;
        Ok(place)
    }

    /// Finishes writing and opens the file for reading back.
    fn reader(&mut self) -> anyhow::Result<SpillReader> {
        if let Some(out) = self.out.take() {
            out.into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("cannot write the spill file {}", self.path.display()))?;
        }
        let file = File::open(&self.path)
            .with_context(|| format!("cannot read the spill file {}", self.path.display()))?;
        Ok(SpillReader {
            file,
            path: self.path.clone(),
            buf: Vec::new(),
        })
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

struct SpillReader {
    file: File,
    path: PathBuf,
    buf: Vec<u8>,
}

impl SpillReader {
    fn read(&mut self, place: Place) -> anyhow::Result<Article> {
        self.buf.resize(place.len as usize, 0);
        self.file
            .seek(SeekFrom::Start(place.offset))
            .and_then(|_| self.file.read_exact(&mut self.buf))
            .with_context(|| format!("cannot read the spill file {}", self.path.display()))?;
        bincode::deserialize(&self.buf)
            .with_context(|| format!("the spill file {} is damaged", self.path.display()))
    }
}
