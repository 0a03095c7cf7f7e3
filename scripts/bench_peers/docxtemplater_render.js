#!/usr/bin/env node
// The docxtemplater side of scripts/bench-template-peers: the same work as
// examples/bench_render.rs.
//
//   docxtemplater_render.js rfi DIR OUT          1,000 letters from DIR/rfi.docxtemplater.docx
//   docxtemplater_render.js table DIR ROWS OUT   one document with a ROWS-row table loop
//
// OUT is a folder, or `-` to make the documents in memory and drop them. Each document opens
// the template afresh (from bytes read once), as docxtemplater requires; output is deflated as
// scrkit's and docxtpl's is. Tags use dotted paths (`{agency.contact.name}`) through the
// smallest parser that resolves them, the cheapest way docxtemplater offers (its expressions
// parser is slower). Prints one JSON line of its own timings.
"use strict";
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

function parser(tag) {
  const parts = tag === "." ? [] : tag.split(".");
  return {
    get(scope) {
      let v = scope;
      for (const p of parts) {
        if (v === null || v === undefined) return undefined;
        v = v[p];
      }
      return v;
    },
  };
}

function render(template, data) {
  const doc = new Docxtemplater(new PizZip(template), {
    paragraphLoop: true,
    linebreaks: true,
    parser,
  });
  doc.render(data);
  return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
}

function keep(out, name, buf) {
  if (out !== "-") fs.writeFileSync(path.join(out, name), buf);
  return buf.length;
}

function main(argv) {
  const start = process.hrtime.bigint();
  const secs = (t) => Number(process.hrtime.bigint() - t) / 1e9;
  let result;
  let t;
  let total = 0;
  let out;
  if (argv.length === 3 && argv[0] === "rfi") {
    const dir = argv[1];
    out = argv[2];
    const data = JSON.parse(fs.readFileSync(path.join(dir, "rfi-data.json"), "utf8"));
    const template = fs.readFileSync(path.join(dir, "rfi.docxtemplater.docx"));
    if (out !== "-") fs.mkdirSync(out, { recursive: true });
    t = process.hrtime.bigint();
    data.forEach((d, i) => {
      total += keep(out, `rfi-${String(i + 1).padStart(4, "0")}.docx`, render(template, d));
    });
    result = { documents: data.length };
  } else if (argv.length === 4 && argv[0] === "table") {
    const dir = argv[1];
    const rows = Number(argv[2]);
    out = argv[3];
    const data = JSON.parse(fs.readFileSync(path.join(dir, `table-${rows}.json`), "utf8"));
    if (out !== "-") fs.mkdirSync(out, { recursive: true });
    t = process.hrtime.bigint();
    const template = fs.readFileSync(path.join(dir, "table.docxtemplater.docx"));
    total = keep(out, `table-${rows}.docx`, render(template, data));
    result = { rows };
  } else {
    process.stderr.write("usage: docxtemplater_render.js rfi DIR OUT | table DIR ROWS OUT\n");
    return 2;
  }
  Object.assign(result, {
    engine: "docxtemplater",
    task: argv[0],
    written: out !== "-",
    bytes: total,
    render_s: secs(t),
    total_s: secs(start),
  });
  console.log(JSON.stringify(result));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
