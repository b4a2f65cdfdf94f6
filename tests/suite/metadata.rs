//! Document metadata over real files: types, titles, dates, indieners and
//! dossier titles of moties, Kamervragen, brochures, Handelingen and statutes.
//!
//! The sample corpus (`corpus/`) is always there; the whole shared corpus
//! (`../shared/corpus`, beside the checkout) is read where it is present.

use std::path::{Path, PathBuf};

use docsearch::read::Source;
use docsearch::SearchOptions;

use crate::util::{sample_corpus, sample_index};

/// The shared corpus, if it is beside the checkout.
fn shared_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no ../shared/corpus beside the checkout");
        None
    }
}

/// Every file of `folder` under `root` read as `docsearch index` reads it:
/// (path relative to `root`, source).
fn read_folder(root: &Path, folder: &str) -> Vec<(String, Source)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| docsearch::read::Format::of(p).is_some())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            let (source, _) = docsearch::read::read_file(&path, &rel, u64::MAX)
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, source)
        })
        .collect()
}

fn find<'a>(docs: &'a [(String, Source)], rel: &str) -> &'a Source {
    &docs
        .iter()
        .find(|(r, _)| r == rel)
        .unwrap_or_else(|| panic!("{rel} not read"))
        .1
}

#[test]
fn every_motie_is_a_motie_with_its_indieners_and_dossier_title() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let moties = read_folder(&shared, "moties");
    assert_eq!(moties.len(), 8041);
    let not_motie: Vec<_> = moties
        .iter()
        .filter(|(_, s)| s.meta.doc_type.as_deref() != Some("motie"))
        .map(|(rel, s)| (rel, &s.meta.title))
        .collect();
    assert!(not_motie.is_empty(), "{not_motie:?}");
    let unsigned: Vec<&String> = moties
        .iter()
        .filter(|(_, s)| s.meta.indiener.is_empty() || s.meta.dossier_title.is_none())
        .map(|(rel, _)| rel)
        .collect();
    assert!(unsigned.is_empty(), "{unsigned:?}");

    // With OVERHEIDop.indiener: the signature's form, not `M.G.F. Rikkers-Oosterkamp`.
    let m = &find(&moties, "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml").meta;
    assert_eq!(m.doc_id, "kst-34104-439");
    assert_eq!(m.indiener, ["Rikkers-Oosterkamp"]);
    assert_eq!(m.dossier_title.as_deref(), Some("Langdurige zorg"));
    // Co-signers in the signature's order; `H. Holman` of the metadata signed
    // no line of the body.
    let m = &find(&moties, "moties/4bc58296-5336-43b4-b906-b6ae5f8a6bcc.xml").meta;
    assert_eq!(
        m.indiener,
        ["Vedder", "Grinwis", "Bromet", "Podt", "Kostić", "Holman"]
    );
    assert_eq!(
        m.dossier_title.as_deref(),
        Some("Problematiek rondom stikstof en PFAS")
    );
    // Without metadata: a Tweede nader gewijzigde motie, titled, dated and
    // signed in its body, was typed `kamerstuk`.
    let m = &find(&moties, "moties/10bab390-70d7-47ce-b885-08d1d8b6e967.xml").meta;
    assert_eq!(m.doc_type.as_deref(), Some("motie"));
    assert_eq!(
        m.title,
        "Tweede Nader Gewijzigde motie van het lid Eerdmans ter vervanging van die gedrukt onder nr. 30 (Kabinetsformatie 2023)"
    );
    assert_eq!(m.date.as_deref(), Some("2024-02-15"));
    assert_eq!(m.indiener, ["Eerdmans"]);
    assert_eq!(m.dossier_title.as_deref(), Some("Kabinetsformatie 2023"));
    // `Van der Plas` as signed, among others.
    let plas = moties
        .iter()
        .filter(|(_, s)| s.meta.indiener.iter().any(|n| n == "Van der Plas"))
        .count();
    assert!(plas > 50, "{plas} moties signed by Van der Plas");
}

#[test]
fn kamervragen_are_aanhangsel_titled_by_their_questions() {
    // The sample corpus holds all 86 files of the shared one.
    let docs = read_folder(&sample_corpus(), "kamervragen");
    assert_eq!(docs.len(), 86);
    for (rel, s) in &docs {
        let m = &s.meta;
        assert_eq!(m.doc_type.as_deref(), Some("aanhangsel"), "{rel}");
        let t = &m.title;
        let opens = [
            "Vragen van ",
            "Vraag van ",
            "Mondelinge vragen van ",
            "Antwoord van ",
            "Mededeling van ",
        ];
        assert!(opens.iter().any(|o| t.starts_with(o)), "{rel}: {t:?}");
        assert!(
            !t.contains("(ingezonden") && !t.contains("(ontvangen") && !t.contains('\n'),
            "{rel}: {t:?}"
        );
        assert!(
            m.date.as_deref().is_some_and(|d| d.starts_with("2024-")),
            "{rel}: {:?}",
            m.date
        );
    }
    let m = &find(
        &docs,
        "kamervragen/ah__Antwoord_op_een_vraag_van_het_lid_Van_Ho.txt",
    )
    .meta;
    assert_eq!(
        m.title,
        "Vraag van het lid Van Houwelingen (FVD) aan de Minister van Justitie en Veiligheid over correspondentie tussen de NCTV en de NAVO"
    );
    // Received 18 November, sent in 1 October.
    assert_eq!(m.date.as_deref(), Some("2024-11-18"));
    // `(ontvangen 18 november2024)`, run together by the PDF extraction.
    let m = &find(
        &docs,
        "kamervragen/ah__Antwoord_op_vragen_van_het_lid_Postma_ov.txt",
    )
    .meta;
    assert_eq!(m.date.as_deref(), Some("2024-11-18"));
    // A DOCX answer prints no questions' sentence.
    let m = &find(
        &docs,
        "kamervragen/docx__Antwoord_op_vragen_van_de_leden_Hirsch_e.txt",
    )
    .meta;
    assert_eq!(
        m.title,
        "Antwoord van minister Klever (Buitenlandse Handel en Ontwikkelingshulp)"
    );
    assert_eq!(m.date.as_deref(), Some("2024-11-21"));
    // Questions alone, with `(ingezonden 20 november 2024)` above them.
    let m = &find(&docs, "kamervragen/docx__De_Ontbossingswet.txt").meta;
    assert_eq!(
        m.title,
        "Vragen van het lid Podt (D66) aan de staatssecretaris van Landbouw, Visserij, Voedselzekerheid en Natuur over de Ontbossingswet"
    );
    assert_eq!(m.date.as_deref(), Some("2024-11-20"));
    // Oral questions cite an article of 15 November; sent in on the 19th.
    let m = &find(
        &docs,
        "kamervragen/kv__De_uitspraak_van_de_hoge_raad_over_de_ar.txt",
    )
    .meta;
    assert!(m.title.starts_with("Mondelinge vragen van het lid Saris"));
    assert!(
        m.title.ends_with("(Hogeraad.nl, 15 november 2024)"),
        "{}",
        m.title
    );
    assert_eq!(m.date.as_deref(), Some("2024-11-19"));
}

#[test]
fn no_document_is_left_without_the_title_it_states() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let mut untitled = Vec::new();
    for folder in [
        "handelingen",
        "kamerbrieven",
        "kamervragen",
        "moties",
        "rechtspraak",
        "wetten/wet",
        "wetten/circulaire",
    ] {
        for (rel, s) in read_folder(&shared, folder) {
            if s.meta.title.trim().is_empty() {
                untitled.push(rel);
            }
        }
    }
    assert!(untitled.is_empty(), "{untitled:?}");

    let handelingen = read_folder(&shared, "handelingen");
    let opening = &find(&handelingen, "handelingen/h-tk-20172018-70-1.xml").meta;
    assert_eq!(
        opening.title,
        "Opening van de 70e vergadering, donderdag 5 april 2018"
    );
    assert_eq!(opening.date.as_deref(), Some("2018-04-05"));

    let pdftotext = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if pdftotext {
        let brieven = read_folder(&shared, "kamerbrieven");
        assert_eq!(
            find(&brieven, "kamerbrieven/Internationale_Klimaatstrategie.pdf")
                .meta
                .title,
            "Internationale Klimaatstrategie van ambitie naar transitie"
        );
    }
}

#[test]
fn statutes_read_links_as_their_words_and_cite_their_targets() {
    let folders = ["wetten/wet", "wetten/circulaire"];
    let mut roots = vec![sample_corpus()];
    roots.extend(shared_corpus());
    for root in &roots {
        for folder in folders {
            for (rel, s) in read_folder(root, folder) {
                assert_eq!(
                    s.meta.doc_type.as_deref(),
                    Some(folder.trim_start_matches("wetten/")),
                    "{rel}"
                );
                let raw = s
                    .layout
                    .paragraphs
                    .iter()
                    .flat_map(|p| std::iter::once(&p.text).chain(&p.section))
                    .find(|t| t.contains("](") || t.contains("README.md"));
                assert_eq!(raw, None, "{rel}");
            }
        }
    }

    // Through the index: `ref:` finds the passages whose link words name a
    // statute, which carry the link's words as written.
    let (index, _) = sample_index();
    let hits = index
        .search(
            "ref:BWBR0001840 path:wetten/circulaire/BWBR0005730.md",
            &SearchOptions {
                limit: 100,
                max_per_doc: 0,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert!(hits.len() > 3, "{} hits", hits.len());
    for hit in &hits {
        let cited = hit
            .references
            .iter()
            .find(|r| r.canonical == "BWBR0001840")
            .unwrap_or_else(|| panic!("{:?}", hit.references));
        assert_eq!(cited.kind, docsearch::RefKind::Bwb);
        assert!(
            hit.text.contains(&cited.text),
            "{:?} in {}",
            cited.text,
            hit.text
        );
        assert!(!hit.text.contains("]("), "{}", hit.text);
    }
    assert!(hits
        .iter()
        .any(|h| h.references.iter().any(|r| r.text == "Grondwet")));
}

#[test]
fn markdown_that_is_not_a_statute_is_a_document() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let (source, _) =
        docsearch::read::read_file(&shared.join("README.md"), "README.md", u64::MAX).unwrap();
    assert_eq!(source.meta.doc_type.as_deref(), Some("document"));
    assert_eq!(
        source.meta.title,
        "Real Dutch government documents for development, tests and benchmarks"
    );
}
