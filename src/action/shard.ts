/**
 * Sharding for matrix jobs. A model's shard comes from a hash of its path, not its position in
 * the list, so adding or removing one model does not move the others between shards (and
 * their cached signatures stay with the shard that computed them).
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as matrix values are usually written: 1/4 … 4/4. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1024 || index < 1 || index > count) {
    throw new Error(`shard must be i/n with 1 ≤ i ≤ n ≤ 1024, for example 2/4 (got "${text}")`);
  }
  return { index, count };
}

/** The 1-based shard a model path belongs to out of `count`. */
export function shardOf(model: string, count: number): number {
  const digest = createHash('sha256').update(model.split('\\').join('/')).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(models: string[], shard: Shard): string[] {
  return models.filter((model) => shardOf(model, shard.count) === shard.index);
}
