//! The web pages in a real browser: headless Chromium reads the story list, a
//! story, a search and the article pages of a server over the syria-talks
//! fixtures plus a hostile article, and we check what a reader would see
//! (the DOM after scripts ran) and save screenshots under
//! `target/browser/` (phone and desktop widths).
//!
//! Needs `/usr/bin/chromium` (Debian's `chromium`; `STORYLINE_CHROMIUM`
//! overrides the path) and the fixtures in `../shared`. Without either the test
//! is skipped with a message, and fails when `STORYLINE_REQUIRE_DATA=1`.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{build_db_batches, dated_fixtures, hostile_article, scratch, Server};

fn require_data() -> bool {
    std::env::var("STORYLINE_REQUIRE_DATA").as_deref() == Ok("1")
}

/// The Chromium binary, or `None` after saying loudly why the test is skipped.
fn chromium() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("STORYLINE_CHROMIUM") {
        Some(p) => vec![PathBuf::from(p)],
        None => [
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        ]
        .iter()
        .map(PathBuf::from)
        .collect(),
    };
    if let Some(p) = candidates.into_iter().find(|p| p.exists()) {
        return Some(p);
    }
    let msg = "chromium not found (looked for /usr/bin/chromium, chromium-browser, \
               google-chrome; set STORYLINE_CHROMIUM or `apt-get install -y chromium`): \
               browser test SKIPPED";
    assert!(!require_data(), "{msg}");
    eprintln!("\n*** {msg} ***\n");
    None
}

struct Browser {
    bin: PathBuf,
    profile: PathBuf,
    shots: PathBuf,
}

impl Browser {
    fn run(&self, args: &[String]) -> String {
        let mut cmd = Command::new(&self.bin);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", self.profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let child = cmd.spawn().expect("start chromium");
        let start = Instant::now();
        let id = child.id();
        // Chromium can hang on a broken machine; bound it.
        let watchdog = std::thread::spawn(move || {
            while start.elapsed() < Duration::from_secs(90) {
                std::thread::sleep(Duration::from_millis(200));
                if std::fs::metadata(format!("/proc/{id}")).is_err() {
                    return;
                }
            }
            let _ = Command::new("kill").arg(id.to_string()).status();
        });
        let out = child.wait_with_output().expect("chromium output");
        let _ = watchdog.join();
        assert!(
            out.status.success(),
            "chromium {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The DOM after the page loaded and any script ran.
    fn dom(&self, url: &str) -> String {
        self.run(&[
            "--virtual-time-budget=3000".into(),
            "--dump-dom".into(),
            url.into(),
        ])
    }

    /// Screenshots at phone and desktop widths, saved as `<name>-phone.png`
    /// and `<name>-desktop.png`.
    fn screenshots(&self, url: &str, name: &str) {
        for (label, size) in [("phone", "412,915"), ("desktop", "1280,1600")] {
            let file = self.shots.join(format!("{name}-{label}.png"));
            self.run(&[
                format!("--screenshot={}", file.display()),
                format!("--window-size={size}"),
                url.into(),
            ]);
            let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            assert!(len > 1000, "screenshot {} is empty", file.display());
        }
    }
}

/// The text of the first `<tag ...>...</tag>` in `html`.
fn element<'a>(html: &'a str, tag: &str) -> &'a str {
    let open = html
        .find(&format!("<{tag}"))
        .unwrap_or_else(|| panic!("no <{tag}>"));
    let start = open + html[open..].find('>').unwrap() + 1;
    let end = start + html[start..].find(&format!("</{tag}>")).unwrap();
    &html[start..end]
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_reader_sees_stories_citations_and_swaps_and_no_script_runs() {
    let Some(fixtures) = dated_fixtures() else {
        return;
    };
    let Some(bin) = chromium() else {
        return;
    };
    let dir = scratch("browser");
    // target/browser, beside cargo's per-test temporary directory.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser");
    std::fs::create_dir_all(&shots).unwrap();
    let browser = Browser {
        bin,
        profile: dir.join("chromium-profile"),
        shots,
    };

    // Control: this browser does run inline script when a page allows it, so
    // "the title is not 'pwned'" below means something.
    let control = dir.join("control.html");
    std::fs::write(
        &control,
        "<html><head><title>before</title></head><body><script>document.title='ran'</script></body></html>",
    )
    .unwrap();
    let dom = browser.dom(&format!("file://{}", control.display()));
    assert_eq!(
        element(&dom, "title"),
        "ran",
        "chromium runs scripts: {dom}"
    );

    let db = dir.join("stories.db");
    // Articles arrive one at a time in publication order, as a feed brings
    // them; the hostile one last, as a posted one would.
    let mut fixtures = fixtures;
    fixtures.sort_by_key(|a| a.published.map(|p| p.order_key()));
    let mut batches: Vec<Vec<storyline::Article>> = fixtures.into_iter().map(|a| vec![a]).collect();
    batches.push(vec![hostile_article()]);
    build_db_batches(&db, batches);
    let server = Server::start(&db, 1 << 20);

    // The syria ceasefire story holds the three September 2016 reports.
    let syria = server.get("/api/articles/002_655b976e2e488dc4").json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let story_json = server.get(&format!("/api/stories/{syria}")).json();
    let members: Vec<&str> = story_json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        members,
        [
            "002_655b976e2e488dc4",
            "003_d5871fe6c88ff3d7",
            "004_31b72983a7be50f1"
        ]
    );

    // 1. The list: most covered first, each with its outlets.
    let url = server.url("/");
    let dom = browser.dom(&url);
    browser.screenshots(&url, "list");
    assert_eq!(element(&dom, "title"), "Stories · storyline");
    let list = element(&dom, "ol");
    let first_story = list.find("<li class=\"story\">").unwrap();
    let syria_link = list
        .find(&format!("href=\"/stories/{syria}\""))
        .expect("the syria story is listed");
    assert!(
        syria_link < list[first_story..].find("</li>").unwrap() + first_story,
        "the story with three outlets is listed first: {list}"
    );
    assert!(list.contains("<strong class=\"coverage\">3 outlets</strong>"));
    assert!(dom.contains("<form class=\"filters\" action=\"/\" method=\"get\""));

    // 2. The story page: cited summary, who was first, swaps highlighted.
    let url = server.url(&format!("/stories/{syria}"));
    let dom = browser.dom(&url);
    browser.screenshots(&url, "story");
    assert!(element(&dom, "h1").starts_with("Obama, Putin tell diplomats"));
    assert!(dom.contains(
        "first published by <strong class=\"first-publisher\"><a href=\"/articles/002_655b976e2e488dc4\">002_655b976e2e488dc4</a>"
    ));
    let summary = element(&dom, "ol");
    let summary_sentences = count(summary, "<a class=\"sentence\"");
    assert!(summary_sentences >= 3, "{summary}");
    for s in story_json["summary"].as_array().unwrap() {
        let text = common_escape(s["text"].as_str().unwrap());
        assert!(summary.contains(&text), "summary sentence shown: {text}");
        let href = format!(
            "/articles/{}?mark={}-{}#s-{}",
            s["article"].as_str().unwrap(),
            s["start"],
            s["end"],
            s["start"]
        );
        assert!(summary.contains(&common_escape(&href)), "links to {href}");
    }
    assert!(count(summary, "<span class=\"first\">first</span>") >= summary_sentences);
    assert!(
        dom.contains("<del>Russia</del><ins>Russian Federation</ins>"),
        "Russia → Russian Federation highlighted"
    );
    assert!(
        dom.contains("<del>U.S.</del><ins>USA</ins>"),
        "U.S. → USA highlighted"
    );
    assert!(dom.contains("<h2>Who said what</h2>"));
    assert!(dom.contains("<span class=\"speaker\">"));
    assert!(dom.contains("<h2>Timeline</h2>"));

    // 3. A search, through the form's GET parameters.
    let url = server.url("/?q=ceasefire&sort=covered");
    let dom = browser.dom(&url);
    browser.screenshots(&url, "search");
    assert!(element(&dom, "title").starts_with("Search: ceasefire"));
    assert!(dom.contains(&format!("href=\"/stories/{syria}\"")));
    assert!(dom.contains("value=\"ceasefire\""));

    // 4. A fixture article: removed boilerplate greyed with its reason, and
    // the summary's link target is there.
    let url = server.url("/articles/004_31b72983a7be50f1");
    let dom = browser.dom(&url);
    browser.screenshots(&url, "article");
    assert!(count(&dom, "<span class=\"removed\"") >= 10);
    assert!(dom.contains("<span class=\"reason\">navigation</span>"));
    assert!(dom.contains("id=\"s-"));

    // 5. The hostile article: every trick shows as text, nothing ran.
    let url = server.url("/articles/hostile-1");
    let dom = browser.dom(&url);
    browser.screenshots(&url, "hostile");
    let title = element(&dom, "title");
    assert_ne!(title, "pwned");
    assert!(
        title.starts_with("Hostile headline &lt;script&gt;"),
        "{title}"
    );
    assert!(!dom.contains("pwned\"></"), "{dom}");
    assert!(!dom.contains("<img"), "no image element was created");
    assert!(
        tags(&dom, "a").iter().all(|t| !t.contains("javascript:")),
        "no javascript: link"
    );
    assert_eq!(count(&dom, "<script"), 0);
    let text = element(&dom, "h1");
    assert!(
        text.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "{text}"
    );
    assert!(dom.contains("&lt;img src=x onerror=\"document.title='pwned'\"&gt;"));
    assert!(dom.contains("&lt;a href=\"javascript:alert(1)\"&gt;click me&lt;/a&gt;"));
    assert!(dom.contains("Original (not a web link)"));
    // Its story page too.
    let hostile_story = server.get("/api/articles/hostile-1").json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let dom = browser.dom(&server.url(&format!("/stories/{hostile_story}")));
    assert_ne!(element(&dom, "title"), "pwned");
    assert!(!dom.contains("<img"));
    assert_eq!(count(&dom, "<script"), 0);
}

/// Every start tag `<name ...>` in `html` (text shows as `&lt;name`, so this
/// finds elements only).
fn tags(html: &str, name: &str) -> Vec<String> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        out.push(rest[i..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// How Chromium serialises text in the DOM: only `&`, `<`, `>` are escaped
/// (and `"` inside attributes, which we do not compare here).
fn common_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
