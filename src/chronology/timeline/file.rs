//! `scr chronology timeline`: the picture alone, for people who want it without the merged
//! chronology's documents. The returns are checked and merged exactly as a merge does; only
//! the picture is written, as SVG or PNG by the file's extension.

use super::{Keys, Options, Timeline};
use crate::chronology::{Checked, Context, MergeOptions, Merged, Refused};
use crate::output::{OutputError, WritePolicy, write_file};
use std::path::{Path, PathBuf};

/// What the picture is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureFormat {
    /// SVG: scalable, for a web page or further editing.
    Svg,
    /// PNG: for documents and e-mail.
    Png,
}

impl PictureFormat {
    /// The format a file's extension names (`.svg`, `.png`, any case).
    pub fn of_path(path: &Path) -> Option<PictureFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(PictureFormat::Svg),
            "png" => Some(PictureFormat::Png),
            _ => None,
        }
    }
}

/// What stopped [`timeline_into`] from writing.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    /// The file's name does not say SVG or PNG.
    #[error("{0}: the picture's file name must end in .svg or .png")]
    Format(PathBuf),
    /// The output refused the write (a file there already, an input, a link out).
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The PNG could not be drawn.
    #[error("the picture could not be drawn: {0}; this is a bug in scrkit, please report it")]
    Draw(String),
}

/// What [`timeline_into`] came to.
#[derive(Debug)]
pub enum TimelineOutcome {
    /// The merge was refused: returns have errors and `keep_going` was not given.
    Refused(Refused),
    /// The picture was written.
    Written {
        /// The merged chronology it shows.
        merged: Box<Merged>,
        /// The file written.
        path: PathBuf,
    },
}

/// Checks and merges `returns` as a merge does, then writes the timeline picture to `out`
/// (atomically, owner-only), as SVG or PNG by its extension. A file already at `out` is
/// refused before any work unless `policy.force`. The case's key dates and episodes are
/// marked when `ctx` holds a case.
pub fn timeline_into(
    out: &Path,
    policy: WritePolicy,
    returns: &[PathBuf],
    ctx: &Context,
    opts: MergeOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(Checked, TimelineOutcome), TimelineError> {
    let format =
        PictureFormat::of_path(out).ok_or_else(|| TimelineError::Format(out.to_path_buf()))?;
    if !policy.force && out.symlink_metadata().is_ok() {
        return Err(OutputError::Exists(out.to_path_buf()).into());
    }
    let mut checked = crate::chronology::check(returns, ctx, progress);
    let merged = match crate::chronology::merge(&mut checked, ctx, opts) {
        Ok(m) => m,
        Err(refused) => return Ok((checked, TimelineOutcome::Refused(refused))),
    };
    let keys = ctx.case.map(Keys::of_case).unwrap_or_default();
    let t = Timeline::new(&merged, ctx.scope, &keys, &Options::default());
    let bytes = match format {
        PictureFormat::Svg => t.svg().into_bytes(),
        PictureFormat::Png => t.png().map_err(TimelineError::Draw)?,
    };
    write_file(out, &bytes, &policy)?;
    Ok((
        checked,
        TimelineOutcome::Written {
            merged: Box::new(merged),
            path: out.to_path_buf(),
        },
    ))
}
