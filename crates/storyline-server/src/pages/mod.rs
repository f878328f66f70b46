//! The web pages: the story list (`/`), a story (`/stories/{id}`) and an
//! article (`/articles/{id}`). Server-rendered HTML, no script; every piece of
//! stored text goes through [`esc`] and every URL piece through [`enc`].
//!
//! The render functions are pure (the store's typed story or article in,
//! HTML out) so they are tested on hand-built stories without a database.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use storyline::report::{JsonSpan, JsonSummarySentence};
use storyline_store::{ArticleDetail, Sort, StoredStory, StoryLookup, StoryPage, StoryQuery};

use crate::cache::Lookup;
use crate::diff::{self, Piece};
use crate::error::ApiError;
use crate::html::{enc, esc, page, page_with_feed, push_esc, query, safe_url};
use crate::{api, atom, params, AppState};

/// A full HTML response.
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

/// An error as a small page with the same status the API would give.
pub(crate) fn error_page(err: &ApiError) -> Response {
    if let ApiError::Internal(m) = err {
        eprintln!("storyline-server: internal error: {m}");
    }
    let (title, text) = match err {
        ApiError::NotFound(_) => ("Not found", err.message()),
        ApiError::BadRequest(_) => ("Bad request", err.message()),
        _ => ("Something went wrong", err.message()),
    };
    let body = format!(
        "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/\">All stories</a></p>",
        esc(title),
        esc(&text)
    );
    html(err.status(), page(title, Some(""), &body))
}

/// `GET /`: stories matching the query, most covered first.
pub(crate) async fn list(
    State(st): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let query = match api::query_pairs(q)
        .and_then(|pairs| params::story_query(&pairs).map_err(ApiError::BadRequest))
    {
        Ok(query) => query,
        Err(e) => return error_page(&e),
    };
    let cache_key = format!("page {query:?}");
    let _making = match st.cache.lookup(&cache_key).await {
        Lookup::Hit(body) => return cached(body),
        Lookup::Miss(guard) => guard,
    };
    let generation = st.cache.generation();
    let q2 = query.clone();
    match st.readers.run(move |s| s.list_stories(&q2)).await {
        Ok(result) => {
            let title = match &query.q {
                Some(q) => format!("Search: {q}"),
                None => "Stories".to_string(),
            };
            let feed = atom::search_feed_href(&query);
            let body = Bytes::from(page_with_feed(
                &title,
                None,
                Some(&feed),
                &render_list(&result, &query),
            ));
            st.cache.put(&cache_key, generation, body.clone());
            cached(body)
        }
        Err(e) => error_page(&e),
    }
}

/// A cached page as a response.
fn cached(body: Bytes) -> Response {
    let mut resp = Response::new(body.into());
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

/// `GET /stories/{id}`: a story; a merged story's old id redirects (308).
pub(crate) async fn story(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match api::path_id(id) {
        Ok(id) => id,
        Err(e) => return error_page(&e),
    };
    let cache_key = format!("/stories/{id}");
    let _making = match st.cache.lookup(&cache_key).await {
        Lookup::Hit(body) => return cached(body),
        Lookup::Miss(guard) => guard,
    };
    let generation = st.cache.generation();
    let key = id.clone();
    match st.readers.run(move |s| s.story_detail(&key)).await {
        Ok(Some(StoryLookup::Found(story))) => {
            let (title, body) = render_story(&story);
            let feed = atom::story_feed_href(&id);
            let body = Bytes::from(page_with_feed(&title, Some(""), Some(&feed), &body));
            st.cache.put(&cache_key, generation, body.clone());
            cached(body)
        }
        Ok(Some(StoryLookup::Moved(to))) => {
            let location = format!("/stories/{}", enc(&to));
            let mut resp = html(
                StatusCode::PERMANENT_REDIRECT,
                page(
                    "Story moved",
                    Some(""),
                    &format!(
                        "<p>This story was merged into <a href=\"{}\">{}</a>.</p>",
                        esc(&location),
                        esc(&to)
                    ),
                ),
            );
            if let Ok(v) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
        Ok(None) => error_page(&ApiError::NotFound(format!("There is no story {id:?}."))),
        Err(e) => error_page(&e),
    }
}

/// `GET /articles/{id}`: an article with its kept sentences and its removed
/// lines greyed out; `?mark=START-END` highlights a byte span (a quote).
pub(crate) async fn article(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let id = match api::path_id(id) {
        Ok(id) => id,
        Err(e) => return error_page(&e),
    };
    let mark = q.ok().and_then(|Query(pairs)| {
        let (_, v) = pairs.into_iter().rev().find(|(k, _)| k == "mark")?;
        let (a, b) = v.split_once('-')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    });
    let cache_key = match mark {
        Some((a, b)) => format!("/articles/{id}?mark={a}-{b}"),
        None => format!("/articles/{id}"),
    };
    let _making = match st.cache.lookup(&cache_key).await {
        Lookup::Hit(body) => return cached(body),
        Lookup::Miss(guard) => guard,
    };
    let generation = st.cache.generation();
    let key = id.clone();
    match st.readers.run(move |s| s.article_detail(&key)).await {
        Ok(Some(article)) => {
            let (title, body) = render_article(&article, mark);
            let body = Bytes::from(page(&title, Some(""), &body));
            st.cache.put(&cache_key, generation, body.clone());
            cached(body)
        }
        Ok(None) => error_page(&ApiError::NotFound(format!("There is no article {id:?}."))),
        Err(e) => error_page(&e),
    }
}

/// Any other path.
pub(crate) async fn not_found(uri: axum::http::Uri) -> Response {
    // `/api/` itself falls outside the nested API router: it is still the
    // API's, and answers as the API does.
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return api::not_found().await.into_response();
    }
    error_page(&ApiError::NotFound("There is no page here.".into()))
}

// ---- optional text ------------------------------------------------------

/// Text that may be missing or empty, `None` when it is (also the Atom feeds').
pub(crate) fn given(t: &Option<String>) -> Option<&str> {
    t.as_deref().filter(|t| !t.is_empty())
}

/// Text that may be empty, `None` when it is.
pub(crate) fn nonempty(t: &str) -> Option<&str> {
    (!t.is_empty()).then_some(t)
}

/// A publication time for people: `2016-09-05 09:30 UTC`, or the bare date.
fn when(t: &str) -> String {
    let pretty = match (t.get(..10), t.get(11..16)) {
        (Some(day), Some(hm)) if t.ends_with('Z') => format!("{day} {hm} UTC"),
        _ => t.to_string(),
    };
    format!("<time datetime=\"{}\">{}</time>", esc(t), esc(&pretty))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---- the list ------------------------------------------------------------

/// The list page's body: the filter form, the stories, the pager.
pub fn render_list(result: &StoryPage, q: &StoryQuery) -> String {
    let mut out = String::new();
    let heading = match &q.q {
        Some(text) => format!("Stories matching “{}”", esc(text)),
        None => "Stories, most covered first".to_string(),
    };
    let _ = write!(out, "<h1>{heading}</h1>");
    out.push_str(&filter_form(q));
    let pages = result.total.div_ceil(result.per_page.max(1)).max(1);
    let _ = write!(
        out,
        "<p class=\"count\">{} · page {} of {} · <a class=\"feedlink\" type=\"application/atom+xml\" href=\"{}\">Atom feed</a></p>",
        plural(result.total, "story", "stories"),
        result.page,
        pages,
        esc(&atom::search_feed_href(q))
    );
    if result.stories.is_empty() {
        out.push_str("<p class=\"empty\">No story matches. Try fewer filters.</p>");
    }
    let first_rank = (result.page.saturating_sub(1)) * result.per_page + 1;
    let _ = write!(out, "<ol class=\"stories\" start=\"{first_rank}\">");
    for story in &result.stories {
        let href = format!("/stories/{}", enc(&story.id));
        let _ = write!(
            out,
            "<li class=\"story\"><h2><a href=\"{}\">{}</a></h2>",
            esc(&href),
            esc(&story.title)
        );
        if !story.lede.is_empty() {
            let _ = write!(out, "<p class=\"lede\">{}</p>", esc(&story.lede));
        }
        let _ = write!(
            out,
            "<p class=\"meta\"><strong class=\"coverage\">{}</strong> · {}",
            plural(story.sources.len(), "outlet", "outlets"),
            plural(story.articles, "article", "articles"),
        );
        match (&story.first_published, &story.last_published) {
            (Some(a), Some(b)) if a != b => {
                let _ = write!(out, " · {} – {}", when(a), when(b));
            }
            (Some(a), _) => {
                let _ = write!(out, " · {}", when(a));
            }
            _ => {}
        }
        out.push_str("</p>");
        if !story.sources.is_empty() {
            out.push_str("<p class=\"outlets\">");
            for (i, src) in story.sources.iter().enumerate() {
                let href = format!("/{}", query(&[("source", src.clone())]));
                let first = if i == 0 {
                    " <span class=\"first\">first</span>"
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "<a class=\"outlet\" href=\"{href}\">{}</a>{first} ",
                    esc(src)
                );
            }
            out.push_str("</p>");
        }
        if !story.entities.is_empty() {
            out.push_str("<p class=\"entities\">");
            for e in &story.entities {
                let href = format!("/{}", query(&[("entity", e.clone())]));
                let _ = write!(out, "<a class=\"entity\" href=\"{href}\">{}</a> ", esc(e));
            }
            out.push_str("</p>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    // The pager keeps every filter.
    let pairs = params::to_pairs(q);
    let link = |page: usize| {
        let mut p = pairs.clone();
        if page > 1 {
            p.push(("page", page.to_string()));
        }
        format!("/{}", query(&p))
    };
    out.push_str("<nav class=\"pager\">");
    if result.page > 1 {
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"{}\">← Previous</a> ",
            link(result.page - 1)
        );
    }
    if result.page < pages {
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"{}\">Next →</a>",
            link(result.page + 1)
        );
    }
    out.push_str("</nav>");
    out
}

fn filter_form(q: &StoryQuery) -> String {
    let v = |o: &Option<String>| esc(o.as_deref().unwrap_or_default());
    let d = |o: Option<jiff::civil::Date>| o.map(|d| d.to_string()).unwrap_or_default();
    let sel = |s: Sort| if q.sort == s { " selected" } else { "" };
    // The filters stay folded away unless one is in use.
    let open = if q.source.is_some()
        || q.entity.is_some()
        || q.from.is_some()
        || q.to.is_some()
        || q.sort != Sort::Covered
    {
        " open"
    } else {
        ""
    };
    format!(
        "<form class=\"filters\" action=\"/\" method=\"get\" role=\"search\">\
<div class=\"searchline\"><input type=\"search\" name=\"q\" value=\"{q_}\" placeholder=\"Search stories\" aria-label=\"Search stories\">\
<button type=\"submit\">Search</button></div>\
<details{open}><summary>Filters and order</summary><div class=\"grid\">\
<label>Outlet <input name=\"source\" value=\"{source}\"></label>\
<label>Person, place, organisation <input name=\"entity\" value=\"{entity}\"></label>\
<label>From <input type=\"date\" name=\"from\" value=\"{from}\"></label>\
<label>To <input type=\"date\" name=\"to\" value=\"{to}\"></label>\
<label>Order <select name=\"sort\"><option value=\"covered\"{c}>Most outlets</option>\
<option value=\"recent\"{r}>Most recent</option></select></label>\
<div class=\"buttons\"><button type=\"submit\">Show stories</button> <a href=\"/\">Clear</a></div></div></details></form>",
        q_ = v(&q.q),
        source = v(&q.source),
        entity = v(&q.entity),
        from = d(q.from),
        to = d(q.to),
        c = sel(Sort::Covered),
        r = sel(Sort::Recent),
    )
}

// ---- a story -------------------------------------------------------------

/// What the story page knows about each of the story's articles.
struct Known<'a> {
    outlet: HashMap<&'a str, &'a str>,
    /// (copy group id, article id) → the article's span of that group.
    spans: HashMap<(&'a str, &'a str), (usize, usize)>,
}

impl<'a> Known<'a> {
    fn new(story: &'a StoredStory) -> Self {
        let mut outlet = HashMap::new();
        for a in &story.articles {
            outlet.insert(a.id.as_str(), given(&a.source).unwrap_or(&a.id));
        }
        // Only the groups the summary cites are looked up.
        let cited: Vec<&str> = story
            .summary
            .iter()
            .filter_map(|sent| given(&sent.copy_group))
            .collect();
        let mut spans = HashMap::new();
        for g in &story.copy_groups {
            if !cited.contains(&g.id.as_str()) {
                continue;
            }
            let copies = g.copies.iter().map(|c| &c.span);
            for span in std::iter::once(&g.first).chain(copies) {
                if !span.article.is_empty() {
                    spans.insert(
                        (g.id.as_str(), span.article.as_str()),
                        (span.start, span.end),
                    );
                }
            }
        }
        Known { outlet, spans }
    }

    fn outlet<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.outlet.get(id).copied().unwrap_or(id)
    }
}

/// A link to a sentence (or any span) of an article: highlighted there and
/// scrolled to.
fn span_href(article: &str, start: usize, end: usize, anchor: &str) -> String {
    format!("/articles/{}?mark={start}-{end}#{anchor}", enc(article))
}

fn article_link(id: &str, label: &str) -> String {
    format!("<a href=\"/articles/{}\">{}</a>", esc(&enc(id)), esc(label))
}

/// The story page: `(title, body)`.
pub fn render_story(story: &StoredStory) -> (String, String) {
    let known = Known::new(story);
    let title = story.title.clone();
    let mut out = String::new();
    let _ = write!(
        out,
        "<article class=\"story-page\"><h1>{}</h1>",
        esc(&title)
    );

    // Who covered it, and who was first.
    let (sources, articles) = (&story.sources, &story.articles);
    let _ = write!(
        out,
        "<p class=\"meta\"><strong class=\"coverage\">{}</strong> · {}",
        plural(sources.len(), "outlet", "outlets"),
        plural(articles.len(), "article", "articles")
    );
    if let Some(first) = nonempty(&story.first_article) {
        let _ = write!(
            out,
            " · first published by <strong class=\"first-publisher\">{}</strong>",
            article_link(first, known.outlet(first))
        );
        if let Some(t) = given(&story.first_published) {
            let _ = write!(out, " on {}", when(t));
        }
    }
    if let (Some(a), Some(b)) = (given(&story.first_published), given(&story.last_published)) {
        if a != b {
            let _ = write!(out, " · latest {}", when(b));
        }
    }
    out.push_str("</p>");
    if let Some(id) = nonempty(&story.id) {
        let _ = write!(
            out,
            "<p class=\"feedlink\"><a type=\"application/atom+xml\" href=\"{}\">Atom feed</a> \
of this story: new articles in a feed reader</p>",
            esc(&atom::story_feed_href(id))
        );
    }

    // The summary, each sentence with its citations.
    if !story.summary.is_empty() {
        out.push_str("<section class=\"summary\"><h2>Summary</h2><ol class=\"summary\">");
        for sent in &story.summary {
            render_summary_sentence(&mut out, sent, &known);
        }
        out.push_str("</ol></section>");
    }

    // The articles in publication order.
    out.push_str("<section class=\"articles\"><h2>Coverage</h2><ol class=\"articles\">");
    for a in articles {
        let id = a.id.as_str();
        let _ = write!(
            out,
            "<li><span class=\"outlet\">{}</span> ",
            esc(known.outlet(id))
        );
        if let Some(t) = given(&a.published) {
            let _ = write!(out, "{} ", when(t));
        }
        out.push_str(&article_link(id, nonempty(&a.title).unwrap_or(id)));
        if let Some(orig) = given(&a.copied_from) {
            let _ = write!(
                out,
                " <span class=\"copied\">copied from {}</span>",
                article_link(orig, known.outlet(orig))
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></section>");

    render_copy_groups(&mut out, story, &known);
    render_quotes(&mut out, story, &known);
    render_timeline(&mut out, story, &known);
    render_entities(&mut out, story);
    out.push_str("</article>");
    (title, out)
}

fn render_summary_sentence(out: &mut String, sent: &JsonSummarySentence, known: &Known) {
    let article = sent.article.as_str();
    let (start, end) = (sent.start, sent.end);
    let group = given(&sent.copy_group);
    let _ = write!(
        out,
        "<li><a class=\"sentence\" href=\"{}\">{}</a> <span class=\"cite\">",
        esc(&span_href(article, start, end, &format!("s-{start}"))),
        esc(&sent.text)
    );
    let mut links = Vec::new();
    for (i, cite) in sent.cites.iter().map(String::as_str).enumerate() {
        let outlet = sent
            .sources
            .get(i)
            .map_or_else(|| known.outlet(cite), String::as_str);
        let span = if cite == article {
            Some((start, end))
        } else {
            group.and_then(|g| known.spans.get(&(g, cite)).copied())
        };
        let href = match span {
            Some((a, b)) => span_href(cite, a, b, &format!("s-{a}")),
            None => format!("/articles/{}", enc(cite)),
        };
        let first = if cite == article {
            " <span class=\"first\">first</span>"
        } else {
            ""
        };
        links.push(format!(
            "<a class=\"outlet\" href=\"{}\">{}</a>{first}",
            esc(&href),
            esc(outlet)
        ));
    }
    if links.is_empty() {
        links.push(article_link(article, known.outlet(article)));
    }
    let _ = write!(out, "— {}", links.join(", "));
    if let Some(g) = group {
        let _ = write!(
            out,
            " · <a class=\"group\" href=\"#c-{}\">copied</a>",
            esc(&enc(g))
        );
    }
    out.push_str("</span></li>");
}

fn render_copy_groups(out: &mut String, story: &StoredStory, known: &Known) {
    let groups = &story.copy_groups;
    if groups.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section class=\"copies\"><h2>Copied sentences</h2>\
<p class=\"note\">Each sentence below was carried by several outlets. The first carrier is shown on top; \
in the copies, <del>struck words</del> are the original's and <ins>marked words</ins> are what the copier wrote instead.</p>"
    );
    for g in groups {
        let gid = g.id.as_str();
        let first = &g.first;
        let first_text = first.text.as_str();
        let fa = first.article.as_str();
        let _ = write!(
            out,
            "<div class=\"copygroup\" id=\"c-{}\"><p class=\"original\"><span class=\"who\">{} \
<span class=\"first\">first</span></span> {}</p><ul class=\"copylist\">",
            esc(&enc(gid)),
            span_link(first, known.outlet(fa)),
            esc(first_text)
        );
        // Verbatim copies (the store found no swaps) share one line.
        let mut verbatim: Vec<String> = Vec::new();
        let mut verbatim_seen: Vec<&str> = Vec::new();
        for copy in &g.copies {
            let ca = copy.span.article.as_str();
            let text = copy.span.text.as_str();
            if copy.swaps.is_empty() && text == first_text {
                if !verbatim_seen.contains(&ca) {
                    verbatim_seen.push(ca);
                    verbatim.push(span_link(&copy.span, known.outlet(ca)));
                }
                continue;
            }
            let _ = write!(
                out,
                "<li><span class=\"who\">{}</span> ",
                span_link(&copy.span, known.outlet(ca))
            );
            match diff::pieces(first_text, text) {
                Some(pieces) if pieces.iter().any(|p| matches!(p, Piece::Swap { .. })) => {
                    for p in pieces {
                        match p {
                            Piece::Same(t) => push_esc(out, t),
                            Piece::Swap { from, to } => {
                                if !from.is_empty() {
                                    out.push_str("<del>");
                                    push_esc(out, from);
                                    out.push_str("</del>");
                                }
                                if !to.is_empty() {
                                    out.push_str("<ins>");
                                    push_esc(out, to);
                                    out.push_str("</ins>");
                                }
                            }
                        }
                    }
                }
                Some(_) => {
                    // Same words, other punctuation or spacing.
                    let _ = write!(
                        out,
                        "{} <span class=\"verbatim\">same words</span>",
                        esc(text)
                    );
                }
                None => {
                    // Too long to align here: the text, then the store's swaps.
                    out.push_str(&esc(text));
                    for sw in &copy.swaps {
                        let _ = write!(
                            out,
                            " <span class=\"swap\"><del>{}</del> → <ins>{}</ins></span>",
                            esc(&sw.from),
                            esc(&sw.to)
                        );
                    }
                }
            }
            out.push_str("</li>");
        }
        if !verbatim.is_empty() {
            let _ = write!(
                out,
                "<li class=\"verbatim-list\"><span class=\"verbatim\">word for word:</span> {}</li>",
                verbatim.join(", ")
            );
        }
        out.push_str("</ul></div>");
    }
    out.push_str("</section>");
}

/// A link to a sentence of an article, labelled with its outlet.
fn span_link(span: &JsonSpan, outlet: &str) -> String {
    let a = span.start;
    format!(
        "<a class=\"outlet\" href=\"{}\">{}</a>",
        esc(&span_href(&span.article, a, span.end, &format!("s-{a}"))),
        esc(outlet)
    )
}

fn carried_by(out: &mut String, carriers: &[String], shown: &str, known: &Known) {
    let others: Vec<String> = carriers
        .iter()
        .filter(|a| *a != shown)
        .map(|a| article_link(a, known.outlet(a)))
        .collect();
    if !others.is_empty() {
        let _ = write!(out, "; also {}", others.join(", "));
    }
}

fn render_quotes(out: &mut String, story: &StoredStory, known: &Known) {
    let quotes = &story.quotes;
    if quotes.is_empty() {
        return;
    }
    out.push_str("<section class=\"quotes\"><h2>Who said what</h2><ul class=\"quotes\">");
    for q in quotes {
        let article = q.article.as_str();
        let speaker = given(&q.speaker);
        let direct = q.kind == "direct";
        let _ = write!(
            out,
            "<li class=\"quote {}\"><span class=\"speaker{}\">{}</span>",
            if direct { "direct" } else { "reported" },
            if speaker.is_none() { " unknown" } else { "" },
            esc(speaker.unwrap_or("Unattributed"))
        );
        if let Some(c) = given(&q.carrier) {
            let _ = write!(out, " <span class=\"carrier\">(via {})</span>", esc(c));
        }
        if direct {
            let _ = write!(out, ": <q>{}</q>", esc(&q.text));
        } else {
            let _ = write!(
                out,
                " <span class=\"kind\">reported</span>: {}",
                esc(&q.text)
            );
        }
        let _ = write!(
            out,
            " <span class=\"cite\">— <a href=\"{}\">{}</a>",
            esc(&span_href(article, q.start, q.end, "m")),
            esc(known.outlet(article))
        );
        carried_by(out, &q.carried_by, article, known);
        out.push_str("</span></li>");
    }
    out.push_str("</ul></section>");
}

fn render_timeline(out: &mut String, story: &StoredStory, known: &Known) {
    let events = &story.timeline;
    let undated = story.undated_expressions;
    if events.is_empty() && undated == 0 {
        return;
    }
    out.push_str("<section class=\"timeline\"><h2>Timeline</h2><ol class=\"timeline\">");
    for e in events {
        let (a, b) = (e.start.as_str(), e.end.as_str());
        let days = if a == b || b.is_empty() {
            esc(a)
        } else {
            format!("{} – {}", esc(a), esc(b))
        };
        let article = e.article.as_str();
        let _ = write!(
            out,
            "<li><span class=\"date\">{days}</span> <span class=\"expression\">“{}”</span> {} \
<span class=\"cite\">— {}",
            esc(&e.expression),
            esc(&e.sentence),
            article_link(article, known.outlet(article))
        );
        carried_by(out, &e.carried_by, article, known);
        out.push_str("</span></li>");
    }
    out.push_str("</ol>");
    if undated > 0 {
        let _ = write!(
            out,
            "<p class=\"note\">{} left undated: their articles have no publication date.</p>",
            plural(undated, "time expression", "time expressions")
        );
    }
    out.push_str("</section>");
}

fn render_entities(out: &mut String, story: &StoredStory) {
    let entities = &story.entities;
    if entities.is_empty() {
        return;
    }
    out.push_str("<section class=\"entities\"><h2>Named</h2><ul class=\"entities\">");
    for e in entities {
        let name = e.name.as_str();
        let href = format!("/{}", query(&[("entity", name.to_string())]));
        let _ = write!(
            out,
            "<li><a href=\"{href}\">{}</a> <span class=\"kind\">{}</span>",
            esc(name),
            esc(&e.kind)
        );
        let titles = &e.titles;
        if !titles.is_empty() {
            let _ = write!(
                out,
                " <span class=\"titles\">{}</span>",
                esc(&titles.join(", "))
            );
        }
        let _ = write!(
            out,
            " <span class=\"count\">{}, {}</span></li>",
            plural(e.articles.len(), "article", "articles"),
            plural(e.mentions, "mention", "mentions")
        );
    }
    out.push_str("</ul></section>");
}

// ---- an article ----------------------------------------------------------

/// The article page: `(title, body)`. `mark` is a byte span to highlight.
pub fn render_article(article: &ArticleDetail, mark: Option<(usize, usize)>) -> (String, String) {
    let id = article.id.as_str();
    let title = nonempty(&article.title).unwrap_or(id).to_string();
    let text = article.text.as_str();
    let mut out = String::new();
    let _ = write!(
        out,
        "<article class=\"article-page\"><h1>{}</h1><p class=\"meta\">",
        esc(&title)
    );
    let outlet = given(&article.source).unwrap_or(id);
    let _ = write!(out, "<span class=\"outlet\">{}</span>", esc(outlet));
    if let Some(t) = given(&article.published) {
        let _ = write!(out, " · {}", when(t));
    }
    if let Some(story) = given(&article.story) {
        let _ = write!(
            out,
            " · <a href=\"/stories/{}\">the whole story</a>",
            esc(&enc(story))
        );
    }
    out.push_str("</p>");
    if let Some(url) = given(&article.url) {
        match safe_url(url) {
            Some(u) => {
                let _ = write!(
                    out,
                    "<p class=\"source-url\">Original: <a href=\"{}\" rel=\"nofollow noopener noreferrer\">{}</a></p>",
                    esc(u),
                    esc(u)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<p class=\"source-url\">Original (not a web link): <code>{}</code></p>",
                    esc(&crate::html::visible(url))
                );
            }
        }
    }
    if !article.removed.is_empty() {
        out.push_str(
            "<p class=\"note\">Lines in <span class=\"removed\">grey</span> were removed as \
boilerplate before summarising; the reason is shown beside each.</p>",
        );
    }
    out.push_str("<div class=\"text\">");
    let sentences: Vec<(usize, usize)> =
        article.sentences.iter().map(|r| (r.start, r.end)).collect();
    let removed: Vec<(usize, usize, &str)> = article
        .removed
        .iter()
        .map(|r| (r.start, r.end, r.reason))
        .collect();
    out.push_str(&render_text(text, &sentences, &removed, mark));
    out.push_str("</div></article>");
    (title, out)
}

/// Whether `(a, b)` is a valid span of `text`: in range, on char
/// boundaries, not empty.
fn valid(text: &str, (a, b): (usize, usize)) -> bool {
    a < b && text.get(a..b).is_some()
}

/// The article text cut at every sentence, removed-line and mark boundary;
/// each piece wrapped for what covers it. Invalid spans are ignored.
///
/// One walk over the sorted cuts: the sentences and removed lines, sorted
/// by start and by end, are passed with pointers as the walk goes, so what
/// covers a piece is known without looking through all of them (an article
/// of 140,000 sentences took most of a minute when each piece did). Where
/// removed lines overlap, the first one given names the reason, as it
/// always has.
fn render_text(
    text: &str,
    sentences: &[(usize, usize)],
    removed: &[(usize, usize, &str)],
    mark: Option<(usize, usize)>,
) -> String {
    let sentences: Vec<(usize, usize)> = sentences
        .iter()
        .copied()
        .filter(|&span| valid(text, span))
        .collect();
    let removed: Vec<(usize, usize, &str)> = removed
        .iter()
        .copied()
        .filter(|&(a, b, _)| valid(text, (a, b)))
        .collect();
    let mark = mark.filter(|&(a, b)| a < b && text.get(a..b).is_some());
    let mut cuts = Vec::with_capacity(2 * (sentences.len() + removed.len()) + 4);
    cuts.extend([0, text.len()]);
    for &(a, b) in &sentences {
        cuts.extend([a, b]);
    }
    for &(a, b, _) in &removed {
        cuts.extend([a, b]);
    }
    if let Some((a, b)) = mark {
        cuts.extend([a, b]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // Every span's ends are cuts, so a span covers the piece [x, y) exactly
    // when it starts at or before x and ends after x: the sentences that
    // cover it are those started by x less those ended by x.
    let mut sentence_starts: Vec<usize> = sentences.iter().map(|&(a, _)| a).collect();
    let mut sentence_ends: Vec<usize> = sentences.iter().map(|&(_, b)| b).collect();
    sentence_starts.sort_unstable();
    sentence_ends.sort_unstable();
    let mut removed_by_start: Vec<usize> = (0..removed.len()).collect();
    let mut removed_by_end = removed_by_start.clone();
    removed_by_start.sort_by_key(|&i| removed[i].0);
    removed_by_end.sort_by_key(|&i| removed[i].1);
    // The removed lines covering the piece, by their place in the input.
    let mut covering = BTreeSet::new();
    let (mut started, mut ended) = (0, 0);
    let (mut r_started, mut r_ended) = (0, 0);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for w in cuts.windows(2) {
        let (x, y) = (w[0], w[1]);
        let mut sentence_starts_here = false;
        while let Some(&a) = sentence_starts.get(started).filter(|&&a| a <= x) {
            sentence_starts_here |= a == x;
            started += 1;
        }
        while sentence_ends.get(ended).is_some_and(|&b| b <= x) {
            ended += 1;
        }
        while let Some(&i) = removed_by_start
            .get(r_started)
            .filter(|&&i| removed[i].0 <= x)
        {
            covering.insert(i);
            r_started += 1;
        }
        while let Some(&i) = removed_by_end.get(r_ended).filter(|&&i| removed[i].1 <= x) {
            covering.remove(&i);
            r_ended += 1;
        }
        let Some(piece) = text.get(x..y) else {
            continue;
        };
        TextPiece {
            span: (x, y),
            text: piece,
            anchor: sentence_starts_here,
            mark,
            in_sentence: started > ended,
            removed_by: covering.first().map(|&i| (removed[i].1, removed[i].2)),
        }
        .push_to(&mut out);
    }
    out
}

/// One piece of an article's text and what covers it.
struct TextPiece<'a> {
    /// Its byte range `[x, y)`.
    span: (usize, usize),
    text: &'a str,
    /// A sentence starts here: put an anchor to link to.
    anchor: bool,
    /// The marked span, if any (the piece is marked when inside it).
    mark: Option<(usize, usize)>,
    in_sentence: bool,
    /// The removed line covering it: (its end, the reason).
    removed_by: Option<(usize, &'a str)>,
}

impl TextPiece<'_> {
    /// Append the piece, escaped and wrapped for what covers it.
    fn push_to(&self, out: &mut String) {
        let (x, y) = self.span;
        let marked = self.mark.is_some_and(|(a, b)| a <= x && y <= b);
        if self.anchor {
            let _ = write!(out, "<span class=\"anchor\" id=\"s-{x}\"></span>");
        }
        if marked {
            if self.mark.is_some_and(|(a, _)| a == x) {
                out.push_str("<mark id=\"m\">");
            } else {
                out.push_str("<mark>");
            }
        }
        match self.removed_by {
            Some((b, reason)) => {
                let reason = reason.replace('_', " ");
                let _ = write!(
                    out,
                    "<span class=\"removed\" title=\"removed: {}\">{}</span>",
                    esc(&reason),
                    esc(self.text)
                );
                if b == y {
                    let _ = write!(out, " <span class=\"reason\">{}</span>", esc(&reason));
                }
            }
            None if self.in_sentence => {
                out.push_str("<span class=\"kept\">");
                push_esc(out, self.text);
                out.push_str("</span>");
            }
            None => push_esc(out, self.text),
        }
        if marked {
            out.push_str("</mark>");
        }
    }
}

#[cfg(test)]
mod tests;
