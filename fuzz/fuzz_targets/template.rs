//! Template compile + render: any bytes as a template, filled with data of every JSON kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn data() -> &'static serde_json::Value {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    DATA.get_or_init(scrkit_fuzz::fill_data)
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
