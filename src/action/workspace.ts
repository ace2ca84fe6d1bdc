/**
 * Paths the action reads or writes, held inside the workspace. A pull request can commit a
 * symlink where the config or the output folder would be; following it would read or write
 * (and upload) files anywhere on the runner.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './inputs.js';

const inside = (root: string, target: string): boolean => {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The real path of `file` (or of its nearest existing parent), which must lie in the workspace. */
export function withinWorkspace(input: string, file: string, workspace: string): string {
  const root = fs.realpathSync(workspace);
  const resolved = path.resolve(workspace, file);
  let existing = resolved;
  const rest: string[] = [];
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    // A dangling symlink exists as a link though not as a target: realpath would throw on it.
    try {
      fs.lstatSync(existing);
      throw new InputError(`input ${input}: ${file} is a symbolic link to nothing`);
    } catch (error) {
      if (error instanceof InputError) throw error;
    }
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  const real = path.join(fs.realpathSync(existing), ...rest);
  if (!inside(root, real)) throw new InputError(`input ${input}: ${file} resolves outside the workspace (${real}); refusing to use it`);
  return real;
}

/** The first .onnx file under a folder, if any (bounded: the output folder is shallow). */
function findModel(folder: string, depth = 0): string | undefined {
  if (depth > 8 || !fs.existsSync(folder)) return undefined;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (!entry.isDirectory() && entry.name.toLowerCase().endsWith('.onnx')) return full;
    if (entry.isDirectory()) {
      const found = findModel(full, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Empties the action's own output folder, so files of an earlier scan never ride along. */
export function clearOutputFolder(folder: string, workspace: string): void {
  const real = withinWorkspace('out', folder, workspace);
  if (real === fs.realpathSync(workspace)) throw new InputError('input out: the output folder cannot be the workspace itself');
  // A committed link named like the output folder would have the action empty what it points
  // at (the models themselves); a model committed inside it would be deleted unscanned.
  if (fs.lstatSync(path.resolve(workspace, folder), { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new InputError(`input out: ${folder} is a symbolic link; the output folder must be a plain folder`);
  }
  const model = findModel(real);
  if (model) throw new InputError(`input out: ${folder} holds a model (${path.relative(real, model)}); the output folder must hold only what onepixel writes`);
  fs.rmSync(real, { recursive: true, force: true });
  fs.mkdirSync(real, { recursive: true });
}
