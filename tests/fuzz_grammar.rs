//! The structure-aware fuzz targets' proptest equivalents (`fuzz/fuzz_targets/*_structured.rs`):
//! the same grammar (`fuzz/src/grammar.rs`) and the same oracles (`fuzz/src/oracles.rs`), driven
//! by proptest's random bytes through `arbitrary` instead of libFuzzer's, so that `cargo test`
//! exercises them on every run, without nightly or cargo-fuzz.

#[allow(dead_code, unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod scrkit_fuzz;

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use scrkit_fuzz::grammar::{CsvFile, TemplateText};
use std::sync::OnceLock;

fn data() -> &'static serde_json::Value {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    DATA.get_or_init(scrkit_fuzz::fill_data)
}

fn build<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn csv_files_built_from_the_grammar_read_back_field_for_field(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        let dir = tempfile::tempdir().unwrap();
        if let Some(file) = build::<CsvFile>(&bytes) {
            scrkit_fuzz::oracles::check_csv(&file, dir.path());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn templates_built_from_the_grammar_compile_report_their_nesting_and_render(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        if let Some(t) = build::<TemplateText>(&bytes) {
            scrkit_fuzz::oracles::check_template(&t, data());
        }
    }
}

#[test]
fn the_grammar_reaches_past_the_engines_limits() {
    // Hand-built inputs the random ones may take long to find: the oracles' limits are met.
    use scrkit_fuzz::grammar::{BlockKind, Close, Expr, HelperName, Piece};
    let deep = TemplateText {
        pieces: vec![Piece::Value(Expr::Nested(HelperName::Upper, 40))],
    };
    assert_eq!(deep.render().1.sub_depth, 40);
    scrkit_fuzz::oracles::check_template(&deep, data());
    let mut body = vec![Piece::Value(Expr::Path(scrkit_fuzz::grammar::DataPath::S))];
    for _ in 0..70 {
        body = vec![Piece::Block {
            kind: BlockKind::If,
            head: Expr::Path(scrkit_fuzz::grammar::DataPath::T),
            body,
            otherwise: None,
            close: Close::Right,
        }];
    }
    let nested = TemplateText { pieces: body };
    assert_eq!(nested.render().1.block_depth, 70);
    scrkit_fuzz::oracles::check_template(&nested, data());
}

#[test]
fn the_generators_reach_what_the_oracles_judge() {
    // From plain pseudo-random bytes, as a fuzzer starts: files with many rows, quoted fields
    // and broken quotes; templates well formed and not, nested past both limits.
    let mut seed = 12_345u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as u8
    };
    let (mut rows, mut quoted, mut broken, mut well_formed, mut sub, mut blocks) =
        (0, 0, 0, 0, 0, 0);
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..2048).map(|_| next()).collect();
        let file = build::<CsvFile>(&bytes).unwrap();
        rows += file.rows.len();
        quoted += file.rows.iter().flatten().filter(|f| f.quoted).count();
        broken += usize::from(file.is_broken());
        let (_, e) = build::<TemplateText>(&bytes).unwrap().render();
        well_formed += usize::from(!e.broken);
        sub = sub.max(e.sub_depth);
        blocks = blocks.max(e.block_depth);
    }
    assert!(
        rows > 3_000 && quoted > 10_000 && broken > 100,
        "{rows} {quoted} {broken}"
    );
    assert!(well_formed > 100, "{well_formed}");
    assert!(sub > 32 && blocks > 64, "{sub} {blocks}");
}
