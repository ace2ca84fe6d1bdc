/** The action's inputs, read in one place. */
import * as core from '@actions/core';
import { optionsFromText, type SignatureOptions } from './options.js';

export interface ActionInputs {
  models: string[];
  outDir: string;
  options: Partial<SignatureOptions>;
}

export function readInputs(): ActionInputs {
  const models = core.getMultilineInput('models').flatMap((line) => line.split(',')).map((s) => s.trim()).filter(Boolean);
  return {
    models: models.length > 0 ? models : ['**/*.onnx'],
    outDir: core.getInput('out') || 'onepixel-out',
    options: optionsFromText({
      levels: core.getInput('levels'),
      base: core.getInput('base'),
      mode: core.getInput('mode'),
      'input-range': core.getInput('input-range'),
      mean: core.getInput('mean'),
      std: core.getInput('std'),
      block: core.getInput('block'),
      stride: core.getInput('stride'),
      layout: core.getInput('layout'),
      size: core.getInput('size'),
      outputs: core.getInput('outputs'),
      threads: core.getInput('threads'),
      batch: core.getInput('batch'),
    }),
  };
}
