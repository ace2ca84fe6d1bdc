/** The GitHub Action: computes the signature of every model the `models` globs match. */
import path from 'node:path';
import * as core from '@actions/core';
import * as glob from '@actions/glob';
import { writeSignatureArtifacts } from './artifacts.js';
import { describeError } from './errors.js';
import { readInputs } from './inputs.js';
import { describeProgress } from './progress.js';
import { computeSignature } from './signature.js';

interface Row {
  model: string;
  classes?: number;
  passes?: number;
  seconds?: number;
  out?: string;
  error?: string;
}

export async function run(): Promise<void> {
  let inputs;
  try {
    inputs = readInputs();
  } catch (error) {
    core.setFailed(describeError(error));
    return;
  }
  const globber = await glob.create(inputs.models.join('\n'), { matchDirectories: false });
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const files = (await globber.glob()).filter((f) => f.endsWith('.onnx')).sort();
  core.info(`onepixel: ${files.length} model(s) match ${inputs.models.join(', ')}`);
  const rows: Row[] = [];
  for (const [index, file] of files.entries()) {
    const model = path.relative(workspace, file) || file;
    const out = path.join(inputs.outDir, model.replace(/[\\/]/g, '__'));
    let lastLog = 0;
    try {
      const sig = await computeSignature(file, inputs.options, {
        onProgress: (p) => {
          if (p.seconds - lastLog < 10) return;
          lastLog = p.seconds;
          core.info(describeProgress(`[${index + 1}/${files.length}] ${model}`, p.done, p.total, p.seconds));
        },
      });
      writeSignatureArtifacts(sig, out);
      rows.push({ model, classes: sig.info.classes, passes: sig.info.passes, seconds: sig.info.seconds, out });
      core.info(`[${index + 1}/${files.length}] ${model}: ${sig.info.passes} passes in ${sig.info.seconds.toFixed(1)}s`);
    } catch (error) {
      const message = describeError(error);
      rows.push({ model, error: message });
      core.error(message, { file: model });
    }
  }
  const errors = rows.filter((r) => r.error).length;
  core.setOutput('scanned', String(rows.length));
  core.setOutput('errors', String(errors));
  core.setOutput('out', inputs.outDir);
  await core.summary
    .addHeading('onepixel signatures', 2)
    .addTable([
      [{ data: 'model', header: true }, { data: 'classes', header: true }, { data: 'passes', header: true }, { data: 'seconds', header: true }, { data: 'result', header: true }],
      ...rows.map((r) => [r.model, String(r.classes ?? ''), String(r.passes ?? ''), r.seconds?.toFixed(1) ?? '', r.error ?? r.out ?? '']),
    ])
    .write();
  if (errors > 0) core.setFailed(`${errors} of ${rows.length} model(s) could not be analysed`);
}
