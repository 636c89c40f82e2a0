// Parse Mermaid journey diagrams with Mermaid's own code: its preprocessing (front-matter,
// directives, comment lines, entity codes) and its journey grammar (journey.jison) and
// database, as Diagram.fromText runs them. Reads a JSON list of texts on stdin and prints
// one JSON result per text: {ok, title, accTitle, accDescr, sections, tasks} or {ok: false,
// error, line}.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const mermaidDir = process.argv[2];
const chunks = join(mermaidDir, "dist", "chunks", "mermaid.core");
const chunkName = readdirSync(chunks).find((n) => /^journeyDiagram-.*\.mjs$/.test(n));
const { diagram } = await import(pathToFileURL(join(chunks, chunkName)).href);

// The preprocessing steps of src/preprocess.ts and src/diagram-api/comments.ts, as Mermaid
// 12 runs them before the parser (its front-matter reader needs js-yaml, so the title is
// taken from the front-matter's `title:` line here).
const directive = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
function preprocess(code) {
  let text = code.replace(/\r\n?/g, "\n");
  let title;
  const front = text.match(/^[ \t]*---[ \t]*\n([\s\S]*?)\n[ \t]*---[ \t]*\n/);
  if (front) {
    const line = front[1].match(/^title:\s*(.*)$/m);
    if (line) title = line[1].replace(/^["']|["']$/g, "");
    text = text.slice(front[0].length);
  }
  text = text.replace(directive, "");
  text = text.replace(/^\s*%%(?!{)[^\n]+\n?/gm, "").trimStart();
  text = text.replace(/#\w+;/g, (s) => {
    const inner = s.substring(1, s.length - 1);
    return /^\+?\d+$/.test(inner) ? "\uFB02\xB0\xB0" + inner + "\xB6\xDF" : "\uFB02\xB0" + inner + "\xB6\xDF";
  });
  return { text: text + "\n", title };
}

const decode = (t) => t.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
const texts = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const code of texts) {
  const db = diagram.db;
  db.clear();
  let title, accTitle, accDescr;
  const parser = diagram.parser.parser ?? diagram.parser;
  // The title and accessibility setters sanitise through DOMPurify, which needs a browser;
  // they are recorded as given.
  parser.yy = { ...db, setDiagramTitle: (t) => { title = t.replace(/^\s+/g, ""); },
    setAccTitle: (t) => { accTitle = t; }, setAccDescription: (t) => { accDescr = t; } };
  const { text, title: frontTitle } = preprocess(code);
  if (frontTitle) title = frontTitle;
  try {
    parser.parse(text);
    const tasks = db.getTasks().map((t) => ({
      section: decode(t.section), task: decode(t.task), score: Number.isNaN(t.score) ? "NaN" : t.score, people: t.people.map(decode),
    }));
    results.push({ ok: true, title: title === undefined ? null : decode(title), accTitle: accTitle ?? null,
      accDescr: accDescr ?? null, sections: db.getSections().map(decode), tasks });
  } catch (error) {
    results.push({ ok: false, error: String(error.message).split("\n")[0], line: error.hash?.loc?.first_line ?? null });
  }
}
process.stdout.write(JSON.stringify(results));
