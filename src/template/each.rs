//! `{{#each}}`, with one list of the data given an item at a time.
//!
//! Handlebars' own `each` needs the whole list in the data. A merged chronology of 100,000
//! rows would then be held three times over (the rows, their JSON, the document's XML), so a
//! caller may instead give one list as a [`Streamed`] source: the data holds only a
//! placeholder of the list's length (so `{{count rows}}` and `{{#if rows}}` still work), and
//! this `each` asks the source for each item as it reaches it, writing the item's XML straight
//! to the output. Every other list is walked as handlebars does, without copying it.

use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, Output,
    PathAndJson, RenderContext, RenderErrorReason, Renderable, to_json,
};
use serde_json::Value;
use std::cell::RefCell;
use std::sync::Arc;

/// One top-level list of the data given an item at a time: see the module's documentation.
#[derive(Clone)]
pub struct Streamed {
    /// The list's key at the top of the data (`rows`).
    pub key: String,
    /// How many items.
    pub len: usize,
    /// The item at an index, as the template sees it.
    pub item: Arc<dyn Fn(usize) -> Value + Send + Sync>,
}

impl std::fmt::Debug for Streamed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Streamed")
            .field("key", &self.key)
            .field("len", &self.len)
            .finish()
    }
}

impl Streamed {
    /// Puts the placeholder into `data` (an object): a list of `len` nulls, 8 to 16 bytes an
    /// item, for the helpers that only count or test the list.
    pub(super) fn place(&self, data: &mut Value) {
        if let Value::Object(map) = data {
            map.insert(self.key.clone(), Value::Array(vec![Value::Null; self.len]));
        }
    }
}

thread_local! {
    static STREAMED: RefCell<Option<Streamed>> = const { RefCell::new(None) };
}

/// Runs `f` (a render on this thread) with `streamed` as the source of its list.
pub(super) fn with_streamed<T>(streamed: Option<&Streamed>, f: impl FnOnce() -> T) -> T {
    STREAMED.with(|s| *s.borrow_mut() = streamed.cloned());
    let out = f();
    STREAMED.with(|s| *s.borrow_mut() = None);
    out
}

/// The streamed source, when `param` is its placeholder (found by its place in the data).
fn streamed_for(param: &PathAndJson<'_>) -> Option<Streamed> {
    let path = param.context_path()?;
    STREAMED.with(|s| {
        s.borrow()
            .as_ref()
            .filter(|st| path.len() == 1 && path[0] == st.key)
            .cloned()
    })
}

/// The value at `path` (keys and indexes) in `root`.
pub(super) fn at_path<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, seg| match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// The `each` helper registered in place of handlebars' own.
pub(super) struct Each;

impl HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(t) = h.template() else {
            return Ok(());
        };
        let streamed = streamed_for(value);
        // Keys (for objects) and the items' paths in the data (when the list is in it).
        let (len, keys): (usize, Option<Vec<String>>) = match (value.value(), &streamed) {
            (_, Some(s)) => (s.len, None),
            (Value::Array(list), None) => (list.len(), None),
            (Value::Object(obj), None) => (obj.len(), Some(obj.keys().cloned().collect())),
            _ => (0, None),
        };
        if len == 0 {
            return match h.inverse() {
                Some(inverse) => inverse.render(r, ctx, rc, out),
                None => Ok(()),
            };
        }
        let base = value.context_path().filter(|_| streamed.is_none()).cloned();
        let mut block = BlockContext::new();
        if let Some(p) = &base {
            block.base_path_mut().clone_from(p);
        }
        rc.push_block(block);
        for i in 0..len {
            let key = keys.as_ref().map(|k| k[i].clone());
            let segment = key.clone().unwrap_or_else(|| i.to_string());
            // The item: asked of the source, found by its path, or (a list made by a helper)
            // copied.
            let item: Option<Value> = match (&streamed, &base) {
                (Some(s), _) => Some((s.item)(i)),
                (None, Some(_)) => None,
                (None, None) => match value.value() {
                    Value::Array(list) => list.get(i).cloned(),
                    Value::Object(obj) => obj.get(&segment).cloned(),
                    _ => None,
                },
            };
            if let Some(block) = rc.block_mut() {
                block.set_local_var("first", to_json(i == 0));
                block.set_local_var("last", to_json(i + 1 == len));
                block.set_local_var("index", to_json(i));
                if let Some(k) = &key {
                    block.set_local_var("key", to_json(k));
                }
                // `as |item|` or `as |item i|`: the item by value, or by its path.
                let named = h
                    .block_param()
                    .map(|n| (n, None))
                    .or_else(|| h.block_param_pair().map(|(n, k)| (n, Some(k))));
                if let Some((name, index)) = named {
                    let mut params = BlockParams::new();
                    match &item {
                        Some(v) => params.add_value(name, v.clone())?,
                        None => params.add_path(name, Vec::new())?,
                    }
                    if let Some(index) = index {
                        let k = key.as_ref().map_or_else(|| to_json(i), to_json);
                        params.add_value(index, k)?;
                    }
                    block.set_block_params(params);
                }
                match item {
                    Some(v) => block.set_base_value(v),
                    None => {
                        if let Some(p) = &base {
                            let mut path = p.clone();
                            path.push(segment);
                            *block.base_path_mut() = path;
                        }
                    }
                }
            }
            t.render(r, ctx, rc, out)?;
        }
        rc.pop_block();
        Ok(())
    }
}
