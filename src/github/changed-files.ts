/** The files a pull request adds or modifies, from the REST API's list of PR files. */
import type { ApiClient } from './api.js';

interface PullRequestFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/** Paths relative to the repository root, with forward slashes, as the API gives them. */
export async function listChangedFiles(api: ApiClient, owner: string, repo: string, pullNumber: number): Promise<Set<string>> {
  const files = await api.paginate<PullRequestFile>(`/repos/${owner}/${repo}/pulls/${pullNumber}/files?per_page=100`);
  // A removed model has nothing left to scan; a renamed one may be new to its reviewers.
  return new Set(files.filter((f) => f.status !== 'removed' && f.status !== 'unchanged').map((f) => f.filename));
}

/** Keeps the models (paths relative to the workspace) that the pull request touched. */
export function keepChanged(models: string[], changed: Set<string>): string[] {
  return models.filter((model) => changed.has(model.split('\\').join('/')));
}
