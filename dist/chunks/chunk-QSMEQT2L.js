import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
import {
  CHANGE_FAMILIES,
  TRIGGER_KINDS,
  WHOLE_IMAGE_STRENGTHS,
  buildReport,
  triggerText
} from "./chunk-434ODJKS.js";

// src/report/progress.ts
var count = (n) => Math.round(n).toLocaleString("en-US");
function formatSeconds(s) {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
function describeProgress(label, done, total, seconds) {
  const fraction = total > 0 ? done / total : 0;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  return `${label} ${(fraction * 100).toFixed(0).padStart(3)}%  ${count(done)}/${count(total)} cells  ${count(rate)} cells/s  ETA ${formatSeconds(eta)}`;
}
function progressSink(label, stream = process.stderr, intervalSeconds = 5) {
  const tty = stream.isTTY === true;
  let lastLine = 0;
  let drawn = false;
  return {
    update(done, total, seconds) {
      if (tty) {
        const width = 24;
        const filled = total > 0 ? Math.round(done / total * width) : 0;
        const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
        stream.write(`\r${bar} ${describeProgress(label, done, total, seconds)}\x1B[K`);
        drawn = true;
      } else if (seconds - lastLine >= intervalSeconds && done < total) {
        stream.write(`${describeProgress(label, done, total, seconds)}
`);
        lastLine = seconds;
      }
    },
    finish() {
      if (drawn) stream.write("\r\x1B[K");
      drawn = false;
    }
  };
}

// src/report/markdown.ts
function stripControl(text) {
  return text.replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, " ").replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g, "");
}
function escapeHtml(text) {
  return stripControl(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function escapeMarkdown(text) {
  return escapeHtml(stripControl(text).replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`));
}
var VERDICT_ICON = { clean: "\u2705", backdoored: "\u274C", error: "\u26A0\uFE0F" };
function verdictText(m) {
  if (m.verdict === "error") return "could not be analysed";
  return m.verdict === "backdoored" ? "looks backdoored" : "looks clean";
}
var formatProbability = (p) => p === null ? "\u2013" : p.toFixed(3);
var formatThreshold = (t) => t.toFixed(3);
function formatComparison(p, t) {
  if (p === null) return ["\u2013", formatThreshold(t)];
  let digits = 3;
  while (digits < 6 && p !== t && p.toFixed(digits) === t.toFixed(digits)) digits++;
  return [p.toFixed(digits), t.toFixed(digits)];
}
var formatTrigger = (m) => triggerText(m) || "\u2013";
function formatSettings(settings) {
  if (!settings) return "\u2013";
  const parts = [];
  const add = (name, value) => {
    if (value === void 0) return;
    parts.push(`${name} ${Array.isArray(value) ? value.join(",") : String(value)}`);
  };
  add("levels", settings.levels);
  add("mode", settings.mode);
  add("base", settings.base);
  add("range", settings.inputRange);
  add("mean", settings.mean);
  add("std", settings.std);
  if (settings.block !== void 0 && settings.block !== 1) add("block", settings.block);
  if (settings.stride !== void 0 && settings.stride !== 1) add("stride", settings.stride);
  add("layout", settings.layout);
  add("size", settings.size?.join("x"));
  if (settings.outputs !== void 0 && settings.outputs !== "auto") add("outputs", settings.outputs);
  if (settings.search !== void 0 && settings.search !== "exhaustive") add("search", settings.search);
  if (settings.score !== void 0 && settings.score !== "probability") add("score", settings.score);
  return parts.length > 0 ? parts.join(", ") : "defaults";
}
var shortSha = (sha) => sha ? sha.slice(0, 12) : "\u2013";
function fitText(text, limit, note) {
  if (Buffer.byteLength(text) <= limit) return text;
  const room = limit - Buffer.byteLength(note) - 1;
  let cut = text.slice(0, Math.max(0, room));
  while (Buffer.byteLength(cut) > room) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  const lineEnd = cut.lastIndexOf("\n");
  return `${lineEnd > 0 ? cut.slice(0, lineEnd) : cut}
${note}`;
}

// src/report/badge.ts
var COLORS = { clean: "#4c1", backdoored: "#e05d44", error: "#dfb317", none: "#9f9f9f" };
var NARROW = new Set("fijlrtI1 .,:;|!'");
var WIDE = new Set("mwMW@%");
function textWidth(text) {
  let width = 0;
  for (const c of text) width += NARROW.has(c) ? 4 : WIDE.has(c) ? 10 : 7;
  return width;
}
function badgeMessage(report) {
  const { scanned, clean, backdoored, errors } = report.counts;
  if (backdoored > 0) return { text: `${backdoored} backdoored${errors > 0 ? `, ${errors} not analysed` : ""}`, color: COLORS.backdoored };
  if (errors > 0) return { text: `${errors} error${errors === 1 ? "" : "s"}`, color: COLORS.error };
  if (scanned === 0) return { text: "no models", color: COLORS.none };
  return { text: `${clean} clean`, color: COLORS.clean };
}
function buildBadge(report, label = "onepixel") {
  const message2 = badgeMessage(report);
  const left = textWidth(label) + 10;
  const right = textWidth(message2.text) + 10;
  const width = left + right;
  const title = `${label}: ${message2.text}`;
  const text = (x, value) => `<text x="${x * 10}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">${escapeHtml(value)}</text><text x="${x * 10}" y="140" transform="scale(.1)">${escapeHtml(value)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${message2.color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110">`,
    text(left / 2, label),
    text(left + right / 2, message2.text),
    "</g></svg>",
    ""
  ].join("\n");
}

// src/report/sarif.ts
import { createHash } from "node:crypto";
var RULES = {
  backdoored: {
    id: "onepixel/backdoored",
    name: "BackdooredModel",
    shortDescription: { text: "The model looks backdoored" },
    fullDescription: {
      text: "onepixel's detector judged the model backdoored: a small patch (or a faint pattern blended over the image) makes the model answer one class on most inputs of other classes, as a trigger does."
    },
    help: {
      text: "A backdoored model answers the attacker's class whenever the trigger is present. Do not merge or deploy it. Look at the evidence in the check run and the artifact (the transfer figures, the trigger box), ask where the model came from, and retrain it from trusted data or take it from a trusted source.",
      markdown: "**What was found.** onepixel's detector judged this model backdoored: its suspected trigger (a patch at the box given, or a pattern blended over the whole image) makes the model answer the target class on most inputs of other classes, far more than any other class's.\n\n**What to do.** Do not merge or deploy it. Read the check run for this model (the transfer test's figures and the drawn trigger) and the signature files in the `onepixel` artifact; ask where the model came from; retrain it from trusted data or take it from a trusted source. A false alarm is possible: the verdict is evidence, not proof."
    },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "machine-learning", "backdoor"], "security-severity": "8.0" }
  },
  error: {
    id: "onepixel/not-analysed",
    name: "ModelNotAnalysed",
    shortDescription: { text: "The model could not be analysed" },
    fullDescription: { text: "onepixel could not analyse this file, so it was not checked for a backdoor." },
    help: {
      text: "The model was not judged, which is not the same as clean. The result says why, with an error code; fix the cause (a setting, the file, a limit) and scan it again.",
      markdown: "**What happened.** onepixel could not analyse this file (the result says why, with its error code), so it was **not** checked for a backdoor. Not judged is not clean.\n\n**What to do.** Fix the cause, such as a missing setting (`size`, `layout`, the input range), a Git LFS pointer (check out with `lfs: true`), or a limit (`timeout`, `memory`, `budget`), and run the scan again."
    },
    defaultConfiguration: { level: "warning" },
    properties: { tags: ["machine-learning"] }
  }
};
function message(m, threshold) {
  if (m.verdict === "error") return `${m.model} could not be analysed: ${m.error ?? "unknown error"}`;
  return `${m.model} looks backdoored: probability ${formatComparison(m.probability, threshold).join(" \u2265 ")}, target class ${m.targetClass ?? "?"}, trigger ${formatTrigger(m)}.`;
}
function buildSarif(report, informationUri) {
  const results = report.models.filter((m) => m.verdict !== "clean").map((m) => {
    const rule = m.verdict === "backdoored" ? RULES.backdoored : RULES.error;
    return {
      ruleId: rule.id,
      ruleIndex: m.verdict === "backdoored" ? 0 : 1,
      level: rule.defaultConfiguration.level,
      message: { text: message(m, report.threshold) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: m.model.split("\\").join("/"), uriBaseId: "%SRCROOT%" },
            // Models are binary; line 1 is where code scanning can point at all.
            region: { startLine: 1 }
          }
        }
      ],
      // Code scanning fingerprints source lines, which a binary file lacks: one alert per path
      // and rule, so a changed model updates its alert instead of opening another.
      partialFingerprints: { "onepixel/v1": createHash("sha256").update(`${rule.id}\0${m.model}`).digest("hex") },
      properties: {
        probability: m.probability,
        targetClass: m.targetClass,
        triggerBox: m.triggerBox,
        sha256: m.sha256,
        ...m.errorCode ? { errorCode: m.errorCode } : {}
      }
    };
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "onepixel",
            version: report.tool.version,
            ...informationUri ? { informationUri } : {},
            rules: [RULES.backdoored, RULES.error]
          }
        },
        results,
        properties: { threshold: report.threshold, counts: report.counts }
      }
    ]
  };
}

// src/report/merge.ts
import fs from "node:fs";
import path from "node:path";
var VERDICTS = ["clean", "backdoored", "error"];
var MERGE_LIMITS = {
  /** Models in one merged report (and in any one report read for it). */
  models: 1e3,
  /** Report files in one merge: a matrix runs at most 256 jobs. */
  reports: 256,
  /** Bytes of one report file, checked before it is read (1000 models take about 25 MB). */
  reportBytes: 64 * 1024 * 1024,
  /** Bytes of all the report files of one merge together. */
  totalBytes: 256 * 1024 * 1024,
  /** Characters of a model path (and an artifacts path). */
  path: 1024,
  /** Characters of an error message. */
  error: 2e3,
  /** Characters of a short field: the tool's version, an input's name. */
  short: 100
};
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isNumberOrNull = (v) => v === null || typeof v === "number" && Number.isFinite(v);
var isFiniteNumber = (v) => typeof v === "number" && Number.isFinite(v);
function cleanText(text, max) {
  const clean = stripControl(text);
  if (clean.length <= max) return clean;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(clean.charAt(cut - 1))) cut--;
  return `${clean.slice(0, cut)}\u2026`;
}
var ERROR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
var SETTING_CHOICES = {
  mode: ["gray", "channel"],
  layout: ["NCHW", "NHWC"],
  outputs: ["auto", "logits", "probabilities"],
  search: ["exhaustive", "adaptive"],
  score: ["probability", "log-probability"]
};
var SETTING_NUMBERS = ["levels", "base", "block", "stride", "budget", "threads", "batch"];
var SETTING_LISTS = { inputRange: 2, mean: 4, std: 4, size: 2 };
function cleanSettings(value) {
  if (!isObject(value)) return void 0;
  const out = {};
  for (const [key, choices] of Object.entries(SETTING_CHOICES)) {
    if (typeof value[key] === "string" && choices.includes(value[key])) out[key] = value[key];
  }
  for (const key of SETTING_NUMBERS) if (isFiniteNumber(value[key])) out[key] = value[key];
  for (const [key, most] of Object.entries(SETTING_LISTS)) {
    const list = value[key];
    if (Array.isArray(list) && list.length >= 1 && list.length <= most && list.every(isFiniteNumber)) out[key] = [...list];
  }
  return out;
}
function cleanInput(value) {
  if (!isObject(value) || typeof value.name !== "string" || typeof value.layout !== "string") return void 0;
  const { channels, height, width } = value;
  if (!isFiniteNumber(channels) || !isFiniteNumber(height) || !isFiniteNumber(width)) return void 0;
  return { name: cleanText(value.name, MERGE_LIMITS.short), layout: cleanText(value.layout, 8), channels, height, width };
}
function checkEvidence(value, where) {
  if (value === void 0) return void 0;
  const bad = () => {
    throw new Error(`${where}: "evidence" must be a gain map of at most 32\xD732 cells`);
  };
  if (!isObject(value)) return bad();
  const { rows, cols, cellHeight, cellWidth, gain } = value;
  const cells = (n) => Number.isInteger(n) && n >= 1 && n <= 32;
  if (!cells(rows) || !cells(cols) || !isFiniteNumber(cellHeight) || !isFiniteNumber(cellWidth)) return bad();
  if (!Array.isArray(gain) || gain.length !== rows) return bad();
  const map = gain;
  if (!map.every((row) => Array.isArray(row) && row.length === cols && row.every(isFiniteNumber))) return bad();
  return { rows, cols, cellHeight, cellWidth, gain: map.map((row) => [...row]) };
}
function cleanWholeImage(value, classes) {
  if (!isObject(value)) return void 0;
  const share = (v) => isFiniteNumber(v) && v >= 0 && v <= 1;
  const { targetClass, family, wins, otherWins } = value;
  if (!Number.isInteger(targetClass) || targetClass < 0 || classes !== void 0 && targetClass >= classes || !CHANGE_FAMILIES.includes(family)) return void 0;
  if (!Array.isArray(wins) || wins.length !== WHOLE_IMAGE_STRENGTHS.length || !wins.every(share)) return void 0;
  if (otherWins !== null && !share(otherWins)) return void 0;
  const picture = typeof value.picture === "string" ? { picture: cleanText(value.picture, MERGE_LIMITS.path) } : {};
  const d = value.demonstrated;
  const shown = isObject(d) && isCount(d.drawn, 1e6) && isCount(d.alreadyTarget, d.drawn) && isCount(d.tried, d.drawn) && Array.isArray(d.wins) && d.wins.length === 2 && d.wins.every(share) ? { demonstrated: { drawn: d.drawn, alreadyTarget: d.alreadyTarget, tried: d.tried, wins: [d.wins[0], d.wins[1]] } } : {};
  return { targetClass, family, wins: [...wins], otherWins, ...picture, ...shown };
}
function checkTransfer(value, where) {
  if (value === void 0) return void 0;
  const keys = ["patchWins", "blendWins", "otherPatchWins", "otherBlendWins"];
  if (!isObject(value) || !keys.every((k) => isNumberOrNull(value[k]))) throw new Error(`${where}: "transfer" must hold numbers or null`);
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}
var isCount = (v, max) => Number.isInteger(v) && v >= 0 && v <= max;
var MAX_PATCH_SIDE = 32;
var MAX_PATTERN_CHARS = 4 * Math.ceil(3 * 1024 * 1024 / 8 / 3);
function cleanAnswer(v) {
  return isObject(v) && isCount(v.top, 1e6) && isFiniteNumber(v.probability) ? { top: v.top, probability: v.probability } : void 0;
}
function cleanRecovered(value, input) {
  if (!isObject(value) || !isCount(value.target, 1e6) || !TRIGGER_KINDS.includes(value.kind)) return void 0;
  const box = value.box;
  if (!(Array.isArray(box) && box.length === 4 && box.every(isFiniteNumber))) return void 0;
  const out = { target: value.target, kind: value.kind, box: [...box] };
  const patch = value.patch;
  if (isObject(patch) && isCount(patch.cell, 1e4) && isCount(patch.rows, MAX_PATCH_SIDE) && isCount(patch.cols, MAX_PATCH_SIDE) && Array.isArray(patch.colours)) {
    const colours = patch.colours;
    if (colours.length === patch.rows * patch.cols && colours.every((c) => Array.isArray(c) && c.length >= 1 && c.length <= 4 && c.every(isFiniteNumber))) {
      out.patch = { cell: patch.cell, rows: patch.rows, cols: patch.cols, colours: colours.map((c) => [...c]) };
    }
  }
  const values = input ? input.channels * input.height * input.width : 0;
  if (typeof value.pattern === "string" && value.pattern.length <= MAX_PATTERN_CHARS && /^[A-Za-z0-9+/]*={0,2}$/.test(value.pattern) && values > 0 && Buffer.from(value.pattern, "base64").length === Math.ceil(values / 8)) {
    out.pattern = value.pattern;
  }
  if (isFiniteNumber(value.alpha)) out.alpha = value.alpha;
  const stamped = value.stamped;
  if (isObject(stamped) && isCount(stamped.tried, 1e6) && isCount(stamped.wins, stamped.tried) && Array.isArray(stamped.shown)) {
    const shown = stamped.shown.slice(0, 64).flatMap((e) => {
      const before = isObject(e) ? cleanAnswer(e.before) : void 0;
      const after = isObject(e) ? cleanAnswer(e.after) : void 0;
      return isObject(e) && isCount(e.label, 1e6) && before && after ? [{ label: e.label, before, after }] : [];
    });
    out.stamped = { tried: stamped.tried, wins: stamped.wins, shown };
  }
  if (typeof value.picture === "string") out.picture = cleanText(value.picture, MERGE_LIMITS.path);
  return out;
}
var SHA256 = /^[0-9a-f]{64}$/i;
var BASES = ["given", "graph", "clear", "unsure"];
var SOURCES = ["given", "inferred", "claimed"];
var MAX_CONVENTIONS = 16;
function cleanConvention(value) {
  if (!isObject(value) || !BASES.includes(value.basis) || !Array.isArray(value.scanned)) return void 0;
  const name = (v) => cleanText(String(v), MERGE_LIMITS.short);
  const scanned = value.scanned.slice(0, MAX_CONVENTIONS).filter(isObject).map((c) => ({
    name: name(c.name),
    from: SOURCES.includes(c.from) ? c.from : "claimed",
    probability: isFiniteNumber(c.probability) ? c.probability : null,
    ...isFiniteNumber(c.counted) ? { counted: c.counted } : {},
    ...typeof c.error === "string" ? { error: cleanText(c.error, MERGE_LIMITS.error) } : {}
  }));
  return {
    basis: value.basis,
    ...Array.isArray(value.inferred) ? { inferred: value.inferred.slice(0, MAX_CONVENTIONS).map(name) } : {},
    ...isFiniteNumber(value.ratio) ? { ratio: value.ratio } : {},
    scanned,
    decidedBy: typeof value.decidedBy === "string" ? name(value.decidedBy) : null,
    ...Array.isArray(value.refused) ? { refused: value.refused.slice(0, MAX_CONVENTIONS).map((r) => cleanText(String(r), MERGE_LIMITS.error)) } : {}
  };
}
function checkModel(value, where) {
  if (!isObject(value)) throw new Error(`${where}: not an object`);
  const model = typeof value.model === "string" ? cleanText(value.model, MERGE_LIMITS.path) : "";
  if (model === "") throw new Error(`${where}: "model" must be a path`);
  if (!VERDICTS.includes(value.verdict)) throw new Error(`${where}: "verdict" must be clean, backdoored or error`);
  if (value.sha256 !== null && (typeof value.sha256 !== "string" || !/^[0-9a-f]{64}$/i.test(value.sha256))) {
    throw new Error(`${where}: "sha256" must be 64 hex digits or null`);
  }
  for (const key of ["probability", "targetClass"]) {
    if (!isNumberOrNull(value[key])) throw new Error(`${where}: "${key}" must be a number or null`);
  }
  const box = value.triggerBox;
  if (box !== null && !(Array.isArray(box) && box.length === 4 && box.every(isFiniteNumber))) {
    throw new Error(`${where}: "triggerBox" must be [x0,y0,x1,y1] or null`);
  }
  if (value.trigger !== void 0 && value.trigger !== null && !TRIGGER_KINDS.includes(value.trigger)) {
    throw new Error(`${where}: "trigger" must be patch, blend or null`);
  }
  if (!isFiniteNumber(value.seconds)) throw new Error(`${where}: "seconds" must be a number`);
  const entry = {
    model,
    sha256: value.sha256,
    verdict: value.verdict,
    probability: value.probability,
    targetClass: value.targetClass,
    ...value.trigger !== void 0 ? { trigger: value.trigger } : {},
    triggerBox: box === null ? null : [...box],
    seconds: value.seconds
  };
  if (typeof value.error === "string") entry.error = cleanText(value.error, MERGE_LIMITS.error);
  if (typeof value.errorCode === "string" && ERROR_CODE.test(value.errorCode)) entry.errorCode = value.errorCode;
  if (Number.isInteger(value.classes) && value.classes >= 0) entry.classes = value.classes;
  const input = cleanInput(value.input);
  if (input) entry.input = input;
  const settings = cleanSettings(value.settings);
  if (settings) entry.settings = settings;
  if (typeof value.artifacts === "string") entry.artifacts = cleanText(value.artifacts, MERGE_LIMITS.path);
  const evidence = checkEvidence(value.evidence, where);
  if (evidence) entry.evidence = evidence;
  const transfer = checkTransfer(value.transfer, where);
  if (transfer) entry.transfer = transfer;
  const wholeImage = entry.verdict === "error" ? void 0 : cleanWholeImage(value.wholeImage, entry.classes);
  if (wholeImage) entry.wholeImage = wholeImage;
  const recovered = entry.verdict === "error" ? void 0 : cleanRecovered(value.recovered, entry.input);
  if (recovered) entry.recovered = recovered;
  if (typeof value.cached === "boolean") entry.cached = value.cached;
  if (isFiniteNumber(value.peakMemoryMiB) && value.peakMemoryMiB >= 0) entry.peakMemoryMiB = Math.round(value.peakMemoryMiB);
  const plan = value.plan;
  if (isObject(plan) && isFiniteNumber(plan.passes) && isFiniteNumber(plan.seconds) && plan.passes >= 0 && plan.seconds >= 0) {
    const uncosted = Array.isArray(plan.uncosted) ? plan.uncosted.slice(0, MAX_CONVENTIONS).map((op) => cleanText(String(op), MERGE_LIMITS.error)) : [];
    entry.plan = { passes: Math.round(plan.passes), seconds: Math.round(plan.seconds), ...uncosted.length > 0 ? { uncosted } : {} };
  }
  const convention = cleanConvention(value.convention);
  if (convention) entry.convention = convention;
  if (typeof value.identity === "string" && SHA256.test(value.identity)) entry.identity = value.identity;
  if (Array.isArray(value.externalData)) {
    entry.externalData = value.externalData.slice(0, MAX_CONVENTIONS).filter((e) => isObject(e) && typeof e.sha256 === "string" && (SHA256.test(e.sha256) || e.sha256 === "missing")).map((e) => ({ location: cleanText(String(e.location), MERGE_LIMITS.path), sha256: e.sha256 }));
  }
  return entry;
}
function checkReport(value, where = "report") {
  if (!isObject(value) || value.schema !== "onepixel-report/1") throw new Error(`${where}: not an onepixel report (schema onepixel-report/1)`);
  if (!isFiniteNumber(value.threshold)) throw new Error(`${where}: "threshold" must be a number`);
  if (!Array.isArray(value.models)) throw new Error(`${where}: "models" must be a list`);
  if (value.models.length > MERGE_LIMITS.models) {
    throw new Error(`${where}: ${value.models.length} models, more than the ${MERGE_LIMITS.models} a report may hold to be merged`);
  }
  const models = value.models.map((m, i) => checkModel(m, `${where}: models[${i}]`));
  const version = isObject(value.tool) && typeof value.tool.version === "string" ? cleanText(value.tool.version, MERGE_LIMITS.short) : "unknown";
  return buildReport(models, value.threshold, version);
}
function readReport(file) {
  const cannot = (error) => new Error(`${file}: cannot read the report (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw cannot(error);
  }
  if (!stat.isFile()) throw new Error(`${file}: not a file`);
  if (stat.size > MERGE_LIMITS.reportBytes) {
    throw new Error(`${file}: ${stat.size} bytes, more than the ${MERGE_LIMITS.reportBytes / 1024 / 1024} MiB a report may have`);
  }
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw cannot(error);
  }
  return checkReport(parsed, file);
}
function readReports(files) {
  if (files.length > MERGE_LIMITS.reports) {
    throw new Error(`${files.length} reports to merge, more than the ${MERGE_LIMITS.reports} one merge reads (a matrix runs at most 256 jobs)`);
  }
  const total = files.reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0);
  if (total > MERGE_LIMITS.totalBytes) {
    throw new Error(`the reports to merge have ${total} bytes, more than the ${MERGE_LIMITS.totalBytes / 1024 / 1024} MiB one merge reads`);
  }
  return files.map((file) => readReport(file));
}
function better(a, b) {
  return a.verdict === "error" && b.verdict !== "error" ? b : a;
}
function mergeReports(reports) {
  if (reports.length === 0) throw new Error("no reports to merge");
  const threshold = reports[0].threshold;
  const other = reports.find((r) => r.threshold !== threshold);
  if (other) throw new Error(`the reports use different thresholds (${threshold} and ${other.threshold}); scan them with the same settings`);
  const byModel = /* @__PURE__ */ new Map();
  for (const report of reports) {
    for (const model of report.models) {
      const seen = byModel.get(model.model);
      byModel.set(model.model, seen ? better(seen, model) : model);
    }
  }
  if (byModel.size > MERGE_LIMITS.models) {
    throw new Error(
      `the reports hold ${byModel.size} models, more than the ${MERGE_LIMITS.models} one merged report may hold; narrow the models input, or split the models across workflows`
    );
  }
  return buildReport([...byModel.values()], threshold, reports[0].tool?.version ?? "unknown");
}
function locateArtifacts(recorded, reportDir) {
  const parts = recorded.split(/[\\/]+/).filter((p) => p !== "" && p !== "." && p !== "..");
  for (let start = 0; start < parts.length; start++) {
    const candidate = path.join(reportDir, ...parts.slice(start));
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
  }
  return void 0;
}

export {
  stripControl,
  escapeHtml,
  escapeMarkdown,
  VERDICT_ICON,
  verdictText,
  formatProbability,
  formatThreshold,
  formatComparison,
  formatTrigger,
  formatSettings,
  shortSha,
  fitText,
  formatSeconds,
  describeProgress,
  progressSink,
  buildBadge,
  buildSarif,
  readReports,
  mergeReports,
  locateArtifacts
};
