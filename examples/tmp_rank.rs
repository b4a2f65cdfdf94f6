use docsearch::{SearchIndex, Weights};
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let index = SearchIndex::open(args[0].as_ref()).unwrap();
    let w = Weights::default();
    for l in std::fs::read_to_string(&args[1]).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let docs = index
            .search_documents(v["text"].as_str().unwrap(), 100, &w)
            .unwrap();
        println!(
            "{}\t{}",
            v["id"].as_str().unwrap(),
            docs.iter()
                .map(|d| format!("{}:{:.3}", d.doc_id, d.score))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
}
