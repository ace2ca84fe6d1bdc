import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
import {
  scanSandboxedModel
} from "./chunks/chunk-434ODJKS.js";
import {
  useDevice
} from "./chunks/chunk-ELRYM3SO.js";

// src/scan/scan-worker.ts
var send = (message) => new Promise((resolve) => process.send(message, void 0, {}, () => resolve()));
process.once("message", async (job) => {
  if (job.device && job.device.device !== "cpu") useDevice(job.device);
  const report = await scanSandboxedModel(job.file, job.index, job.total, job.options, (_i, _n, _m, p) => void send({ type: "progress", ...p }), (verdict) => send({ type: "verdict", report: verdict }));
  await send({ type: "report", report });
  process.exit(0);
});
process.once("disconnect", () => process.exit(0));
