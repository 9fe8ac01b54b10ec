export {
  loadConfig,
  parseConfig,
  parseSetOption,
  readConfigSource,
  ConfigError,
  type ConfigOverride,
} from './config/load-config';
export {
  loadTestConfigSchema,
  type LoadTestConfig,
  type LoadTestConfigInput,
} from './config/schema';
export { runLoadTest, plannedWorkloads, newRunId, type RunOptions } from './engine/run';
export type { LiveSample } from './engine/live';
export {
  OPERATION_TYPES,
  WORKLOADS,
  ORIGINAL_WORKLOADS,
  type OperationType,
  type WorkloadName,
} from './operations';
export { mergeResults } from './results/merge';
export { readResults } from './results/read-results';
export {
  loadTestResultSchema,
  RESULT_FORMAT,
  RESULT_VERSION,
  type LoadTestResult,
} from './results/schema';
export { reportModel, type ReportModel } from './report/model';
export { renderText } from './report/text';
export { ms as formatMs, num as formatNumber } from './report/private/format';
export { renderMarkdown } from './report/markdown';
export { renderHtml } from './report/html';
export { writeReports, type ReportFiles } from './report/write-reports';
export { createProgress, type Progress } from './progress/progress';
export { liveMetrics, publishTo, type Metric, type MetricsPublisher } from './metrics/publisher';
export { TARGETS } from './targets/registry';
export type { Target, TargetContext, TargetDefinition, Person } from './targets/target';
