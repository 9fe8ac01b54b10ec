import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { LoadTestResult } from '../results/schema';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { reportModel } from './model';

/** The files {@link writeReports} writes. */
export interface ReportFiles {
  readonly summaryJson: string;
  readonly markdown: string;
  readonly html: string;
}

/** Writes `summary.json`, `summary.md` and `report.html` for a (merged) result into `dir`. */
export function writeReports(result: LoadTestResult, dir: string): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const model = reportModel(result);
  const files: ReportFiles = {
    summaryJson: path.join(dir, 'summary.json'),
    markdown: path.join(dir, 'summary.md'),
    html: path.join(dir, 'report.html'),
  };
  writeFileSync(files.summaryJson, `${JSON.stringify(model, null, 2)}\n`);
  writeFileSync(files.markdown, renderMarkdown(model));
  writeFileSync(files.html, renderHtml(model));
  return files;
}
