//! Templates built from a grammar ([`scrkit_fuzz::grammar::TemplateText`]): nested blocks,
//! sub-expressions, table rows, stray and mismatched tags, split runs; compiled, checked
//! against what the grammar says they hold, and rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrkit_fuzz::grammar::TemplateText;
use std::sync::OnceLock;

fn data() -> &'static serde_json::Value {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    DATA.get_or_init(scrkit_fuzz::fill_data)
}

fuzz_target!(|input: TemplateText| {
    scrkit_fuzz::oracles::check_template(&input, data());
});
