//! Property tests that no stage panics, run two ways: briefly in every `cargo
//! test`, and as long fuzzing runs from ignored tests named `fuzz_*`:
//!
//! ```text
//! FUZZ_SECONDS=600 cargo test --release --lib -- --ignored --nocapture fuzz_query
//! ```
//!
//! A long run repeats proptest runs with fresh random seeds until the time is
//! up, and prints how many cases it tried. A failure is shrunk by proptest and
//! reported with the smallest input; it then becomes a regression test.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseResult, TestRunner};

/// Runs `test` over `strategy` for `FUZZ_SECONDS` (default 10) seconds.
pub(crate) fn fuzz_for<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> TestCaseResult,
) where
    S::Value: std::fmt::Debug,
{
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let started = std::time::Instant::now();
    let per_run = 2_000;
    let mut cases: u64 = 0;
    while started.elapsed().as_secs() < seconds {
        let mut runner = TestRunner::new(Config {
            cases: per_run,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{name}: failed after {cases} cases: {e}");
        }
        cases += u64::from(per_run);
    }
    eprintln!(
        "{name}: {cases} cases in {:.0} s, no failure",
        started.elapsed().as_secs_f64()
    );
}

/// Strings made of `pieces` (the syntax a stage cares about) mixed with
/// arbitrary characters, up to `max` parts.
pub(crate) fn text_of(pieces: &'static [&'static str], max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(pieces).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
            1 => "[ \\n]{1,3}",
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
    .boxed()
}
