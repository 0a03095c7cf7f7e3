//! Merging checked returns into one multi-agency chronology.
//!
//! The order is stable and explainable: date, then time (entries without a time first on their
//! date), then agency, then the order of the returns given and of the rows in each. Every row
//! keeps its provenance. Likely duplicates across agencies (same day, similar words) are
//! flagged and grouped, never removed. Gaps with no entry from any agency longer than a set
//! number of days are reported, and so are agencies of the case whose return is missing.
//!
//! [`Merged`] is plain data with display strings, so a Word template can render it
//! (`{{#each rows}}{{date}} {{agency}} {{event}}{{/each}}`) and the workbook writer can use its
//! typed values.

use super::dates::long_date;
use super::{Checked, Context, Return};
use crate::diagnostic::{Diagnostic, Location};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// How to merge.
#[derive(Debug, Clone, Copy)]
pub struct MergeOptions {
    /// Merge the valid rows of returns with errors, listing every excluded row.
    pub keep_going: bool,
    /// Report periods longer than this many days with no entry from any agency.
    pub gap_days: i64,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            keep_going: false,
            gap_days: DEFAULT_GAP_DAYS,
        }
    }
}

/// The default for `--gap-days`.
pub const DEFAULT_GAP_DAYS: i64 = 60;

/// Where a merged row came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The agency that returned it.
    pub agency: String,
    /// The return file, as given.
    pub file: String,
    /// The sheet (or "table N" of a Word document); empty for a CSV file, which has none.
    pub sheet: String,
    /// The row number in that sheet.
    pub row: u32,
}

/// An extra field kept from a column outside the agreed template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraField {
    /// The column's header.
    pub name: String,
    /// The value.
    pub value: String,
}

/// One row of the merged chronology: display strings for documents, typed values for the
/// workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedRow {
    /// Position in the merged chronology, from 1.
    pub number: usize,
    /// The date as shown: `22 May 2015`, `May 2015`, `c. 22 May 2015`. (Named `when`, not
    /// `date`, which templates know as a helper.)
    pub when: String,
    /// The date as `YYYY-MM-DD` (the first of the month when only the month is known).
    pub date_iso: String,
    /// The time as `14:05`, or empty.
    pub time: String,
    /// Exact, Approximate or Month only.
    pub certainty: String,
    /// The end date as shown, or empty.
    pub end_date: String,
    /// The agency.
    pub agency: String,
    /// The agency's id in the case, or empty.
    pub agency_id: String,
    /// The Agency cell as the return wrote it (a team, a trust's own wording), or empty.
    pub agency_as_returned: String,
    /// The record or system.
    pub source: String,
    /// The practitioner's role.
    pub practitioner_role: String,
    /// Who the entry is about.
    pub subject: String,
    /// What happened.
    pub event: String,
    /// Action taken or outcome.
    pub outcome: String,
    /// The agency's comment.
    pub comment: String,
    /// The agency's own reference.
    pub reference: String,
    /// Columns outside the agreed template.
    pub extra: Vec<ExtraField>,
    /// Where the row came from.
    pub provenance: Provenance,
    /// The likely-duplicate group the row belongs to, if any.
    pub duplicate_group: Option<usize>,
    /// The date, typed.
    #[serde(skip)]
    pub date_value: super::EntryDate,
    /// The time, typed.
    #[serde(skip)]
    pub time_value: Option<NaiveTime>,
    /// The end date, typed.
    #[serde(skip)]
    pub end_value: Option<NaiveDate>,
}

/// Rows that are probably the same event told by several agencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    /// The group's number, from 1, in chronology order.
    pub number: usize,
    /// The day, as shown.
    pub when: String,
    /// The merged row numbers in the group.
    pub rows: Vec<usize>,
    /// The agencies, in row order.
    pub agencies: Vec<String>,
}

/// A period with no entry from any agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// First day without an entry.
    pub from: String,
    /// Last day without an entry.
    pub to: String,
    /// How many days.
    pub days: i64,
    /// First day, typed.
    #[serde(skip)]
    pub from_value: NaiveDate,
    /// Last day, typed.
    #[serde(skip)]
    pub to_value: NaiveDate,
}

/// An agency of the case asked for a chronology with no return among the files given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingReturn {
    /// The agency id.
    pub id: String,
    /// The agency's name.
    pub name: String,
    /// Who to chase.
    pub contact: String,
}

/// A row (or a whole file) left out of the merge, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// The return file.
    pub file: String,
    /// The agency, where known.
    pub agency: String,
    /// The sheet, where one was read.
    pub sheet: String,
    /// The row, or `None` when the whole file could not be read.
    pub row: Option<u32>,
    /// Every reason.
    pub reasons: Vec<String>,
}

/// One return's part in the merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnSummary {
    /// The file.
    pub file: String,
    /// The agency.
    pub agency: String,
    /// Rows merged.
    pub entries: usize,
    /// Rows excluded.
    pub excluded: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

/// The merged chronology, ready for a template or the workbook writer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merged {
    /// The review reference, when a case was given.
    pub review_reference: String,
    /// The board's name, when a case was given.
    pub board: String,
    /// The scope's first day as shown, or empty.
    pub scope_from: String,
    /// The scope's last day as shown, or empty.
    pub scope_to: String,
    /// The day of the merge as shown.
    pub merged_on: String,
    /// Every row, in order.
    pub rows: Vec<MergedRow>,
    /// Likely duplicates.
    pub duplicate_groups: Vec<DuplicateGroup>,
    /// Gaps longer than the set number of days.
    pub gaps: Vec<Gap>,
    /// The number of days a gap must exceed.
    pub gap_days: i64,
    /// Agencies whose return is missing (only with a case).
    pub missing_returns: Vec<MissingReturn>,
    /// Rows and files left out (only with `keep_going`).
    pub excluded: Vec<Excluded>,
    /// One line per return.
    pub returns: Vec<ReturnSummary>,
}

/// Why a merge was refused: the returns with errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The files with errors and how many each has.
    pub returns: Vec<(PathBuf, usize)>,
}

/// Every row (or file) left out, with its reasons, in the order of the returns.
fn excluded_rows(checked: &Checked, whole_file: &[Vec<String>]) -> Vec<Excluded> {
    let mut excluded = Vec::new();
    for (ri, r) in checked.returns.iter().enumerate() {
        let file = r.path.display().to_string();
        let sheet = r.sheet.clone().unwrap_or_default();
        let whole = &whole_file[ri];
        if r.sheet.is_none() {
            excluded.push(Excluded {
                file: file.clone(),
                agency: agency_name(r),
                sheet: String::new(),
                row: None,
                reasons: whole.clone(),
            });
            continue;
        }
        // Rows with their own errors, and, when the file as a whole is refused (made for
        // another review, an agency not in the case), every row: nothing disappears silently.
        let mut rows: Vec<Excluded> = r
            .excluded
            .iter()
            .map(|x| Excluded {
                file: file.clone(),
                agency: agency_name(r),
                sheet: sheet.clone(),
                row: Some(x.row),
                reasons: whole.iter().chain(&x.reasons).cloned().collect(),
            })
            .collect();
        if !whole.is_empty() {
            rows.extend(r.entries.iter().map(|e| Excluded {
                file: file.clone(),
                agency: agency_name(r),
                sheet: sheet.clone(),
                row: Some(e.row),
                reasons: whole.clone(),
            }));
        }
        rows.sort_by_key(|x| x.row);
        excluded.extend(rows);
    }
    excluded
}

/// The errors that concern a return as a whole (unreadable, made for another review, agency
/// not in the case): such a return contributes no rows.
fn file_errors(r: &Return) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.is_error() && d.location == Location::File)
        .map(|d| d.message.clone())
        .collect()
}

/// `YYYY-MM-DD`.
fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `14:05`.
fn hh_mm(t: NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn agency_name(r: &Return) -> String {
    r.agency
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

/// Merges checked returns. Refuses when any has errors, unless `keep_going`.
pub fn merge(checked: &mut Checked, ctx: &Context, opts: MergeOptions) -> Result<Merged, Refused> {
    let with_errors: Vec<(PathBuf, usize)> = checked
        .returns
        .iter()
        .filter(|r| r.errors() > 0)
        .map(|r| (r.path.clone(), r.errors()))
        .collect();
    if !with_errors.is_empty() && !opts.keep_going {
        return Err(Refused {
            returns: with_errors,
        });
    }

    // Every row to merge, with its sort key: (date, has time, time, agency, return, row).
    struct Item {
        key: (NaiveDate, bool, Option<NaiveTime>, u32, u32, u32),
        agency: u32,
    }
    let whole_file: Vec<Vec<String>> = checked.returns.iter().map(file_errors).collect();
    // Agencies as shown, each once; ranked by name so that sorting compares numbers.
    let mut agencies: Vec<String> = Vec::new();
    let mut agency_ids: HashMap<String, u32> = HashMap::new();
    let mut items: Vec<Item> = Vec::new();
    for (ri, r) in checked.returns.iter().enumerate() {
        if !whole_file[ri].is_empty() {
            continue;
        }
        for (ei, e) in r.entries.iter().enumerate() {
            let shown = r.agency_of(e);
            let agency = match agency_ids.get(shown) {
                Some(&a) => a,
                None => {
                    let a = agencies.len() as u32;
                    agencies.push(shown.to_string());
                    agency_ids.insert(shown.to_string(), a);
                    a
                }
            };
            items.push(Item {
                key: (
                    e.date.date,
                    e.time.is_some(),
                    e.time,
                    agency,
                    ri as u32,
                    ei as u32,
                ),
                agency,
            });
        }
    }
    let mut by_name: Vec<u32> = (0..agencies.len() as u32).collect();
    by_name.sort_by_cached_key(|&a| (agencies[a as usize].to_lowercase(), a));
    let mut rank = vec![0u32; agencies.len()];
    for (k, &a) in by_name.iter().enumerate() {
        rank[a as usize] = k as u32;
    }
    for it in &mut items {
        it.key.3 = rank[it.agency as usize];
    }
    items.sort_unstable_by_key(|it| it.key);

    let returns: Vec<ReturnSummary> = checked
        .returns
        .iter()
        .enumerate()
        .map(|(ri, r)| ReturnSummary {
            file: r.path.display().to_string(),
            agency: agency_name(r),
            entries: if whole_file[ri].is_empty() {
                r.entries.len()
            } else {
                0
            },
            excluded: if whole_file[ri].is_empty() {
                r.excluded.len()
            } else {
                r.excluded.len() + r.entries.len()
            },
            errors: r.errors(),
            warnings: r.diagnostics.len() - r.errors(),
        })
        .collect();
    let excluded = excluded_rows(checked, &whole_file);

    // The entries move into the rows: a merge of 100,000 rows holds each text once.
    let mut taken: Vec<Vec<Option<super::Entry>>> = checked
        .returns
        .iter_mut()
        .enumerate()
        .map(|(ri, r)| {
            if whole_file[ri].is_empty() {
                std::mem::take(&mut r.entries)
                    .into_iter()
                    .map(Some)
                    .collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let sources: Vec<(String, String, String, String)> = checked
        .returns
        .iter()
        .map(|r| {
            (
                agency_name(r),
                r.path.display().to_string(),
                r.sheet.clone().unwrap_or_default(),
                r.agency
                    .as_ref()
                    .and_then(|a| a.id.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let mut rows: Vec<MergedRow> = Vec::with_capacity(items.len());
    for (n, it) in items.iter().enumerate() {
        let (ri, ei) = (it.key.4 as usize, it.key.5 as usize);
        let Some(e) = taken[ri][ei].take() else {
            continue;
        };
        let (agency_of_return, file, sheet, agency_id) = &sources[ri];
        rows.push(MergedRow {
            number: n + 1,
            when: e.date.display(),
            date_iso: iso(e.date.date),
            time: e.time.map(hh_mm).unwrap_or_default(),
            certainty: e.date.certainty.label().to_string(),
            end_date: e.end_date.map(long_date).unwrap_or_default(),
            agency: agencies[it.agency as usize].clone(),
            agency_id: agency_id.clone(),
            agency_as_returned: e.agency,
            source: e.source,
            practitioner_role: e.practitioner_role,
            subject: e.subject,
            event: e.event,
            outcome: e.outcome,
            comment: e.comment,
            reference: e.reference,
            extra: e
                .extra
                .into_iter()
                .map(|(name, value)| ExtraField { name, value })
                .collect(),
            provenance: Provenance {
                agency: agency_of_return.clone(),
                file: file.clone(),
                sheet: sheet.clone(),
                row: e.row,
            },
            duplicate_group: None,
            date_value: e.date,
            time_value: e.time,
            end_value: e.end_date,
        });
    }
    // The agency each row came from (its id in the case, else its name), as a number, to tell
    // agencies apart for duplicates.
    let mut origin_ids: HashMap<&str, u32> = HashMap::new();
    let origin: Vec<u32> = rows
        .iter()
        .map(|r| {
            let key = if r.agency_id.is_empty() {
                r.agency.as_str()
            } else {
                r.agency_id.as_str()
            };
            let next = origin_ids.len() as u32;
            *origin_ids.entry(key).or_insert(next)
        })
        .collect();
    let duplicate_groups = find_duplicates(&mut rows, &origin);
    let gaps = find_gaps(&rows, ctx, opts.gap_days);

    let missing_returns = match ctx.case {
        Some(case) => {
            case.agencies
                .iter()
                .filter(|a| a.returns.chronology)
                .filter(|a| {
                    !checked.returns.iter().any(|r| {
                        r.agency.as_ref().and_then(|x| x.id.as_deref()) == Some(a.id.as_str())
                    })
                })
                .map(|a| MissingReturn {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    contact: [a.contact.name.as_str(), a.contact.email.as_str()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect()
        }
        None => Vec::new(),
    };

    Ok(Merged {
        review_reference: ctx
            .case
            .map(|c| c.review.reference.clone())
            .unwrap_or_default(),
        board: ctx.case.map(|c| c.board.name.clone()).unwrap_or_default(),
        scope_from: ctx.scope.from.map(long_date).unwrap_or_default(),
        scope_to: ctx.scope.to.map(long_date).unwrap_or_default(),
        merged_on: long_date(ctx.today),
        rows,
        duplicate_groups,
        gaps,
        gap_days: opts.gap_days,
        missing_returns,
        excluded,
        returns,
    })
}

/// Words too common in chronologies to say two entries are about the same event (sorted, for
/// a binary search).
const STOP_WORDS: &[&str] = &[
    "about", "after", "all", "also", "and", "any", "are", "been", "before", "being", "but",
    "could", "for", "from", "had", "has", "have", "her", "him", "his", "into", "its", "not", "off",
    "one", "onto", "our", "out", "over", "per", "she", "should", "than", "that", "the", "their",
    "them", "then", "there", "they", "this", "two", "under", "via", "was", "were", "what", "when",
    "where", "which", "who", "will", "with", "would", "your",
];

/// A word's hash (FNV-1a over its lower-case letters), after a light stem so that plural and
/// past forms meet their base: "arrested" and "arrest", "visits" and "visit".
fn word_hash(word: &str, buf: &mut String) -> Option<u64> {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
    if STOP_WORDS.binary_search(&buf.as_str()).is_ok() {
        return None;
    }
    let stem: &str = if let Some(s) = buf.strip_suffix("ies") {
        // "parties" -> "party": hash the stem then a 'y'.
        return Some(fnv(s.bytes().chain(std::iter::once(b'y'))));
    } else if let Some(s) = buf.strip_suffix("ed").filter(|s| s.len() >= 4) {
        s
    } else if let Some(s) = buf.strip_suffix('s').filter(|s| s.len() >= 3) {
        s
    } else {
        buf
    };
    Some(fnv(stem.bytes()))
}

fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The distinctive words of a text, hashed, sorted and unique.
fn words(text: &str) -> Vec<u64> {
    let mut buf = String::new();
    let mut out: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .filter_map(|w| word_hash(w, &mut buf))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Two entries look like the same event when they share at least three distinctive words and
/// those make up at least half of the shorter entry's words.
pub fn likely_same_event(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    let mut shared = 0;
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    similar(shared, a.len(), b.len())
}

fn similar(shared: usize, len_a: usize, len_b: usize) -> bool {
    shared >= 3 && shared * 2 >= len_a.min(len_b)
}

/// Days with at least this many entries learn their own common words: a word in more than
/// half of the day's entries (boilerplate such as "no further action") says nothing about
/// which entries tell the same event, and is left out of the comparison.
const COMMON_WORDS_FROM: usize = 6;

/// The pairs of `members` (indexes into `rows`) from different agencies that look like the
/// same event. Words are indexed so that only entries sharing a word are compared.
fn similar_pairs(members: &[usize], texts: &[Vec<u64>], origin: &[u32]) -> Vec<(usize, usize)> {
    let n = members.len();
    // Postings: (word, member position), sorted by word.
    let mut postings: Vec<(u64, u32)> = members
        .iter()
        .enumerate()
        .flat_map(|(k, &i)| texts[i].iter().map(move |&w| (w, k as u32)))
        .collect();
    postings.sort_unstable();
    let mut lists: Vec<&[(u64, u32)]> = postings.chunk_by(|a, b| a.0 == b.0).collect();
    if n >= COMMON_WORDS_FROM {
        lists.retain(|l| l.len() * 2 <= n);
    }
    let mut len = vec![0usize; n];
    for l in &lists {
        for &(_, k) in *l {
            len[k as usize] += 1;
        }
    }
    // Shared-word counts per pair: a dense triangle for ordinary days, a map for huge ones.
    const DENSE_UP_TO: usize = 2048;
    let mut dense: Vec<u16> = if n <= DENSE_UP_TO {
        vec![0; n * n]
    } else {
        Vec::new()
    };
    let mut sparse: HashMap<(u32, u32), u32> = HashMap::new();
    for l in &lists {
        for (x, &(_, a)) in l.iter().enumerate() {
            let oa = origin[members[a as usize]];
            for &(_, b) in &l[x + 1..] {
                if oa != origin[members[b as usize]] {
                    if dense.is_empty() {
                        *sparse.entry((a, b)).or_insert(0) += 1;
                    } else {
                        let c = &mut dense[a as usize * n + b as usize];
                        *c = c.saturating_add(1);
                    }
                }
            }
        }
    }
    let mut out: Vec<(usize, usize)> = if dense.is_empty() {
        sparse
            .into_iter()
            .filter(|&((a, b), c)| similar(c as usize, len[a as usize], len[b as usize]))
            .map(|((a, b), _)| (members[a as usize], members[b as usize]))
            .collect()
    } else {
        let mut v = Vec::new();
        for (a, row) in dense.chunks_exact(n).enumerate() {
            for (b, &c) in row.iter().enumerate().skip(a + 1) {
                if c >= 3 && similar(c as usize, len[a], len[b]) {
                    v.push((members[a], members[b]));
                }
            }
        }
        v
    };
    out.sort_unstable();
    out
}

/// Groups likely duplicates: same day (dates known to the day), different agencies, similar
/// event text. Groups are numbered in chronology order.
fn find_duplicates(rows: &mut [MergedRow], origin: &[u32]) -> Vec<DuplicateGroup> {
    let n = rows.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut texts: Vec<Vec<u64>> = vec![Vec::new(); n];
    let mut start = 0;
    while start < n {
        let day = rows[start].date_value.date;
        let mut end = start;
        while end < n && rows[end].date_value.date == day {
            end += 1;
        }
        let members: Vec<usize> = (start..end)
            .filter(|&i| rows[i].date_value.certainty != super::Certainty::MonthOnly)
            .collect();
        let several_agencies = members.iter().any(|&i| origin[i] != origin[members[0]]);
        if several_agencies {
            for &i in &members {
                let (e, o) = (&rows[i].event, &rows[i].outcome);
                let mut w = words(e);
                w.extend(words(o));
                w.sort_unstable();
                w.dedup();
                texts[i] = w;
            }
            for (i, j) in similar_pairs(&members, &texts, origin) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
        start = end;
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        members.entry(root).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() > 1).collect();
    groups.iter_mut().for_each(|g| g.sort_unstable());
    groups.sort_by_key(|g| g[0]);
    groups
        .into_iter()
        .enumerate()
        .map(|(k, g)| {
            for &i in &g {
                rows[i].duplicate_group = Some(k + 1);
            }
            DuplicateGroup {
                number: k + 1,
                when: long_date(rows[g[0]].date_value.date),
                rows: g.iter().map(|&i| rows[i].number).collect(),
                agencies: g.iter().map(|&i| rows[i].agency.clone()).collect(),
            }
        })
        .collect()
}

/// Periods longer than `gap_days` with no entry, within the scope where one is known (the
/// scope's ends count: a quiet first or last stretch is a gap too).
fn find_gaps(rows: &[MergedRow], ctx: &Context, gap_days: i64) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let mut push = |from: NaiveDate, to: NaiveDate| {
        let days = (to - from).num_days() + 1;
        if days > gap_days {
            gaps.push(Gap {
                from: long_date(from),
                to: long_date(to),
                days,
                from_value: from,
                to_value: to,
            });
        }
    };
    // `covered` is the last day known to have an entry (or the day before the scope).
    let mut covered: Option<NaiveDate> = ctx.scope.from.and_then(|f| f.pred_opt());
    for r in rows {
        let start = r.date_value.date;
        let end = r.end_value.unwrap_or(start).max(r.date_value.last_day());
        if let Some(to) = ctx.scope.to
            && start > to
        {
            break;
        }
        if let Some(c) = covered
            && start > c
            && let (Some(first), Some(last)) = (c.succ_opt(), start.pred_opt())
            && first <= last
        {
            push(first, last);
        }
        covered = Some(covered.map_or(end, |c| c.max(end)));
    }
    if let (Some(c), Some(to)) = (covered, ctx.scope.to)
        && c < to
        && let Some(first) = c.succ_opt()
    {
        push(first, to);
    }
    gaps
}

/// Diagnostics for a merge's findings, so `problems.txt` and `--json` tell them like any other
/// problem. They are warnings: a coordinator merges as returns arrive, and a gap or a
/// duplicate is something to look at, not a fault in a file.
pub fn findings(merged: &Merged) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in &merged.missing_returns {
        out.push(
            Diagnostic::warning(
                Location::File,
                format!("no chronology was returned by {}", m.name),
            )
            .with_help(if m.contact.is_empty() {
                "chase the agency for its return".to_string()
            } else {
                format!("chase the agency for its return: {}", m.contact)
            }),
        );
    }
    for g in &merged.gaps {
        out.push(
            Diagnostic::warning(
                Location::File,
                format!(
                    "no entry from any agency from {} to {} ({} days)",
                    g.from, g.to, g.days
                ),
            )
            .with_help(
                "check with the agencies whether there was really no contact in this period",
            ),
        );
    }
    for g in &merged.duplicate_groups {
        out.push(
            Diagnostic::warning(
                Location::File,
                format!(
                    "rows {} on {} look like the same event told by {} (duplicate group {})",
                    g.rows
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    g.when,
                    g.agencies.join(" and "),
                    g.number
                ),
            )
            .with_help("both are kept; the panel may read them together"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_incident_told_by_two_agencies_is_similar() {
        assert!(likely_same_event(
            "Police attended the family home after a 999 call reporting a domestic incident. Mother's partner arrested for assault.",
            "Police notification received: domestic incident at the family home, Mother's partner arrested. Referral accepted."
        ));
        assert!(!likely_same_event(
            "Home visit by health visitor; Child A weighed, development on track.",
            "Police attended the family home after a 999 call reporting a domestic incident."
        ));
        assert!(
            !likely_same_event("Visit", "Visit"),
            "too few words to tell"
        );
    }
}
