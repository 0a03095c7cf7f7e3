//! The document set of a review: which documents exist, who receives each, and the built-in
//! Word templates a board can use as they are or rebrand in Word.
//!
//! Every kind is one row of the table in `kinds.rs` ([`KindSpec`]); the rest of scrkit reads
//! that row. The templates are generated from `content.rs` (so they can be regenerated and
//! reviewed as code) and committed under `templates/`; the committed files are what scrkit
//! uses, embedded in the binary, and a test keeps them equal to what the generator writes.

mod content;
mod kinds;
mod stage;

pub use kinds::{ALL, Agencies, DocKind, KindSpec, Recipients, Template};
pub use stage::Stage;

impl DocKind {
    /// The id used in manifests, the `ScrKind` property and `--only`.
    pub fn id(self) -> &'static str {
        self.spec().id
    }

    /// The document's title.
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// The template's file name under `templates/`.
    pub fn file_name(self) -> String {
        self.spec().template.file.to_string()
    }

    /// Finds a kind by its id (as in `--only`), accepting `-` for `_`.
    pub fn from_id(id: &str) -> Option<DocKind> {
        let id = id.trim().replace('-', "_");
        ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The built-in template, as committed under `templates/`.
    pub fn builtin(self) -> &'static [u8] {
        self.spec().template.bytes
    }

    /// Generates the built-in template from its source description.
    pub fn generate(self) -> Vec<u8> {
        crate::docx::write::build(&content::document(self))
    }

    /// True when `scr pack` makes it (the report draft and the merged chronology have commands
    /// of their own).
    pub fn in_pack(self) -> bool {
        !self.spec().recipients.is_empty()
    }
}

impl serde::Serialize for DocKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_file_names_are_safe() {
        for k in ALL {
            assert_eq!(DocKind::from_id(k.id()), Some(*k));
            assert_eq!(DocKind::from_id(&k.id().replace('_', "-")), Some(*k));
            let f = k.file_name();
            assert_eq!(
                crate::output::safe_file_name(f.trim_end_matches(".docx")) + ".docx",
                f
            );
            let out = k.spec().output;
            assert_eq!(
                crate::output::safe_file_name(out.trim_end_matches(".docx")) + ".docx",
                out
            );
        }
        assert_eq!(DocKind::from_id("nonsense"), None);
    }

    #[test]
    fn ids_titles_and_files_are_each_used_once() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.id(), b.id());
                assert_ne!(a.title(), b.title());
                assert_ne!(a.file_name(), b.file_name());
            }
        }
    }
}
