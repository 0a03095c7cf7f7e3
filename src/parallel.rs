//! The one way work is spread over every core: an ordered parallel map.
//!
//! Reading returns and rendering documents are independent jobs of very different sizes, so
//! workers take the next job as they finish one, and each result goes back to the place of its
//! job. A panic in a job is a bug: it is carried to the caller as it was raised (the CLI reports
//! it as one), after the other workers have finished.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// Maps `f` over `items` on every core; the results keep the order of `items`.
pub(crate) fn ordered_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len().max(1));
    if workers <= 1 {
        return items.into_iter().map(f).collect();
    }
    let jobs: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let item = job.lock().unwrap_or_else(PoisonError::into_inner).take();
                        if let Some(item) = item {
                            mine.push((i, f(item)));
                        }
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(results) => {
                    for (i, r) in results {
                        slots[i] = Some(r);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    // Every job was taken by exactly one worker, and every worker returned.
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        let out = ordered_map(items, |i| {
            if i % 7 == 0 {
                std::thread::yield_now();
            }
            i * 2
        });
        assert_eq!(out, (0..500).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_reaches_the_caller_as_raised() {
        let r = std::panic::catch_unwind(|| {
            ordered_map((0..50).collect::<Vec<u32>>(), |i| {
                if i == 17 {
                    panic!("job 17");
                }
                i
            })
        });
        let payload = r.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"job 17"));
    }
}
