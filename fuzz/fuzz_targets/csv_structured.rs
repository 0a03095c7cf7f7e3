//! CSV files built from a grammar ([`scrkit_fuzz::grammar::CsvFile`]): quoted fields holding
//! separators, quotes and line breaks, three separators, CRLF, a byte order mark, and broken
//! quotes; read back field for field, or the break reported at its row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrkit_fuzz::grammar::CsvFile;
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
        let d = base.join(format!("scrkit-fuzz-csv-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a scratch folder");
        d
    })
}

fuzz_target!(|input: CsvFile| {
    scrkit_fuzz::oracles::check_csv(&input, dir());
});
