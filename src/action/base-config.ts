/**
 * The scan config as the pull request's base branch has it. A pull request is written by its
 * author, config included: the base branch's config is the one the team reviewed, so it is
 * trusted, and whatever the pull request changes in it only adds conventions to scan.
 */
import { ApiError, type ApiClient } from './api.js';

/** The file's text at `ref`, or null when it does not exist there. */
export async function readFileAt(api: ApiClient, owner: string, repo: string, file: string, ref: string): Promise<string | null> {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  try {
    const response = await api.request<{ type?: string; encoding?: string; content?: string }>('GET', `/repos/${owner}/${repo}/contents/${encoded}?ref=${encodeURIComponent(ref)}`);
    const { type, encoding, content } = response.data ?? {};
    if (type !== 'file' || encoding !== 'base64' || typeof content !== 'string') throw new Error(`${file} at ${ref.slice(0, 12)} is not a file the API returns whole`);
    return Buffer.from(content, 'base64').toString('utf8');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
