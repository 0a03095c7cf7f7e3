//! `scr serve`: the workspace in the browser. Everything it does is in `scrkit::serve`; this
//! picks the workspace folder, prints the address and waits.

use super::{CliResult, EXIT_OK, EXIT_USAGE};
use scrkit::serve::{ServeOptions, bind};
use std::path::PathBuf;

#[derive(clap::Args)]
pub(super) struct ServeArgs {
    /// The workspace folder (one folder per review); by default `scrkit-workspace` in your
    /// home folder.
    #[arg(long)]
    workspace: Option<PathBuf>,
    /// The port to listen on, on 127.0.0.1 only; a free one by default.
    #[arg(long, default_value_t = 0)]
    port: u16,
}

/// The default workspace: `scrkit-workspace` in the home folder, else in the current one.
fn default_workspace() -> PathBuf {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("scrkit-workspace")
}

pub(super) fn run(a: ServeArgs) -> CliResult {
    let opts = ServeOptions {
        workspace: a.workspace.unwrap_or_else(default_workspace),
        port: a.port,
        user: super::audit::user_name(),
        today: None,
    };
    let bound = match bind(&opts) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    println!("scrkit workspace: {}", bound.workspace().display());
    println!("Open this address in your browser (it works once, on this computer only):");
    println!("    {}", bound.url());
    println!("Press Ctrl+C to stop.");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    bound.run()?;
    Ok(EXIT_OK)
}
