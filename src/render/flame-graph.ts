import type { CallTree } from "../profile/attribute.ts";
import type { FunctionRef } from "../profile/schema.ts";

/** One frame of the merged tree: base and head, self and total, per operation. */
interface Frame {
  name: string;
  where: string;
  group: FunctionRef["group"];
  base: number;
  head: number;
  children: Frame[];
}

function where(ref: FunctionRef): string {
  if (ref.group === "node_modules") return "node_modules";
  if (ref.group === "node") return "Node internals";
  return ref.file ? `${ref.file}${ref.line ? `:${ref.line}` : ""}` : "";
}

/** Base and head trees merged along the same paths, in cost per operation; tiny frames dropped. */
function merge(base: CallTree | undefined, head: CallTree | undefined, scale: { base: number; head: number }, cut: number): Frame {
  const ref = (head ?? base)!.ref;
  const keys = new Set([...(base?.children.keys() ?? []), ...(head?.children.keys() ?? [])]);
  const children = [...keys]
    .map((k) => merge(base?.children.get(k), head?.children.get(k), scale, cut))
    .filter((f) => Math.max(f.base, f.head) >= cut)
    .sort((a, b) => b.head + b.base - (a.head + a.base));
  const self = { base: (base?.self ?? 0) * scale.base, head: (head?.self ?? 0) * scale.head };
  return {
    name: ref.name,
    where: where(ref),
    group: ref.group,
    base: self.base + children.reduce((s, c) => s + c.base, 0),
    head: self.head + children.reduce((s, c) => s + c.head, 0),
    children,
  };
}

function total(tree: CallTree): number {
  let sum = tree.self;
  for (const c of tree.children.values()) sum += total(c);
  return sum;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STYLE = `body{font:13px system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:18px}h2{font-size:15px;margin:18px 0 6px}
.graph{position:relative;border:1px solid #ddd;overflow:hidden}
.frame{position:absolute;height:17px;box-sizing:border-box;border:1px solid #fff;overflow:hidden;white-space:nowrap;font-size:11px;line-height:15px;padding:0 3px;cursor:default}
.legend span{display:inline-block;padding:1px 6px;margin-right:6px}
#tip{margin:8px 0;min-height:1.3em;font-family:ui-monospace,monospace}`;

/** Renders frames as absolutely placed divs: each view sizes them by its own side; the difference colours by head minus base. */
const SCRIPT = `const data = JSON.parse(document.getElementById("profile-data").textContent);
const ROW = 17;
const tip = document.getElementById("tip");
function fmt(v){return data.unit === "B" ? Math.round(v) + " B" : (v >= 1 ? v.toFixed(3) + " ms" : (v * 1000).toFixed(1) + " µs");}
function colour(view, f){
  if (view !== "diff") return f.group === "app" ? "#f2a65a" : f.group === "node_modules" ? "#b5a3d9" : f.group === "node" ? "#9cc3e6" : "#ccc";
  const d = f.head - f.base, rel = Math.max(-1, Math.min(1, d / Math.max(f.base, f.head, 1e-12)));
  return rel >= 0 ? "rgb(255," + Math.round(235 - 175 * rel) + "," + Math.round(235 - 175 * rel) + ")" : "rgb(" + Math.round(235 + 175 * rel) + "," + Math.round(235 + 175 * rel) + ",255)";
}
function draw(view){
  const el = document.querySelector('[data-profile="' + view + '"]');
  const size = (f) => view === "base" ? f.base : f.head;
  const root = size(data.root) || 1;
  let depth = 0;
  function place(f, left, level){
    const w = size(f) / root;
    if (w <= 0) return;
    depth = Math.max(depth, level + 1);
    const div = document.createElement("div");
    div.className = "frame";
    div.dataset.name = f.name;
    div.style.left = (left * 100) + "%";
    div.style.width = (w * 100) + "%";
    div.style.top = (level * ROW) + "px";
    div.style.background = colour(view, f);
    div.textContent = f.name;
    div.title = f.name + (f.where ? " (" + f.where + ")" : "") + "\\nbase " + fmt(f.base) + ", head " + fmt(f.head) + " per " + data.per;
    div.addEventListener("mouseenter", () => { tip.textContent = div.title.replace("\\n", ": "); });
    el.appendChild(div);
    let x = left;
    for (const c of f.children) { place(c, x, level + 1); x += size(c) / root; }
  }
  place(data.root, 0, 0);
  el.style.height = (depth * ROW + 2) + "px";
}
for (const view of ["diff", "base", "head"]) draw(view);`;

export interface FlameGraphInput {
  title: string;
  unit: "ms" | "B";
  per: "op" | "req";
  base: CallTree;
  head: CallTree;
  /** Operations each side's profile covered: values are divided by them. */
  operations: { base: number; head: number };
}

/**
 * A self-contained differential flame graph: one HTML file, data inline, no
 * network. Three views of the same merged tree: head coloured by the change
 * (red grew, blue shrank), then base and head each sized by its own cost.
 */
export function renderFlameGraph(input: FlameGraphInput): string {
  const scale = { base: 1 / Math.max(1, input.operations.base), head: 1 / Math.max(1, input.operations.head) };
  const biggest = Math.max(total(input.base) * scale.base, total(input.head) * scale.head);
  const root = merge(input.base, input.head, scale, biggest * 0.002);
  root.name = "all";
  const data = JSON.stringify({ unit: input.unit, per: input.per, root }).replace(/</g, "\\u003c");
  const title = escapeHtml(input.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body>
<h1>${title}</h1>
<p>Per ${input.per === "op" ? "operation" : "request"}: base ${input.operations.base} and head ${input.operations.head} ${input.per === "op" ? "calls" : "requests"} profiled. Hover a frame for its figures.</p>
<p class="legend"><span style="background:rgb(255,60,60)">grew in head</span><span style="background:rgb(60,60,255);color:#fff">shrank in head</span><span style="background:#f2a65a">project code</span><span style="background:#b5a3d9">node_modules</span><span style="background:#9cc3e6">Node internals</span></p>
<div id="tip"></div>
<h2>Difference (head, coloured by head − base)</h2>
<div class="graph" data-profile="diff"></div>
<h2>Base</h2>
<div class="graph" data-profile="base"></div>
<h2>Head</h2>
<div class="graph" data-profile="head"></div>
<script type="application/json" id="profile-data">${data}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
