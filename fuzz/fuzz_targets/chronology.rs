//! Chronology reading: any bytes as an xlsx, xls, ods, csv or docx return, read and validated.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let d = base.join(format!("scrkit-fuzz-chronology-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a scratch folder");
        d
    })
}

fn case() -> &'static scrkit::case::Case {
    static CASE: OnceLock<scrkit::case::Case> = OnceLock::new();
    CASE.get_or_init(scrkit_fuzz::sample_case)
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else {
        return;
    };
    // The file name decides the format, as it does for a real return.
    let (name, bytes) = match mode % 7 {
        0 => ("police.xlsx", rest.to_vec()),
        1 => ("police.xls", rest.to_vec()),
        2 => ("police.ods", rest.to_vec()),
        3 => ("police.csv", rest.to_vec()),
        4 => ("police.docx", rest.to_vec()),
        5 => ("police.docx", scrkit_fuzz::docx_from(1, rest)),
        _ => ("police.docx", scrkit_fuzz::docx_from(2, rest)),
    };
    let path = dir().join(name);
    std::fs::write(&path, &bytes).expect("the scratch file is written");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real day");
    let ctx = scrkit::chronology::Context::for_case(case(), day);
    let ret = scrkit::chronology::read_return(&path, &ctx);
    for d in &ret.diagnostics {
        let _ = d.to_string();
    }
    if !ret.entries.is_empty() {
        let mut checked = scrkit::chronology::Checked {
            returns: vec![ret],
            diagnostics: Vec::new(),
        };
        let opts = scrkit::chronology::MergeOptions {
            keep_going: true,
            ..Default::default()
        };
        let _ = scrkit::chronology::merge(&mut checked, &ctx, opts);
    }
});
