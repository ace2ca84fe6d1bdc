/**
 * The layout of src/ (docs/ARCHITECTURE.md): folders by job, stacked in floors, each importing
 * only its own floor or lower, and no import circle anywhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Bottom to top. Files directly in src/ (the CLI, the action's entry, the library) are the top floor. */
const FLOORS = ['engine', 'signature', 'recipe', 'detector', 'report', 'scan', 'action'];
const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const floorOf = (file: string): number => {
  const top = path.relative(SRC, file).split(path.sep);
  return top.length === 1 ? FLOORS.length : FLOORS.indexOf(top[0]!);
};

/** Every relative import of a source file (static, type-only and dynamic), resolved to a .ts file. */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return found.map((spec) => path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
}

describe('the layout of src/', () => {
  const files = sources(SRC);
  const graph = new Map(files.map((f) => [f, imports(f)]));

  it('has every file in a known floor', () => {
    for (const f of files) expect(floorOf(f), path.relative(ROOT, f)).toBeGreaterThanOrEqual(0);
  });

  it('imports only from the same floor or a lower one', () => {
    const upward = [...graph].flatMap(([f, deps]) => deps.filter((d) => floorOf(d) > floorOf(f)).map((d) => `${path.relative(SRC, f)} → ${path.relative(SRC, d)}`));
    expect(upward).toEqual([]);
  });

  it('has no import circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        circles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(SRC, x)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) visit(d, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });

  it('keeps GitHub code out of the CLI', () => {
    const reach = new Set<string>();
    const walk = (f: string): void => {
      if (reach.has(f)) return;
      reach.add(f);
      for (const d of graph.get(f) ?? []) walk(d);
    };
    walk(path.join(SRC, 'cli.ts'));
    expect([...reach].filter((f) => floorOf(f) === FLOORS.indexOf('action')).map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('keeps every function of src/recipe/ under 80 lines', () => {
    const long: string[] = [];
    for (const file of files.filter((f) => floorOf(f) === FLOORS.indexOf('recipe'))) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          if (lines >= 80) long.push(`${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lines} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });
});
