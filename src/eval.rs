//! Relevance evaluation on TREC files: MRR@10, nDCG@10, Recall@10 and
//! Recall@100, computed exactly as `../shared/eval/metrics.py` does.

use std::collections::HashMap;

use serde::Serialize;

/// Relevance judgements: query id → document id → grade (> 0).
pub type Qrels = HashMap<String, HashMap<String, u32>>;

/// A run: query id → document ids, best first.
pub type Run = HashMap<String, Vec<String>>;

/// Evaluation figures, averaged over the judged queries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Judged queries.
    pub queries: usize,
    /// Mean reciprocal rank of the first relevant document in the top 10.
    pub mrr10: f64,
    /// Mean nDCG over the top 10.
    pub ndcg10: f64,
    /// Mean share of relevant documents in the top 10.
    pub recall10: f64,
    /// Mean share of relevant documents in the top 100.
    pub recall100: f64,
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "queries={} mrr10={:.4} ndcg10={:.4} recall10={:.4} recall100={:.4}",
            self.queries, self.mrr10, self.ndcg10, self.recall10, self.recall100
        )
    }
}

/// Parses TREC qrels lines `QUERY_ID 0 DOC_ID GRADE`; grades of 0 are not relevant.
pub fn parse_qrels(text: &str) -> Result<Qrels, String> {
    let mut qrels = Qrels::new();
    for (n, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.is_empty() {
            continue;
        }
        let [q, _, d, r] = parts[..] else {
            return Err(format!("line {}: expected QUERY_ID 0 DOC_ID GRADE", n + 1));
        };
        let grade: i64 = r
            .parse()
            .map_err(|_| format!("line {}: grade '{r}' is not a number", n + 1))?;
        if grade > 0 {
            qrels
                .entry(q.to_owned())
                .or_default()
                .insert(d.to_owned(), grade as u32);
        }
    }
    Ok(qrels)
}

/// Parses TREC run lines `QUERY_ID Q0 DOC_ID RANK SCORE TAG`, ordering each
/// query's documents by score, then rank.
pub fn parse_run(text: &str) -> Run {
    let mut scored: HashMap<String, Vec<(f64, i64, String)>> = HashMap::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() < 6 {
            continue;
        }
        let (Ok(rank), Ok(score)) = (parts[3].parse::<i64>(), parts[4].parse::<f64>()) else {
            continue;
        };
        scored
            .entry(parts[0].to_owned())
            .or_default()
            .push((score, -rank, parts[2].to_owned()));
    }
    scored
        .into_iter()
        .map(|(q, mut v)| {
            v.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
            (q, v.into_iter().map(|(_, _, d)| d).collect())
        })
        .collect()
}

/// Scores a run against judgements. Queries without judgements are ignored;
/// judged queries missing from the run count as zero.
pub fn evaluate(qrels: &Qrels, run: &Run) -> Metrics {
    let (mut mrr, mut ndcg, mut r10, mut r100) = (0.0, 0.0, 0.0, 0.0);
    let empty = Vec::new();
    for (q, rel) in qrels {
        let ranked = run.get(q).unwrap_or(&empty);
        if let Some(i) = ranked.iter().take(10).position(|d| rel.contains_key(d)) {
            mrr += 1.0 / (i as f64 + 1.0);
        }
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, d)| f64::from(rel.get(d).copied().unwrap_or(0)) / (i as f64 + 2.0).log2())
            .sum();
        let mut grades: Vec<u32> = rel.values().copied().collect();
        grades.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = grades
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &g)| f64::from(g) / (i as f64 + 2.0).log2())
            .sum();
        ndcg += dcg / idcg;
        let found = |k: usize| {
            let top: std::collections::HashSet<&String> = ranked.iter().take(k).collect();
            rel.keys().filter(|d| top.contains(d)).count() as f64 / rel.len() as f64
        };
        r10 += found(10);
        r100 += found(100);
    }
    let n = qrels.len().max(1) as f64;
    Metrics {
        queries: qrels.len(),
        mrr10: mrr / n,
        ndcg10: ndcg / n,
        recall10: r10 / n,
        recall100: r100 / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_by_hand() {
        let qrels = parse_qrels("q1 0 a 1\nq2 0 b 1\nq2 0 c 1\nq3 0 z 0\n").unwrap();
        let run = parse_run("q1 Q0 x 1 9.0 t\nq1 Q0 a 2 8.0 t\nq2 Q0 c 1 5.0 t\nq2 Q0 b 2 5.0 t\n");
        let m = evaluate(&qrels, &run);
        assert_eq!(m.queries, 2);
        assert!((m.mrr10 - (0.5 + 1.0) / 2.0).abs() < 1e-12);
        let ndcg_q1 = 1.0 / 3f64.log2();
        assert!((m.ndcg10 - (ndcg_q1 + 1.0) / 2.0).abs() < 1e-12);
        assert!((m.recall10 - 1.0).abs() < 1e-12);
    }
}
