//! Which part of a page is the article? Readability's scoring (Mozilla's
//! Readability.js, as `dom_smoothie` ports it), computed in one pass over the
//! tree the page was parsed into, without copying or changing it.
//!
//! 1. Every element gets its text length, the part of it inside links and
//!    its commas, bottom-up. Subtrees whose class or id says they are
//!    not the article (comments, sidebars, menus, footers), unless they also
//!    say they are (`article`, `content`, `main`), are left out.
//! 2. Each paragraph-like element (`p`, `pre`, `td`, `section`, `h2`–`h6`, a
//!    `div` holding only inline content) of 25 characters or more scores
//!    `1 + commas + min(length / 100, 3)`; its parent gets the score, its
//!    grandparent half, and three more ancestors a third of it divided by
//!    their level. An ancestor starts from a bonus for its tag (`div` +5,
//!    lists and forms −3, headings −5) and ±25 for its class and id words.
//! 3. A candidate's score is scaled by `1 − link density`; the best one wins,
//!    promoted to a common ancestor when the runners-up share it, and joined
//!    by the siblings that score near it or read as paragraphs.
//!
//! Where Readability removes and rewrites the tree, this reads it: the
//! furniture inside the chosen container is marked by the block reader
//! ([`super::body`]), not deleted, so that nothing is lost silently.

use dom_query::NodeRef;
use rustc_hash::{FxHashMap, FxHashSet};

/// What one pass learns about an element.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    /// Index of the parent in the arena (itself for the root).
    parent: usize,
    /// Characters of text below (whitespace runs counted once).
    text: u32,
    /// Characters of that text inside links (a link to `#...` counts 0.3).
    link_text: f32,
    /// Characters of text directly in this element (not in child elements).
    own_text: u32,
    /// Commas in that direct text.
    own_commas: u32,
    /// Commas in that text (any script's comma).
    commas: u32,
    /// A block-level element below (so a `div` is not a paragraph).
    has_block: bool,
    /// Left out of scoring (an unlikely subtree, or a skipped element).
    excluded: bool,
    /// The element is a candidate: its readability score so far.
    score: Option<f32>,
    /// What kind of element it is, as far as the cleanup cares.
    tag: Tag,
    /// Readability's weight of its class and id words.
    weight: f32,
    /// Elements of each kind below it.
    counts: Counts,
    /// Characters of text inside lists (`ul`, `ol`) below it.
    list_text: u32,
    /// Characters of text inside headings below it.
    heading_text: u32,
}

/// The tags Readability's cleanup looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Tag {
    #[default]
    Other,
    P,
    Img,
    Li,
    List,
    Table,
    Tr,
    /// `th`, `thead`, `tfoot`, `caption`, `col`, `colgroup`: a data table.
    TableHead,
    Figure,
    Form,
    Fieldset,
    Div,
    Heading,
    Code,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "img" | "picture" => Tag::Img,
            "li" => Tag::Li,
            "ul" | "ol" => Tag::List,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "th" | "thead" | "tfoot" | "caption" | "col" | "colgroup" => Tag::TableHead,
            "figure" => Tag::Figure,
            "form" => Tag::Form,
            "fieldset" => Tag::Fieldset,
            "div" | "section" => Tag::Div,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "code" => Tag::Code,
            _ => Tag::Other,
        }
    }
}

/// Elements of some kinds in a subtree.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    p: u32,
    img: u32,
    li: u32,
    input: u32,
    embed: u32,
    tr: u32,
    table_head: u32,
    table: u32,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.p += o.p;
        self.img += o.img;
        self.li += o.li;
        self.input += o.input;
        self.embed += o.embed;
        self.tr += o.tr;
        self.table_head += o.table_head;
        self.table += o.table;
    }

    fn sub(&mut self, o: &Counts) {
        self.p = self.p.saturating_sub(o.p);
        self.img = self.img.saturating_sub(o.img);
        self.li = self.li.saturating_sub(o.li);
        self.input = self.input.saturating_sub(o.input);
        self.embed = self.embed.saturating_sub(o.embed);
        self.tr = self.tr.saturating_sub(o.tr);
        self.table_head = self.table_head.saturating_sub(o.table_head);
        self.table = self.table.saturating_sub(o.table);
    }

    fn count(&mut self, tag: Tag) {
        match tag {
            Tag::P => self.p += 1,
            Tag::Img => self.img += 1,
            Tag::Li => self.li += 1,
            Tag::Tr => self.tr += 1,
            Tag::TableHead => self.table_head += 1,
            Tag::Table => self.table += 1,
            _ => {}
        }
    }
}

/// Which of Readability's rules a search applies. Readability tries with all
/// of them, then, when it finds too little, again without each in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Leave out subtrees whose class or id says they are not the article.
    pub strip_unlikely: bool,
    /// Score class and id words (+25 / −25).
    pub weigh_classes: bool,
    /// Leave out link-heavy lists, forms and image galleries inside the container.
    pub clean: bool,
}

impl Pass {
    /// The passes in the order they are tried.
    pub const ALL: [Pass; 4] = [
        Pass {
            strip_unlikely: true,
            weigh_classes: true,
            clean: true,
        },
        Pass {
            strip_unlikely: false,
            weigh_classes: true,
            clean: true,
        },
        Pass {
            strip_unlikely: false,
            weigh_classes: false,
            clean: true,
        },
        Pass {
            strip_unlikely: false,
            weigh_classes: false,
            clean: false,
        },
    ];
}

/// The article's container(s) on a page.
pub struct Found<'a> {
    /// The best-scoring element and the siblings that belong with it, in
    /// document order.
    pub nodes: Vec<NodeRef<'a>>,
    /// Subtrees inside them that are not the article (an unlikely class or
    /// id, hidden): the reader leaves them out, as Readability deletes them.
    pub skip: FxHashSet<dom_query::NodeId>,
    /// Characters of text on the whole page, unlikely parts included.
    pub page_text: u32,
    /// Characters of text in `nodes`.
    pub text: u32,
}

/// Where the article is: `None` when nothing on the page scores (no
/// paragraph of 25 characters).
pub fn find<'a>(root: &NodeRef<'a>, title: Option<&str>, pass: Pass) -> Option<Found<'a>> {
    let (nodes, mut stats, page_text) = measure(root, pass.strip_unlikely);
    let index: FxHashMap<dom_query::NodeId, usize> =
        nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    score_paragraphs(&nodes, &mut stats, pass.weigh_classes);
    let mut ranked: Vec<(usize, f32)> = (0..nodes.len())
        .filter_map(|i| final_score(&stats, i).map(|s| (i, s)))
        .collect();
    // Highest score first; document order breaks ties.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(mut top, top_score) = ranked.first()?;
    let body = (0..nodes.len())
        .find(|&i| nodes[i].has_name("body"))
        .unwrap_or(0);
    // Runners-up close to the winner that share an ancestor with it: the
    // article is split in parts and their common ancestor holds them all.
    let close: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|&(i, _)| i)
        .collect();
    if close.len() >= 3 {
        let mut ancestor = stats[top].parent;
        while ancestor != body && ancestor != 0 {
            let holds = close
                .iter()
                .filter(|&&c| is_ancestor(&stats, ancestor, c))
                .count();
            if holds >= 3 {
                top = ancestor;
                break;
            }
            ancestor = stats[ancestor].parent;
        }
    }
    // A parent that scores higher than the winner (its bonus for holding
    // several parts) takes its place, as long as scores do not fall below a
    // third on the way up.
    let mut last = final_score(&stats, top).unwrap_or(top_score);
    let floor = last / 3.0;
    let mut up = stats[top].parent;
    while up != body && up != 0 {
        if let Some(score) = final_score(&stats, up) {
            if score < floor {
                break;
            }
            if score > last {
                top = up;
                break;
            }
            last = score;
        }
        up = stats[up].parent;
    }
    // A winner alone in its parent is better read with its parent.
    loop {
        let parent = stats[top].parent;
        if parent == body || parent == 0 || parent == top {
            break;
        }
        if nodes[parent].element_children().len() != 1 {
            break;
        }
        top = parent;
    }
    let top_final = final_score(&stats, top).unwrap_or(top_score).max(0.0);
    let threshold = (top_final * 0.2).max(10.0);
    let parent = stats[top].parent;
    // The roots of excluded subtrees: excluded themselves, their parent not.
    let mut skip: FxHashSet<dom_query::NodeId> = (1..nodes.len())
        .filter(|&i| stats[i].excluded && !stats[stats[i].parent].excluded)
        .map(|i| nodes[i].id)
        .collect();
    let chosen_roots: Vec<usize> = if parent == top {
        vec![top]
    } else {
        nodes[parent]
            .element_children()
            .iter()
            .filter_map(|c| index.get(&c.id).copied())
            .collect()
    };
    clean_conditionally(&nodes, &mut stats, &chosen_roots, title, pass, &mut skip);
    if parent == top {
        return Some(Found {
            nodes: vec![nodes[top]],
            skip,
            page_text,
            text: stats[top].text,
        });
    }
    let mut chosen = Vec::new();
    for sibling in nodes[parent].element_children() {
        let Some(&i) = index.get(&sibling.id) else {
            continue;
        };
        if i == top {
            chosen.push(sibling);
            continue;
        }
        if stats[i].excluded {
            continue;
        }
        let mut bonus = 0.0;
        if shares_class(&nodes[top], &sibling) {
            bonus = top_final * 0.2;
        }
        let joins = final_score(&stats, i).is_some_and(|s| s + bonus >= threshold)
            || (sibling.has_name("p") && reads_as_paragraph(&sibling, &stats[i]));
        if joins {
            chosen.push(sibling);
        }
    }
    let text = chosen
        .iter()
        .filter_map(|n| index.get(&n.id))
        .map(|&i| stats[i].text)
        .sum();
    Some(Found {
        nodes: chosen,
        skip,
        page_text,
        text,
    })
}

/// Readability's "clean conditionally", read rather than done: inside the
/// chosen subtrees, forms, tables, lists and divs that look like anything but
/// prose (a negative class, more links than text, more list items than
/// paragraphs, more images than paragraphs, form fields, embeds) are left
/// out. As in Readability, forms go first, then tables, lists and divs, each
/// kind from the last in the document to the first, and whatever is left out
/// no longer counts for the elements around it (a "related" list inside the
/// article's div does not make the div link-heavy). Data tables and code are
/// kept; so is the headline, once, when it repeats the title (it is left out).
fn clean_conditionally(
    nodes: &[NodeRef],
    stats: &mut [Stats],
    roots: &[usize],
    title: Option<&str>,
    pass: Pass,
    skip: &mut FxHashSet<dom_query::NodeId>,
) {
    // Which elements lie inside a chosen subtree, inside a figure, a data
    // table or code, or already left out: one forward pass (parents first).
    let n = nodes.len();
    let mut inside = vec![false; n];
    let mut keep = vec![false; n];
    let mut figure = vec![false; n];
    let mut gone = vec![false; n];
    for &r in roots {
        inside[r] = true;
    }
    let mut title_seen = title.is_none();
    for i in 1..n {
        let p = stats[i].parent;
        inside[i] |= inside[p];
        figure[i] = figure[p] || stats[p].tag == Tag::Figure;
        keep[i] = keep[p]
            || stats[i].tag == Tag::Code
            || (stats[i].tag == Tag::Table && is_data_table(&stats[i]));
        gone[i] = gone[p] || stats[i].excluded;
        if gone[i] || !inside[i] || roots.contains(&i) {
            continue;
        }
        // The headline again at the top of the text: it is the title.
        if !title_seen
            && stats[i].tag == Tag::Heading
            && (nodes[i].has_name("h1") || nodes[i].has_name("h2"))
        {
            if let Some(t) = title {
                if similarity(t, &nodes[i].text()) > 0.75 {
                    title_seen = true;
                    remove(stats, i);
                    gone[i] = true;
                    skip.insert(nodes[i].id);
                }
            }
        }
    }
    if !pass.clean {
        return;
    }
    for kinds in [
        &[Tag::Form, Tag::Fieldset][..],
        &[Tag::Table],
        &[Tag::List],
        &[Tag::Div],
    ] {
        // Left out already: the element or an ancestor (parents first).
        // Elements removed in this round are below the ones still to come.
        let mut out = vec![false; n];
        for i in 0..n {
            let p = stats[i].parent;
            out[i] = gone[i] || (p != i && out[p]);
        }
        // Children come after their parents, so walking back visits a whole
        // subtree before its root: what was removed below an element is
        // taken out of its totals when the walk reaches it, and passed up.
        // (Subtracting from every ancestor at each removal costs the depth
        // of the tree each time: quadratic on deeply nested pages.)
        let mut pending = vec![Removed::default(); n];
        for i in (1..n).rev() {
            let below = std::mem::take(&mut pending[i]);
            below.take_from(&mut stats[i]);
            pending[stats[i].parent].add(&below);
            if !kinds.contains(&stats[i].tag)
                || !inside[i]
                || keep[i]
                || roots.contains(&i)
                || out[i]
            {
                continue;
            }
            if should_clean(&stats[i], figure[i], pass.weigh_classes) {
                pending[stats[i].parent].add(&Removed::of(&stats[i]));
                gone[i] = true;
                skip.insert(nodes[i].id);
            }
        }
        std::mem::take(&mut pending[0]).take_from(&mut stats[0]);
    }
}

/// What a removed element takes out of each of its ancestors' totals.
#[derive(Debug, Clone, Copy, Default)]
struct Removed {
    text: u32,
    link_text: f32,
    commas: u32,
    list_text: u32,
    heading_text: u32,
    counts: Counts,
}

impl Removed {
    fn of(s: &Stats) -> Removed {
        let mut counts = s.counts;
        counts.count(s.tag);
        Removed {
            text: s.text,
            link_text: s.link_text,
            commas: s.commas,
            list_text: if s.tag == Tag::List {
                s.text
            } else {
                s.list_text
            },
            heading_text: if s.tag == Tag::Heading {
                s.text
            } else {
                s.heading_text
            },
            counts,
        }
    }

    fn add(&mut self, o: &Removed) {
        self.text += o.text;
        self.link_text += o.link_text;
        self.commas += o.commas;
        self.list_text += o.list_text;
        self.heading_text += o.heading_text;
        self.counts.add(&o.counts);
    }

    fn take_from(&self, a: &mut Stats) {
        a.text = a.text.saturating_sub(self.text);
        a.link_text = (a.link_text - self.link_text).max(0.0);
        a.commas = a.commas.saturating_sub(self.commas);
        a.list_text = a.list_text.saturating_sub(self.list_text);
        a.heading_text = a.heading_text.saturating_sub(self.heading_text);
        a.counts.sub(&self.counts);
    }
}

/// Take element `i`'s text and elements out of its ancestors' totals.
fn remove(stats: &mut [Stats], i: usize) {
    let r = Removed::of(&stats[i]);
    let mut at = i;
    loop {
        let p = stats[at].parent;
        if p == at {
            break;
        }
        r.take_from(&mut stats[p]);
        at = p;
    }
}

/// How much of `text` is words of `title` (Readability's text similarity):
/// the share of `text`'s words, by length, that also occur in `title`.
fn similarity(title: &str, text: &str) -> f32 {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let a = words(title);
    let b = words(text);
    if b.is_empty() {
        return 0.0;
    }
    let total: usize = b.iter().map(|w| w.len() + 1).sum();
    let foreign: usize = b
        .iter()
        .filter(|w| !a.contains(w))
        .map(|w| w.len() + 1)
        .sum();
    1.0 - foreign as f32 / total as f32
}

/// A table of data, not of layout: headings or a caption, or ten rows.
fn is_data_table(s: &Stats) -> bool {
    s.counts.table == 0 && (s.counts.table_head > 0 || s.counts.tr >= 10)
}

/// Readability's test for one element of the cleanup.
fn should_clean(s: &Stats, in_figure: bool, weigh: bool) -> bool {
    let weight = if weigh { s.weight } else { 0.0 };
    if weight < 0.0 {
        return true;
    }
    if s.commas >= 10 {
        return false;
    }
    let is_list = s.tag == Tag::List || (s.text > 0 && s.list_text as f32 / s.text as f32 > 0.9);
    let c = &s.counts;
    let p = c.p as f32;
    let img = c.img as f32;
    let li = c.li as f32 - 100.0;
    let density = link_density(s);
    let heading_density = if s.text == 0 {
        0.0
    } else {
        s.heading_text as f32 / s.text as f32
    };
    (!in_figure && img > 1.0 && p / img < 0.5)
        || (!is_list && li > p)
        || (c.input as f32 > (p / 3.0).floor())
        || (!is_list
            && heading_density < 0.9
            && s.text < 25
            && (c.img == 0 || c.img > 2)
            && !in_figure
            && density > 0.0)
        || (!is_list && weight < 25.0 && density > 0.2)
        || (weight >= 25.0 && density > 0.5)
        || (c.embed == 1 && s.text < 75)
        || c.embed > 1
}

/// A candidate's score scaled by how little of its text is in links.
fn final_score(stats: &[Stats], i: usize) -> Option<f32> {
    let s = stats[i].score?;
    Some(s * (1.0 - link_density(&stats[i])))
}

/// Is `a` an ancestor of `b`?
fn is_ancestor(stats: &[Stats], a: usize, b: usize) -> bool {
    let mut at = b;
    loop {
        let p = stats[at].parent;
        if p == a {
            return true;
        }
        if p == at {
            return false;
        }
        at = p;
    }
}

/// Share of an element's text inside links.
fn link_density(s: &Stats) -> f32 {
    if s.text == 0 {
        0.0
    } else {
        s.link_text / s.text as f32
    }
}

/// Readability's test for a sibling paragraph: long with few links, or short,
/// link-free and ending a sentence.
fn reads_as_paragraph(node: &NodeRef, s: &Stats) -> bool {
    let density = link_density(s);
    if s.text > 80 {
        return density < 0.25;
    }
    if s.text == 0 || density > 0.0 {
        return false;
    }
    let text = node.text();
    let text = text.trim_end();
    text.ends_with('.') || text.contains(". ")
}

fn shares_class(a: &NodeRef, b: &NodeRef) -> bool {
    match (a.attr("class"), b.attr("class")) {
        (Some(x), Some(y)) => !x.trim().is_empty() && x == y,
        _ => false,
    }
}

/// Elements that make an ancestor `div` more than a paragraph
/// (Readability's `DIV_TO_P_ELEMS`).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "blockquote" | "dl" | "div" | "img" | "ol" | "p" | "pre" | "table" | "ul"
    )
}

/// Words in a class or id that say a subtree is not the article
/// (Readability's "unlikely candidates")...
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];
/// ...unless it also has one of these.
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];
/// Class and id words of the article's container (+25).
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
/// Class and id words of everything else (−25).
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];

/// Which of the word lists a class or id value hits, as bits: [`UNLIKELY`],
/// [`MAYBE`], [`POSITIVE`], [`NEGATIVE`] (substrings, any case, as
/// Readability's regular expressions match them). One automaton scans the
/// value once for all of them.
fn word_bits(value: &str) -> u8 {
    use std::sync::OnceLock;
    static LISTS: OnceLock<Option<(aho_corasick::AhoCorasick, Vec<u8>)>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut bits = Vec::new();
        for (list, bit) in [
            (UNLIKELY, UNLIKELY_BIT),
            (MAYBE, MAYBE_BIT),
            (POSITIVE, POSITIVE_BIT),
            (NEGATIVE, NEGATIVE_BIT),
        ] {
            for p in list {
                patterns.push(*p);
                bits.push(bit);
            }
        }
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&patterns)
            .ok()
            .map(|ac| (ac, bits))
    });
    let Some((ac, bits)) = lists else {
        return 0;
    };
    ac.find_overlapping_iter(value)
        .fold(0, |acc, m| acc | bits[m.pattern().as_usize()])
}

const UNLIKELY_BIT: u8 = 1;
const MAYBE_BIT: u8 = 2;
const POSITIVE_BIT: u8 = 4;
const NEGATIVE_BIT: u8 = 8;

/// Readability's class weight from the bits of a class or id value: +25 for
/// a positive word, −25 for a negative one.
fn weight_of(bits: u8) -> f32 {
    let mut w = 0.0;
    if bits & NEGATIVE_BIT != 0 {
        w -= 25.0;
    }
    if bits & POSITIVE_BIT != 0 {
        w += 25.0;
    }
    w
}

/// An element's class weight (class and id counted apart, as Readability
/// does) and whether its words say it is unlikely to be the article.
fn names(node: &NodeRef) -> (f32, bool) {
    let class = node.attr("class").map_or(0, |c| word_bits(&c));
    let id = node.attr("id").map_or(0, |i| word_bits(&i));
    let both = class | id;
    let unlikely = both & UNLIKELY_BIT != 0 && both & MAYBE_BIT == 0;
    (weight_of(class) + weight_of(id), unlikely)
}

/// Is the element hidden from readers (`hidden`, `aria-hidden`, `display: none`)?
fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || node.attr("style").is_some_and(|st| {
            let st = st.to_ascii_lowercase().replace(' ', "");
            st.contains("display:none") || st.contains("visibility:hidden")
        })
}

/// Does the element look like it is not the article (and not also like it
/// is)? `words` is what its class and id say ([`names`]).
fn unlikely(node: &NodeRef, name: &str, words: bool) -> bool {
    if matches!(name, "body" | "a" | "article" | "main" | "html") {
        return false;
    }
    let role = node.attr("role").map(|r| r.to_ascii_lowercase());
    if role.as_deref().is_some_and(|r| {
        matches!(
            r,
            "menu"
                | "menubar"
                | "complementary"
                | "navigation"
                | "alert"
                | "alertdialog"
                | "dialog"
        )
    }) {
        return true;
    }
    words
}

/// The tree in document order with each element's text statistics, without
/// recursion. Index 0 is `root`.
fn measure<'a>(root: &NodeRef<'a>, strip_unlikely: bool) -> (Vec<NodeRef<'a>>, Vec<Stats>, u32) {
    let mut all_text = 0u32;
    let mut nodes: Vec<NodeRef<'a>> = Vec::new();
    let mut stats: Vec<Stats> = Vec::new();
    // (node, parent index, weight of the link it is inside (0 outside),
    // inside an excluded subtree)
    let mut stack = vec![(*root, 0usize, 0.0f32, false)];
    while let Some((node, parent, in_link, excluded)) = stack.pop() {
        if node.is_text() {
            let text = node.text();
            let (chars, commas) = count_text(&text);
            all_text += chars;
            if excluded {
                continue;
            }
            // Text is added to its element (the parent) right away.
            let s = &mut stats[parent];
            s.text += chars;
            s.commas += commas;
            s.own_text += chars;
            s.own_commas += commas;
            s.link_text += in_link * chars as f32;
            continue;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            continue;
        }
        let name = node.node_name();
        let name = name.as_deref().unwrap_or("");
        if super::body::is_skipped(name) {
            // Left out of the text, but counted: forms and embeds in a block
            // tell the cleanup what it is.
            match name {
                "input" | "select" | "textarea" | "button" => stats[parent].counts.input += 1,
                "iframe" | "object" | "embed" | "video" | "audio" => {
                    stats[parent].counts.embed += 1
                }
                _ => {}
            }
            continue;
        }
        let index = nodes.len();
        let (weight, unlikely_words) = if node.is_element() {
            names(&node)
        } else {
            (0.0, false)
        };
        let excluded = excluded
            || (node.is_element()
                && (hidden(&node) || (strip_unlikely && unlikely(&node, name, unlikely_words))));
        nodes.push(node);
        stats.push(Stats {
            parent: if index == 0 { 0 } else { parent },
            excluded,
            tag: Tag::of(name),
            weight,
            ..Stats::default()
        });
        if index > 0 && is_block(name) {
            stats[parent].has_block = true;
        }
        let in_link = if name == "a" && in_link == 0.0 {
            let hash = node
                .attr("href")
                .is_some_and(|h| h.trim_start().starts_with('#'));
            if hash {
                0.3
            } else {
                1.0
            }
        } else {
            in_link
        };
        let children: Vec<_> = node.children_it(true).collect();
        stack.extend(children.into_iter().map(|c| (c, index, in_link, excluded)));
    }
    // Children come after their parent in document order: adding each to its
    // parent from the end gives every element its subtree's totals.
    for i in (1..stats.len()).rev() {
        if stats[i].excluded {
            continue;
        }
        let Stats {
            parent,
            text,
            link_text,
            commas,
            has_block,
            tag,
            counts,
            list_text,
            heading_text,
            ..
        } = stats[i];
        let p = &mut stats[parent];
        p.text += text;
        p.link_text += link_text;
        p.commas += commas;
        p.has_block |= has_block;
        p.counts.add(&counts);
        p.counts.count(tag);
        p.list_text += if tag == Tag::List { text } else { list_text };
        p.heading_text += if tag == Tag::Heading {
            text
        } else {
            heading_text
        };
    }
    (nodes, stats, all_text)
}

/// Characters of a text node (whitespace runs count one) and its commas.
fn count_text(text: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut in_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                chars += 1;
                in_space = true;
            }
        } else {
            chars += 1;
            in_space = false;
            if matches!(
                c,
                ',' | '，' | '、' | '،' | '﹐' | '︐' | '︑' | '⸴' | '⸲' | '､'
            ) {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

/// Readability's base score of a candidate, from its tag and class words.
fn initial_score(node: &NodeRef, weight: f32, weigh: bool) -> f32 {
    let name = node.node_name();
    let tag = match name.as_deref().unwrap_or("") {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag + if weigh { weight } else { 0.0 }
}

/// Give each paragraph's score to its ancestors.
fn score_paragraphs(nodes: &[NodeRef], stats: &mut [Stats], weigh: bool) {
    for i in 1..nodes.len() {
        if stats[i].excluded || stats[i].text < 25 {
            continue;
        }
        let name = nodes[i].node_name();
        let name = name.as_deref().unwrap_or("");
        let paragraph = matches!(
            name,
            "p" | "pre" | "td" | "section" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) || (name == "div" && !stats[i].has_block);
        // A div holding blocks and, between them, text of its own: that
        // text is a paragraph of the div (Readability wraps it in a <p>).
        let (text, commas, start) = if paragraph {
            (stats[i].text, stats[i].commas, i)
        } else if name == "div" && stats[i].own_text >= 25 {
            (stats[i].own_text, stats[i].own_commas, usize::MAX)
        } else {
            continue;
        };
        let score = 1.0 + commas as f32 + (text as f32 / 100.0).floor().min(3.0);
        // The ancestors that share the score: from the parent (for wrapped
        // text, the div itself) up five levels, never the root or <html>.
        let mut at = if start == usize::MAX {
            i
        } else {
            stats[i].parent
        };
        for level in 0..5 {
            if at == 0 || stats[at].parent == 0 {
                break;
            }
            let share = match level {
                0 => score,
                1 => score / 2.0,
                _ => score / (level as f32 * 3.0),
            };
            let base = match stats[at].score {
                Some(s) => s,
                None => initial_score(&nodes[at], stats[at].weight, weigh),
            };
            stats[at].score = Some(base + share);
            let up = stats[at].parent;
            if up == at {
                break;
            }
            at = up;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    const P1: &str = "<p>The city council voted on Tuesday to extend the tram line to the harbour, a project debated for ten years, which will cost about 40 million euros.</p>";
    const P2: &str = "<p>Construction is to begin next spring, the transport department said, and the first trams should run in 2028, two years later than first planned.</p>";
    const P3: &str = "<p>Opponents, who gathered outside the town hall, said the money would be better spent on buses, which carry more passengers at a lower cost.</p>";

    /// The text of what `find` keeps, block by block, without the blocks
    /// the block reader marks as furniture.
    fn kept(html: &str, title: Option<&str>) -> Vec<String> {
        let doc = Document::from(html);
        let root = doc.root();
        for pass in Pass::ALL {
            if let Some(found) = find(&root, title, pass) {
                let mut blocks: Vec<_> = found
                    .nodes
                    .iter()
                    .flat_map(|n| {
                        super::super::body::blocks_skipping(n, &found.skip, found.text as usize)
                    })
                    .collect();
                super::super::body::mark_link_lists(&mut blocks);
                let prose: Vec<String> = blocks
                    .into_iter()
                    .filter(|b| b.reason.is_none())
                    .map(|b| b.text)
                    .collect();
                if prose.iter().map(String::len).sum::<usize>() >= 200 {
                    return prose;
                }
            }
        }
        Vec::new()
    }

    #[test]
    fn the_article_wins_over_menus_sidebars_and_footers() {
        let html = format!(
            r#"<html><body><div class="menu"><a href="/">Home</a><a href="/news">News</a></div>
            <div class="main"><div class="article-body">{P1}{P2}{P3}</div>
            <div class="sidebar"><p>Most read: ferry strike, harbour fire, council budget, school closures.</p></div></div>
            <div id="footer"><p>Copyright 2025 City Record, all rights reserved, no part may be reproduced.</p></div></body></html>"#
        );
        let got = kept(&html, None);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with("The city council"));
    }

    #[test]
    fn link_lists_inside_the_article_and_the_repeated_headline_are_left_out() {
        let html = format!(
            r#"<html><body><article><h1>Tram line to the harbour approved</h1>{P1}
            <div class="inline-links"><ul><li><a href="/a">Ferry strike ends after two weeks</a></li>
            <li><a href="/b">Harbour fire: what we know</a></li><li><a href="/c">Council budget passes</a></li></ul></div>
            {P2}<div hidden><p>A survey for subscribers only, shown to nobody, about reading habits and more.</p></div>{P3}</article></body></html>"#
        );
        let got = kept(
            &html,
            Some("Tram line to the harbour approved | City Record"),
        );
        let joined = got.join("\n");
        assert!(
            !joined.contains("Tram line to the harbour approved"),
            "{got:?}"
        );
        assert!(!joined.contains("Ferry strike"), "{got:?}");
        assert!(!joined.contains("survey"), "{got:?}");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn an_article_in_an_unlikely_container_is_found_on_a_later_pass() {
        // "comment" marks the container unlikely; the first pass finds too
        // little, a later one (without that rule) finds the article.
        let html = format!(
            r#"<html><body><div class="comment-free-zone">{P1}{P2}{P3}{P1}</div><div><p>Short.</p></div></body></html>"#
        );
        let got = kept(&html, None);
        assert!(got.len() >= 3, "{got:?}");
    }

    #[test]
    fn text_statistics_count_links_and_commas() {
        // Whitespace runs count once, a trailing one too.
        assert_eq!(count_text("  a,  b\n c "), (7, 1));
        assert!(similarity("Tram line approved | City Record", "Tram line approved") > 0.99);
        assert!(similarity("Tram line approved", "Harbour fire: what we know") < 0.1);
    }
}
