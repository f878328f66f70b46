//! Feed reader tests: one small feed of each flavour, written here.

use super::*;
use crate::model::Severity;

fn read(text: &str) -> (Vec<Article>, Vec<Diagnostic>) {
    read_bytes(text.as_bytes())
}

fn read_bytes(bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::new();
    let mut diags = Vec::new();
    read_feed("f.rss", "f", bytes, &mut |a| articles.push(a), &mut diags);
    (articles, diags)
}

/// A paragraph of `n` words.
fn words(n: usize) -> String {
    (0..n)
        .map(|i| ["talks", "resumed", "in", "Geneva", "on", "Monday"][i % 6])
        .collect::<Vec<_>>()
        .join(" ")
}

const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example News &amp; Views</title>
  <link>https://news.example/</link>
  <language>en-us</language>
  <lastBuildDate>Tue, 06 Sep 2016 12:00:00 GMT</lastBuildDate>
  <atom:link href="https://news.example/feed" rel="self"/>
  <image><title>Logo title</title><url>https://news.example/logo.png</url></image>
  <item>
    <title>Obama, Putin fail to reach Syria deal</title>
    <link>https://news.example/syria</link>
    <guid isPermaLink="false">news-1234</guid>
    <pubDate>Mon, 05 Sep 2016 10:00:00 +0000</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <media:title>Photo caption, not the title</media:title>
    <description>Short teaser&#8230;</description>
    <content:encoded><![CDATA[<p>President Barack Obama and Russian President Vladimir Putin failed to agree.</p><p>Talks go on &amp; on.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second item</title>
    <link>https://news.example/second</link>
    <author>editor@news.example (John Roe)</author>
    <description>&lt;p&gt;Officials met in Geneva on Monday to discuss a cease-fire &amp;hellip; &lt;a href="/second"&gt;Read more&lt;/a&gt;&lt;/p&gt;</description>
  </item>
  <item>
    <guid>https://news.example/third</guid>
    <description>DESCRIPTION</description>
  </item>
  <item><title>Only a title</title></item>
  <item></item>
</channel>
</rss>"#;

#[test]
fn rss2_items_become_articles() {
    let long = words(200);
    let (articles, diags) = read(&RSS2.replace("DESCRIPTION", &long));
    assert_eq!(articles.len(), 3, "{diags:#?}");
    let a = &articles[0];
    assert_eq!(a.id, "news-1234");
    assert_eq!(a.title, "Obama, Putin fail to reach Syria deal");
    assert_eq!(a.url.as_deref(), Some("https://news.example/syria"));
    assert_eq!(
        a.text,
        "President Barack Obama and Russian President Vladimir Putin failed to agree.\n\nTalks go on & on."
    );
    assert_eq!(a.source.as_deref(), Some("Example News & Views"));
    assert_eq!(a.lang.as_deref(), Some("en-us"));
    assert_eq!(a.provenance.authors, ["Jane Doe"]);
    assert_eq!(a.provenance.format, "rss");
    assert_eq!(
        a.published.map(|p| p.at.to_string()).as_deref(),
        Some("2016-09-05T10:00:00Z")
    );
    for field in ["title", "url", "source", "lang", "authors", "published"] {
        assert_eq!(a.provenance.source_of(field), Some("feed"), "{field}");
    }
    assert!(!a.provenance.teaser, "full content, not cut");
    assert_eq!(a.origin.record, Some(1));
    assert_eq!(a.origin.line, Some(12));

    let b = &articles[1];
    assert_eq!(b.id, "https://news.example/second", "no guid: the link");
    assert_eq!(b.provenance.authors, ["John Roe"]);
    assert!(
        b.provenance.teaser,
        "a short description ending in Read more"
    );
    assert!(b.text.starts_with("Officials met in Geneva"), "{}", b.text);
    assert!(b.text.contains("cease-fire …"), "{}", b.text);
    // Never the channel's build date.
    assert!(b.published.is_none());

    let c = &articles[2];
    assert_eq!(c.id, "https://news.example/third");
    assert_eq!(
        c.url.as_deref(),
        Some("https://news.example/third"),
        "permalink guid"
    );
    assert_eq!(
        c.title,
        c.text
            .lines()
            .next()
            .map(|l| &l[..l.len().min(120)])
            .unwrap_or_default()
    );
    assert_eq!(c.provenance.source_of("title"), Some("text"));
    assert!(
        !c.provenance.teaser,
        "a long description without a cut is the text"
    );

    let errors: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "f.rss:32: record 4: error: item 4 (\"Only a title\") has a title but no text; skipped",
            "f.rss:33: record 5: error: item 5 has neither title nor text; skipped",
        ]
    );
}

#[test]
fn rss1_rdf_items_are_read() {
    let feed = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wire.example/">
    <title>Wire Service</title>
    <dc:language>de</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://wire.example/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://wire.example/1">
    <title>Gespräche in Genf</title>
    <link>https://wire.example/1</link>
    <description>Die Gespräche wurden am Montag fortgesetzt. Weiterlesen</description>
    <dc:date>2016-09-05T12:00:00+02:00</dc:date>
    <dc:creator>Max Muster</dc:creator>
  </item>
</rdf:RDF>"#;
    let (articles, diags) = read(feed);
    assert_eq!(articles.len(), 1, "{diags:#?}");
    let a = &articles[0];
    assert_eq!(a.id, "https://wire.example/1");
    assert_eq!(a.source.as_deref(), Some("Wire Service"));
    assert_eq!(a.lang.as_deref(), Some("de"));
    assert_eq!(a.provenance.format, "rss");
    assert_eq!(a.provenance.authors, ["Max Muster"]);
    assert_eq!(
        a.published.map(|p| p.to_string()).as_deref(),
        Some("2016-09-05T12:00:00+02:00")
    );
    assert!(a.provenance.teaser);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn atom_entries_are_read() {
    let long = words(180);
    let feed = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title type="html">Le &lt;b&gt;Journal&lt;/b&gt;</title>
  <updated>2016-09-06T00:00:00Z</updated>
  <author><name>Rédaction</name></author>
  <entry>
    <title>Premier</title>
    <id>urn:uuid:1</id>
    <link rel="alternate" href="https://journal.example/1"/>
    <link rel="enclosure" href="https://journal.example/1.mp3"/>
    <updated>2016-09-05T09:00:00Z</updated>
    <published>2016-09-05T08:00:00Z</published>
    <author><name>Anne</name><email>anne@journal.example</email></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{long}</p><p>Fin.</p></div></content>
    <source><title>Not the outlet</title></source>
  </entry>
  <entry>
    <title type="text">Deuxième</title>
    <id>urn:uuid:2</id>
    <updated>2016-09-05T10:00:00Z</updated>
    <summary>Un résumé court [&#8230;]</summary>
  </entry>
  <entry>
    <title>Troisième</title>
    <id>urn:uuid:3</id>
    <content type="html">&lt;p&gt;Texte complet.&lt;/p&gt;</content>
  </entry>
</feed>"#
    );
    let (articles, diags) = read(&feed);
    assert_eq!(articles.len(), 3, "{diags:#?}");
    let a = &articles[0];
    assert_eq!(a.id, "urn:uuid:1");
    assert_eq!(a.url.as_deref(), Some("https://journal.example/1"));
    assert_eq!(a.source.as_deref(), Some("Le Journal"));
    assert_eq!(a.lang.as_deref(), Some("fr"));
    assert_eq!(a.provenance.format, "atom");
    assert_eq!(a.provenance.authors, ["Anne"]);
    assert_eq!(
        a.published.map(|p| p.to_string()).as_deref(),
        Some("2016-09-05T08:00:00Z")
    );
    assert_eq!(
        a.provenance.modified.map(|p| p.to_string()).as_deref(),
        Some("2016-09-05T09:00:00Z")
    );
    assert!(a.text.ends_with("\n\nFin."), "{}", a.text);
    assert!(!a.provenance.teaser);
    let b = &articles[1];
    assert_eq!(b.provenance.authors, ["Rédaction"], "the feed's author");
    assert_eq!(
        b.published.map(|p| p.to_string()).as_deref(),
        Some("2016-09-05T10:00:00Z"),
        "no published: updated"
    );
    assert_eq!(b.text, "Un résumé court […]");
    assert!(b.provenance.teaser);
    let c = &articles[2];
    assert_eq!(c.text, "Texte complet.");
    assert!(c.url.is_none());
    assert!(c.published.is_none(), "never the feed's own date");
    assert!(
        !c.provenance.teaser,
        "full content, even short, is not a teaser"
    );
}

#[test]
fn json_feed_items_are_read() {
    let feed = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON News",
  "language": "en",
  "authors": [{"name": "Desk"}],
  "items": [
    {"id": 1, "url": "https://j.example/1", "title": "One",
     "content_html": "<p>First <em>full</em> story.</p>",
     "date_published": "2016-09-05T10:00:00Z",
     "authors": [{"name": "Ann"}, {"name": "Bob"}]},
    {"id": "2", "title": "Two", "summary": "Just the start…",
     "date_modified": "2016-09-05T11:00:00Z"},
    {"id": "3", "content_text": "Plain text.\n\nSecond paragraph."},
    {"id": "4"}
  ]
}"#;
    let (articles, diags) = read(feed);
    assert_eq!(articles.len(), 3, "{diags:#?}");
    assert_eq!(articles[0].id, "1");
    assert_eq!(articles[0].text, "First full story.");
    assert_eq!(articles[0].provenance.format, "json-feed");
    assert_eq!(articles[0].provenance.authors, ["Ann", "Bob"]);
    assert_eq!(articles[0].source.as_deref(), Some("JSON News"));
    assert_eq!(articles[1].provenance.authors, ["Desk"]);
    assert!(articles[1].provenance.teaser);
    assert!(articles[1].published.is_some());
    assert_eq!(articles[2].text, "Plain text.\n\nSecond paragraph.");
    assert_eq!(articles[2].title, "Plain text.");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].record, Some(4));

    let (articles, diags) =
        read("{\"version\": \"https://jsonfeed.org/version/1\",\n \"items\": [}");
    assert!(articles.is_empty());
    assert_eq!(diags[0].line, Some(2));
    assert_eq!(diags[0].severity, Severity::Error);
}

#[test]
fn malformed_xml_is_reported_with_its_line() {
    let feed = "<rss version=\"2.0\"><channel><title>T</title>\n<item><title>Fine</title><description>Kept text.</description></item>\n<item><title>Broken</b></item>\n</channel></rss>";
    let (articles, diags) = read(feed);
    assert_eq!(articles.len(), 1, "items before the error are kept");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].line, Some(3), "{diags:#?}");
    assert!(
        diags[0].message.starts_with("not well-formed XML"),
        "{diags:#?}"
    );

    let (articles, diags) = read("<rss><channel><item><title>Cut</title><description>x");
    assert!(articles.is_empty());
    assert!(
        diags[0].message.starts_with("not well-formed XML"),
        "{diags:#?}"
    );

    let (articles, diags) = read(
        "<rss><channel><item><title>Open</title><description>Unclosed feed.</description></item>",
    );
    assert_eq!(articles.len(), 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0].message.contains("not well-formed XML"),
        "{diags:#?}"
    );

    let (_, diags) = read("<html><body>Not a feed</body></html>");
    assert!(diags[0].message.contains("HTML page"), "{diags:#?}");
    let (_, diags) = read("");
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn legacy_encodings_and_loose_dates() {
    let mut feed =
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf".to_vec();
    feed.push(0xE9);
    feed.extend_from_slice(
        b"</title><description>Texte.</description><pubDate>Tue, 05 Sep 2016 10:00:00 GMT</pubDate></item></channel></rss>",
    );
    let (articles, diags) = read_bytes(&feed);
    assert_eq!(articles[0].title, "Café");
    assert_eq!(
        articles[0].published.map(|p| p.at.to_string()).as_deref(),
        Some("2016-09-05T10:00:00Z"),
        "a wrong weekday is forgiven"
    );
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(parse_date("Mon, 05 Sep 2016 10:00:00 CEST").is_some());
    assert!(parse_date("5 Sep 2016 10:00:00 +0200").is_some());
    assert!(parse_date("yesterday").is_none());
}

#[test]
fn teaser_rule() {
    assert!(is_teaser("A short summary.", false));
    assert!(!is_teaser(&words(200), false));
    assert!(is_teaser(&format!("{}…", words(200)), false));
    assert!(is_teaser(&format!("{} [...]", words(200)), false));
    assert!(is_teaser(
        &format!("{}\nContinue reading →", words(200)),
        false
    ));
    assert!(is_teaser(
        &format!(
            "{} […]\nThe post Talks appeared first on Example News.",
            words(40)
        ),
        true
    ));
    assert!(!is_teaser("A short full story.", true));
    assert!(
        !is_teaser(&format!("{} …", words(300)), true),
        "long content"
    );
    assert!(!ends_cut("They want more."));
    assert!(ends_cut("Officials met (more…)"));
    assert!(ends_cut("Die Gespräche. Weiterlesen »"));
    assert!(!ends_cut("He said he would read more books."));
}

/// Random cuts and byte flips of valid feeds: diagnostics, never a panic.
#[test]
fn damaged_feeds_never_panic() {
    let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
"items": [{"id": "1", "title": "T", "content_html": "<p>x &amp; y</p>"}]}"#;
    let feeds = [RSS2.replace("DESCRIPTION", "d"), json.to_string()];
    let mut rng = crate::synth::Rng::new(11);
    for round in 0..300 {
        for feed in &feeds {
            let mut bytes = feed.as_bytes().to_vec();
            if round % 3 == 0 {
                bytes.truncate(rng.below(bytes.len()));
            } else {
                for _ in 0..1 + rng.below(6) {
                    let i = rng.below(bytes.len());
                    bytes[i] = (rng.next_u64() & 0xFF) as u8;
                }
            }
            let _ = read_bytes(&bytes);
        }
    }
}
