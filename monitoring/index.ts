export { MonitoringError, type MonitoringErrorCode } from './errors';
export * from './catalog';
export {
  asCluster,
  checkAddress,
  collectorOf,
  DEFAULT_COLLECTOR_PORTS,
  GANGLIA_CLUSTERS,
  hostName,
  type GangliaCluster,
  type GangliaEndpoints,
  type GangliaNode,
} from './config/layout';
export {
  renderCollectorGmondConf,
  renderNodeGmondConf,
  type GmondTiming,
} from './config/gmond-conf';
export { renderGmetadConf, type GmetadConfOptions } from './config/gmetad-conf';
export {
  encodeMetadata,
  encodeValue,
  checkMetricName,
  type GmetricHost,
  type GmetricMetadata,
  type GmetricSlope,
  type GmetricType,
} from './gmetric/encode';
export {
  GmetricSender,
  type GmetricSenderOptions,
  type GmetricSenderStats,
  type GmetricValue,
  type GmondAddress,
} from './gmetric/sender';
export {
  fetchGangliaXml,
  parseGangliaXml,
  readGanglia,
  type GangliaClusterState,
  type GangliaHost,
  type GangliaMetric,
} from './ganglia-xml';
export { GANGLIA_PACKAGES, missingGangliaPackages, requireGangliaPackages } from './prerequisites';
export { applyPhp8Fixes, GANGLIA_WEB_ROOT, PHP8_SHIM, type FixReport } from './web/php8-fixes';
export {
  confHookBlock,
  DEBIAN_CONF_HOOK,
  instanceFiles,
  INSTANCE_CONF_VARIABLE,
  renderGangliaWebConf,
  renderHttpdConf,
  withConfHook,
  type GangliaWebDirs,
  type HttpdConfOptions,
} from './web/httpd-conf';
export { hostRegex, viewDocument, VIEWS, writeViews } from './web/views';
export {
  GangliaLoadTestPublisher,
  type GangliaLoadTestPublisherOptions,
} from './publishers/load-test-publisher';
export { saveGraphSnapshot, type GraphSnapshot, type SnapshotSink } from './snapshot';
export {
  countPoints,
  graphCsv,
  graphPng,
  graphSeries,
  graphUrl,
  viewUrl,
  type GraphSeries,
  type GraphTarget,
  type TimeWindow,
} from './web/graphs';
export { startPoller, type Poller, type PollerOptions } from './collectors/poller';
export { cassandraPoll } from './collectors/cassandra-collector';
export { processMemoryPoll } from './collectors/process-memory';
export { sidecarPoll, type SidecarHealth } from './collectors/sidecar-collector';
export { gangliaNodeUnits, nodeGmondUnit, systemdUnit, type SystemdUnit } from './systemd-units';
export { renderGraphsHtml } from './report-html';
export {
  writeGangliaNodeFiles,
  type GangliaNodeEndpoints,
  type GangliaNodeFiles,
  type GangliaNodeFilesOptions,
} from './ganglia-node-files';
