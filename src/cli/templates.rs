//! `scr templates ...`: the built-in Word templates.

use super::{CliResult, EXIT_OK};
use clap::Subcommand;
use scrkit::docset::ALL;
use scrkit::output::{OutputDir, WritePolicy};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub(super) enum TemplatesCommand {
    /// List the document kinds and their template files.
    List,
    /// Write the built-in templates and their manifest.toml to a folder, to rebrand in Word and
    /// use with --templates.
    Export {
        /// The folder to write to.
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        /// Generate them from their source description instead of copying the built-in files
        /// (used to regenerate `templates/` after changing the wording or the kinds' table).
        #[arg(long)]
        from_source: bool,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

pub(super) fn run(cmd: TemplatesCommand) -> CliResult {
    match cmd {
        TemplatesCommand::List => {
            for k in ALL {
                println!("{:<24} {:<32} {}", k.id(), k.file_name(), k.title());
            }
            Ok(EXIT_OK)
        }
        TemplatesCommand::Export {
            out,
            from_source,
            force,
        } => {
            let dir = OutputDir::create(&out, WritePolicy::new(force, []))?;
            for k in ALL {
                let bytes = if from_source {
                    k.generate()
                } else {
                    k.builtin().to_vec()
                };
                dir.write(Path::new(&k.file_name()), &bytes)?;
            }
            let manifest = scrkit::manifest::Manifest::builtin().to_toml();
            dir.write(Path::new("manifest.toml"), manifest.as_bytes())?;
            eprintln!(
                "wrote {} templates and their manifest.toml to {}",
                ALL.len(),
                out.display()
            );
            Ok(EXIT_OK)
        }
    }
}
