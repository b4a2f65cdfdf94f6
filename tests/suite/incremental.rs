use docsearch::{IndexConfig, SearchIndex, SearchOptions};

use crate::util::{corpus_with, sample_file};

const MOTIE: &str = "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml";
const AGENDA: &str = "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt";

fn ids(index: &SearchIndex, q: &str) -> Vec<String> {
    let options = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    index
        .search(q, &options)
        .expect("search")
        .into_iter()
        .map(|h| h.doc_id)
        .collect()
}

#[test]
fn second_run_reads_nothing_and_changes_are_picked_up() {
    let motie = sample_file(MOTIE);
    let agenda = sample_file(AGENDA);
    let corpus = corpus_with(&[(MOTIE, &motie), (AGENDA, &agenda), ("notes/empty.txt", b"")]);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let config = IndexConfig::default();

    let first = index.index_folder(corpus.path(), &config).unwrap();
    assert_eq!((first.files_found, first.files_indexed), (3, 2));
    assert_eq!(first.skipped.len(), 1);
    assert_eq!(first.skipped[0].path, "notes/empty.txt");
    assert_eq!(first.skipped[0].reason, "empty file");
    let passages = first.passages_total;

    // Unchanged: nothing is read, the skipped file is still reported.
    let second = index.index_folder(corpus.path(), &config).unwrap();
    assert_eq!(
        (
            second.files_indexed,
            second.files_unchanged,
            second.bytes_read
        ),
        (0, 3, 0)
    );
    assert_eq!(second.skipped.len(), 1);
    assert_eq!(second.passages_total, passages);

    // Changed: the new text is found, the old text is gone.
    let changed = String::from_utf8(motie.clone())
        .unwrap()
        .replace("regionaal budget", "stikstofbudget voor boeren");
    std::fs::write(corpus.path().join(MOTIE), changed).unwrap();
    let third = index.index_folder(corpus.path(), &config).unwrap();
    assert_eq!(third.files_indexed, 1);
    assert_eq!(ids(&index, "stikstofbudget"), ["kst-34104-439"]);
    assert!(!ids(&index, "\"regionaal budget\"").contains(&"kst-34104-439".to_owned()));

    // Deleted: the document leaves the index.
    std::fs::remove_file(corpus.path().join(MOTIE)).unwrap();
    let fourth = index.index_folder(corpus.path(), &config).unwrap();
    assert_eq!(fourth.files_removed, 1);
    assert!(ids(&index, "stikstofbudget").is_empty());
    assert!(ids(&index, "doc:kst-34104-439").is_empty());
}

#[test]
fn windows_1252_text_is_decoded_with_a_warning() {
    let corpus = corpus_with(&[(
        "brief.txt",
        b"Co\xf6rdinatie van het be\xefnvloeden van de cultuursector door de overheid is een onderwerp dat in deze brief wordt besproken.\n",
    )]);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let report = index
        .index_folder(corpus.path(), &IndexConfig::default())
        .unwrap();
    assert_eq!(report.files_indexed, 1);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.path == "brief.txt" && w.reason.contains("Windows-1252")));
    let hits = index
        .search("coordinatie beinvloeden", &SearchOptions::default())
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].text.starts_with("Coördinatie van het beïnvloeden"));
}

#[test]
fn english_passages_are_analysed_as_english() {
    let text = "The Commission proposes that member states should share their strategies for balanced mobility of students and teachers across the European Education Area.\n\nDe Commissie stelt voor dat lidstaten hun strategieën voor evenwichtige mobiliteit van studenten en docenten delen binnen de Europese Onderwijsruimte.\n";
    let corpus = corpus_with(&[("mixed.txt", text.as_bytes())]);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    index
        .index_folder(corpus.path(), &IndexConfig::default())
        .unwrap();
    let options = SearchOptions {
        limit: 10,
        max_per_doc: 0,
        ..SearchOptions::default()
    };
    let en = index.search("lang:en", &options).unwrap();
    assert_eq!(en.len(), 1);
    assert!(en[0].text.starts_with("The Commission"));
    // English stemming: "proposed strategy" meets "proposes ... strategies".
    let hits = index.search("proposed strategy", &options).unwrap();
    assert_eq!(hits[0].lang, docsearch::Lang::En);
    let nl = index.search("lang:nl", &options).unwrap();
    assert!(nl[0].text.starts_with("De Commissie"));
}

/// A text file of `n` passages (paragraphs of about 160 words), each naming `word`.
fn passages_naming(word: &str, n: usize) -> Vec<u8> {
    let sentence =
        "De teelt op zee vraagt om ruimte, vergunningen en een goede afstemming met de visserij. ";
    (0..n)
        .map(|i| format!("Paragraaf {i} over {word}. {}", sentence.repeat(10)))
        .collect::<Vec<_>>()
        .join("\n\n")
        .into_bytes()
}

#[test]
fn documents_of_later_runs_are_capped_apart() {
    let corpus = corpus_with(&[("a.txt", &passages_naming("zeewierteelt", 5))]);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let config = IndexConfig::default();
    index.index_folder(corpus.path(), &config).unwrap();
    // A second and a third run each add a document.
    for name in ["b.txt", "c.txt"] {
        std::fs::write(corpus.path().join(name), passages_naming("zeewierteelt", 5)).unwrap();
        index.index_folder(corpus.path(), &config).unwrap();
    }
    // The file list lives beside the index, one file for the last commit.
    let lists: Vec<String> = std::fs::read_dir(dir.path().join("index"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("files-"))
        .collect();
    assert_eq!(lists.len(), 1, "{lists:?}");
    let hits = index
        .search("zeewierteelt", &SearchOptions::default())
        .unwrap();
    let mut per_doc: std::collections::BTreeMap<String, usize> = Default::default();
    for hit in &hits {
        *per_doc.entry(hit.path.clone()).or_default() += 1;
    }
    // Three passages of each: the cap is per document, not shared.
    assert_eq!(
        per_doc.into_iter().collect::<Vec<_>>(),
        [
            ("a.txt".into(), 3),
            ("b.txt".into(), 3),
            ("c.txt".into(), 3)
        ]
    );
}

/// The segments of an index's meta.json, after checking that the folder
/// holds the files of no others.
fn segments(index_dir: &std::path::Path) -> usize {
    let listed = std::fs::read_to_string(index_dir.join("meta.json"))
        .unwrap()
        .matches("\"segment_id\"")
        .count();
    // Segment files are named by the segment's id, 32 hex digits.
    let mut on_disk: Vec<String> = std::fs::read_dir(index_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| {
            let (stem, _) = name.split_once('.')?;
            (stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| stem.to_owned())
        })
        .collect();
    on_disk.sort();
    on_disk.dedup();
    assert_eq!(on_disk.len(), listed, "segment files on disk: {on_disk:?}");
    listed
}

/// Each run commits a segment; three small segments wait, and the run that
/// makes four merges them into one, with every passage and without the
/// passages a run replaced.
#[test]
fn the_fourth_small_segment_merges_the_four() {
    let moties = [
        MOTIE,
        "moties/00826532-243a-4ac5-b4f9-b659df7a59c0.xml",
        "moties/0116b284-c4c4-443d-b983-b75c0370b248.xml",
        "moties/0197d07b-2e49-466c-ba44-fbcc5bc6cefc.xml",
    ];
    let corpus = corpus_with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let index = SearchIndex::open_or_create(&path).unwrap();
    let config = IndexConfig::default();
    let mut found = Vec::new();
    for (run, rel) in moties.iter().enumerate() {
        let file = corpus.path().join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, sample_file(rel)).unwrap();
        if run == 2 {
            // A changed file: its old passages are deleted from the first segment.
            let changed = String::from_utf8(sample_file(MOTIE))
                .unwrap()
                .replace("regionaal budget", "stikstofbudget voor boeren");
            std::fs::write(corpus.path().join(MOTIE), changed).unwrap();
        }
        let merging = std::sync::atomic::AtomicUsize::new(0);
        let report = index
            .index_folder_with_progress(corpus.path(), &config, &|p| {
                if matches!(p, docsearch::Progress::Merging) {
                    merging.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            })
            .unwrap();
        assert_eq!(
            segments(&path),
            if run < 3 { run + 1 } else { 1 },
            "run {run}"
        );
        // A run says it merges only when it does, and says so once.
        assert_eq!(
            merging.into_inner(),
            usize::from(run == 3),
            "merging reported in run {run}"
        );
        found = ids(&index, "motie");
        found.sort();
        found.dedup();
        assert_eq!(report.files_found, run + 1);
        assert_eq!(found.len(), run + 1, "{found:?}");
    }
    let reopened = SearchIndex::open(&path).unwrap();
    let mut again = ids(&reopened, "motie");
    again.sort();
    again.dedup();
    assert_eq!(again, found);
    assert_eq!(ids(&reopened, "stikstofbudget"), ["kst-34104-439"]);
    assert!(!ids(&reopened, "\"regionaal budget\"").contains(&"kst-34104-439".to_owned()));
}
