//! Attributions in news text: who said what, with which cue.
//!
//! [`find_attributions`] finds direct quotes (content inside quotation marks,
//! whole or partial) and reported speech ("the official said the U.S. was
//! eager ...", "according to a senior official, ...") in plain news text, and
//! for each one the cue ("said", "told journalists"), the source as written
//! at that place, the speaker resolved from pronouns and roles to the fullest
//! earlier mention, and the outlet relaying it (the carrier).
//!
//! The extractor is a set of hand-written rules over one tokenisation of the
//! text; it needs no model and no allocation per character. It works in
//! passes that are each linear in the number of tokens:
//!
//! 1. tokenise (words, punctuation, quotation marks; paragraphs are lines);
//! 2. pair quotation marks within each paragraph (straight, curly, angle and
//!    single marks; a quote never closed ends at its paragraph end);
//! 3. split each paragraph into sentences with the library's one splitter
//!    ([`crate::segment::split_sentences`]), as copies and summaries do;
//! 4. attribute each quote from the words after its closing mark
//!    (`"...," the official said`, `"...", said X`, `"...", TASS quoted Putin
//!    as saying`) or before its opening mark (`X said: "..."`, `X added that
//!    "..."`, `X was quoted as saying "..."`), merging interrupted quotes
//!    (`"...," he said, "..."`);
//! 5. attribute reported speech around each remaining cue word (`X said
//!    (that) ...`, `..., X said.`, `according to X, ...`, `As X reported,
//!    ...`, `X described it as "..."`, `..., adding that ...`);
//! 6. add verbless frames (a headline "Name: claim", "In a new poll, ...",
//!    whose share of respondents it speaks for, "In an interview, X ...",
//!    "As X put it, ...", an interview transcript's "PENCE: ..." turns),
//!    cues whose speaker goes unnamed ("Asked about X, ...", "is expected
//!    to ...", "reportedly"), nouns of stance with a possessive holder ("his
//!    attacks on X") and any verb taking a "that" clause after a speaker;
//! 7. join a quote that opens the sentence after an attribution to it
//!    (`"...," he said. "..."`, also across a paragraph break), give a quote
//!    after a bare cue ("Phil Musser agreed.") its speaker, leave a quote
//!    with neither speaker nor cue out, drop attributions
//!    whose cue lies inside another attribution's content (except plain
//!    speech and report verbs, which PolNeAR annotates nested too), and
//!    resolve pronoun and role speakers.
//!
//! Each attribution records the rule that found it in [`Attribution::pass`]
//! (a [`Pass`], named like "direct-after" or "reported-according"), which
//! `storyline extract --explain` prints.
//!
//! The code is one file per concern:
//!
//! - `lexicon.rs`: the lexical flags (the schema), and the word lists read
//!   from `data/attribution-cues.tsv` (one row per word with its groups);
//! - `doc.rs`: the shared analysis of steps 1 to 3 (tokens, quote pairing,
//!   sentences, names) and the per-token tables the passes read;
//! - `phrases.rs`: noun phrases and cues (`np_left`, `np_right`, `cue_end`,
//!   `after_adjuncts`);
//! - `clauses.rs`: clause subjects and `push_reported`, shared by steps 5 and 6;
//! - `direct.rs` (step 4), `reported.rs` (step 5), `frames.rs` (step 6),
//!   `orphans.rs` (the quotes of step 7) and `resolve.rs` (nesting, speaker
//!   resolution and the output of step 7);
//! - `tests/`: the tests, by pass (`tests/passes.rs`: the provenance).
//!
//! Known limits: verbs of thinking and stance outside the lexicon are cues
//! only before a "that" clause or after a quote ("“...,” he retaliated");
//! part of the lexicon was chosen by precision on PolNeAR's training split
//! (the third column of `data/attribution-cues.tsv` says which);
//! a pronoun resolves to the last person mentioned before it, which is not
//! always its referent; only double quotes pair inside paragraphs (single
//! quotes only at top level, and they never make a direct quote).
//!
//! All ranges are byte ranges into the text, on character boundaries.
//!
//! ```
//! use storyline::quotes::{find_attributions, QuoteKind};
//!
//! let text = "\u{201c}We will keep talking,\u{201d} the minister told reporters.";
//! let found = find_attributions(text);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].kind, QuoteKind::Direct);
//! assert_eq!(&text[found[0].content[0].clone()], "We will keep talking");
//! assert_eq!(found[0].source.clone().map(|r| &text[r]), Some("the minister"));
//! ```

mod clauses;
mod direct;
mod doc;
mod frames;
mod lexicon;
mod orphans;
mod phrases;
mod reported;
mod resolve;
#[cfg(test)]
mod tests;

use doc::Doc;
use resolve::drop_nested;
use std::ops::Range;

use crate::tokens::{Lexeme, Lexer};

/// Direct quote (content inside quotation marks, whole or partial) or reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum QuoteKind {
    /// The content is (mostly) inside quotation marks.
    Direct,
    /// Indirect speech, paraphrase or a stated belief, not (mostly) quoted.
    Reported,
}

/// One attribution: who said what, with which cue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attribution {
    /// Direct quote or reported speech.
    pub kind: QuoteKind,
    /// The content: one span, or several when a quote is interrupted ("“...,” he said, “...”").
    pub content: Vec<Range<usize>>,
    /// The cue: "said", "told journalists", "according to", "was quoted as saying", "added".
    pub cue: Option<Range<usize>>,
    /// The speaker as written at this place: "Putin", "he", "the official", "a senior US State Department official".
    pub source: Option<Range<usize>>,
    /// The speaker resolved to the fullest mention earlier in the text when `source` is a pronoun
    /// or a role ("he" -> "Vladimir Putin"; "the official" -> "a senior US State Department official");
    /// equal to `source` when it already is a name or full description.
    pub speaker: Option<Range<usize>>,
    /// An outlet or agency relaying the quote ("TASS" in "TASS quoted Putin as saying").
    pub carrier: Option<Range<usize>>,
    /// The rule that found it, for explaining and debugging (not part of any
    /// report: `storyline extract --explain` prints it).
    pub pass: Pass,
}

/// The rule of a pass that produced an attribution (its provenance), for
/// explaining and debugging what the extractor found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Pass {
    /// A quote with its cue before the speaker after it: "“...,” said the official".
    DirectAfterInverted,
    /// A quote with its speaker and cue after it: "“...,” the official said".
    DirectAfter,
    /// A quote with a long speaker description before the cue after it:
    /// "“...,” Sanders's campaign manager, Jeff Weaver, said".
    DirectAfterLong,
    /// A quote with a speaker and a verb outside the lexicon after it:
    /// "“...,” an angry Hollande retaliated".
    DirectAfterVerb,
    /// A quote after "was quoted as saying" or "TASS quoted X as saying".
    DirectQuotedAs,
    /// A quote after a verb opening the sentence before its speaker: "Stated Stone: “...”".
    DirectVerbFirst,
    /// A quote after its speaker and cue: "X said: “...”", "X added that “...”".
    DirectBefore,
    /// A quote after a name and a colon: "Kerry: “...”".
    DirectNameColon,
    /// A quote after a clause and a colon, spoken by the clause subject:
    /// "Trump leaned in and boomed: “...”".
    DirectClauseColon,
    /// Reported speech after its cue: "X said (that) ...".
    Reported,
    /// "according to X, ...", "..., according to X".
    ReportedAccording,
    /// "As reported by X, ...".
    ReportedAsBy,
    /// "As X reported, ...".
    ReportedAsX,
    /// "..., said X" at the end of a clause.
    ReportedInverted,
    /// "..., the official said." after its content.
    ReportedTrailing,
    /// A cue without a speaker: "following reports that ...".
    ReportedUnnamed,
    /// A block quote set off as its own paragraph after "X said:".
    ReportedBlock,
    /// A cue in a relative clause: "a probe the agency said was ongoing".
    ReportedRelative,
    /// A quoted label: "described it as “candid”", "called the KKK “abhorrent”".
    Label,
    /// A headline "Name: claim".
    Headline,
    /// "As X put it, ...".
    AsXPutIt,
    /// A sentence opening with a frame: "In an interview, X ...", "In a new poll, ...".
    Framed,
    /// An attribution of a share of respondents re-framed as its poll's:
    /// "In a CNN poll, 31% of Republicans said ...".
    PollShare,
    /// An interview transcript's turn: "PENCE: ...".
    Transcript,
    /// A cue whose speaker goes unnamed: "Asked about X, ...", "is expected to ...".
    Sourceless,
    /// A stance of a share of people or a finding of a poll: "Two-thirds support ...".
    Poll,
    /// Any verb before a "that" clause after a speaker: "He conceded that ...".
    ThatClause,
    /// A noun of stance with a possessive holder: "his attacks on Clinton".
    Nominal,
    /// A quote after a sentence that is only a speaker and a cue: "Phil Musser agreed. “...”".
    OrphanBareCue,
    /// A quote with a byline after it: "“...”\n\n- Bernie Sanders."
    OrphanByline,
    /// A quote inside a sentence, spoken by the clause subject without a cue.
    OrphanInline,
}

impl Pass {
    /// The rule's name, as `storyline extract --explain` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Pass::DirectAfterInverted => "direct-after-inverted",
            Pass::DirectAfter => "direct-after",
            Pass::DirectAfterLong => "direct-after-long",
            Pass::DirectAfterVerb => "direct-after-verb",
            Pass::DirectQuotedAs => "direct-quoted-as",
            Pass::DirectVerbFirst => "direct-verb-first",
            Pass::DirectBefore => "direct-before",
            Pass::DirectNameColon => "direct-name-colon",
            Pass::DirectClauseColon => "direct-clause-colon",
            Pass::Reported => "reported",
            Pass::ReportedAccording => "reported-according",
            Pass::ReportedAsBy => "reported-as-by",
            Pass::ReportedAsX => "reported-as-x",
            Pass::ReportedInverted => "reported-inverted",
            Pass::ReportedTrailing => "reported-trailing",
            Pass::ReportedUnnamed => "reported-unnamed",
            Pass::ReportedBlock => "reported-block",
            Pass::ReportedRelative => "reported-relative",
            Pass::Label => "label",
            Pass::Headline => "headline",
            Pass::AsXPutIt => "as-x-put-it",
            Pass::Framed => "framed",
            Pass::PollShare => "poll-share",
            Pass::Transcript => "transcript",
            Pass::Sourceless => "sourceless",
            Pass::Poll => "poll",
            Pass::ThatClause => "that-clause",
            Pass::Nominal => "nominal",
            Pass::OrphanBareCue => "orphan-bare-cue",
            Pass::OrphanByline => "orphan-byline",
            Pass::OrphanInline => "orphan-inline",
        }
    }
}

/// The attribution lexicon's flags of a word (`data/attribution-cues.tsv`;
/// 0 for a word it does not list), for other readers of running text such as
/// the learned tagger.
pub(crate) fn lexicon_flags(word: &str) -> u32 {
    lexicon::flags_of(word)
}

/// The lexicon flags that make a word a cue of some kind (verbs of saying
/// and thinking, stance nouns and verbs, findings, media verbs).
pub(crate) const CUE_FLAGS: u32 = lexicon::CUE
    | lexicon::THINK
    | lexicon::NOUN_CUE
    | lexicon::STANCE_VERB
    | lexicon::FINDING_VERB
    | lexicon::MEDIA;

/// Every attribution of `text`, in text order.
///
/// Never panics; runs in time linear in the length of `text` (up to a
/// logarithmic factor in the number of attributions).
pub fn find_attributions(text: &str) -> Vec<Attribution> {
    let lexemes: Vec<Lexeme> = Lexer::new(text).collect();
    find_attributions_in(text, &lexemes)
}

/// [`find_attributions`] over the lexemes of all of `text`, already made
/// ([`crate::tokens::Tokens::all`]).
pub fn find_attributions_in(text: &str, lexemes: &[Lexeme]) -> Vec<Attribution> {
    let mut doc = Doc::new(text, lexemes);
    if doc.toks.is_empty() {
        return Vec::new();
    }
    doc.pair_quotes();
    doc.split_sentences();
    doc.mark_names();
    doc.prepare();
    let mut found = doc.direct_quotes();
    doc.reported_speech(&mut found);
    doc.framed_statements(&mut found);
    doc.transcript_turns(&mut found);
    doc.sourceless_cues(&mut found);
    doc.nominal_cues(&mut found);
    doc.that_clauses(&mut found);
    doc.poll_findings(&mut found);
    doc.orphan_quotes(&mut found);
    found.retain(|r| !doc.is_title(r));
    let mut found = drop_nested(found, |r| doc.may_nest(r), |r| doc.is_according(r));
    found.sort_by_key(|a| a.key);
    doc.resolve(&mut found);
    found.iter().map(|a| doc.finish(a)).collect()
}
