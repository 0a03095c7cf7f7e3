//! Template compile + render: any bytes as a template, filled with data of every JSON kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn data() -> &'static serde_json::Value {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    DATA.get_or_init(|| {
        let case = scrkit_fuzz::sample_case();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real day");
        let mut v = scrkit::pack::context::case_context(&case, day);
        v["x"] = serde_json::json!({
            "s": "Maisie <&> \"quoted\"\nsecond line\n\nnew paragraph\tand a tab",
            "n": 3, "f": 2.5, "neg": -1, "t": true, "no": false, "nil": null,
            "d": "2016-03-01", "dt": "2016-03-01T14:05:00", "bad_date": "31/02/2016",
            "list": [1, "two", {"name": "three"}, [4], null],
            "items": [{"name": "a", "n": 1, "sub": [{"k": "x"}]}, {"name": "b", "n": 2, "sub": []}],
            "empty": [], "obj": {}, "deep": {"a": {"b": {"c": {"d": "e"}}}}
        });
        v
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else {
        return;
    };
    let bytes = scrkit_fuzz::docx_from(mode, rest);
    let compiled = scrkit::template::compile_bytes(bytes, "fuzz.docx");
    let _ = scrkit::template::inspect(&compiled.tags);
    for d in &compiled.diagnostics {
        let _ = d.to_string();
    }
    if let Some(t) = compiled.template {
        match t.render(data()) {
            Ok(out) => {
                // What the engine writes must open again as a package.
                scrkit::docx::Package::from_bytes(out).expect("a rendered document opens");
            }
            Err(problems) => {
                for d in &problems {
                    let _ = d.to_string();
                }
            }
        }
    }
});
