/**
 * The browser script of the HTML report (plain ES2020, no modules): reads the embedded report
 * model and draws the charts with Chart.js. Kept as text here so the report is one
 * self-contained file; `window.__report` tells a headless browser when drawing is done.
 */
export const CHARTS_SCRIPT = String.raw`
(function () {
  'use strict';
  var model = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var color = function (i) { return palette[i % palette.length]; };
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  var charts = [];
  var make = function (id, config) { charts.push(new Chart(document.getElementById(id), config)); };

  // Throughput over time: entries per wall-clock second, x in seconds since the run started.
  var t0 = Infinity;
  model.workloads.forEach(function (w) { if (w.series.callsPerSec.length) t0 = Math.min(t0, w.series.startEpochSec); });
  make('chart-throughput', {
    type: 'line',
    data: {
      datasets: model.workloads.map(function (w, i) {
        return {
          label: w.name,
          borderColor: color(i),
          backgroundColor: color(i),
          pointRadius: 0,
          borderWidth: 1.5,
          data: w.series.entriesPerSec.map(function (v, s) { return { x: w.series.startEpochSec - t0 + s, y: v }; }),
        };
      }),
    },
    options: {
      scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds since the run started (wall-clock seconds)' } },
        y: { beginAtZero: true, title: { display: true, text: 'entries / s (all nodes)' } },
      },
    },
  });

  // Latency percentiles per workload and operation, log scale.
  var rows = [];
  model.workloads.forEach(function (w) {
    w.operations.forEach(function (o) { rows.push({ label: w.name + ' ' + o.operation, l: o.latency }); });
  });
  var pcts = [['p50', 'p50Ms'], ['p90', 'p90Ms'], ['p99', 'p99Ms'], ['p99.9', 'p999Ms'], ['max', 'maxMs']];
  make('chart-latency', {
    type: 'bar',
    data: {
      labels: rows.map(function (r) { return r.label; }),
      datasets: pcts.map(function (p, i) {
        return { label: p[0], backgroundColor: color(i), data: rows.map(function (r) { return Math.max(r.l[p[1]], 0.0001); }) };
      }),
    },
    options: { scales: { y: { type: 'logarithmic', title: { display: true, text: 'latency, ms (log scale)' } } } },
  });

  // Per-node comparison: measured calls per second of each node, per workload.
  var nodeIds = model.nodes.map(function (n) { return n.index; });
  make('chart-nodes', {
    type: 'bar',
    data: {
      labels: model.workloads.map(function (w) { return w.name; }),
      datasets: nodeIds.map(function (id, i) {
        return {
          label: 'node ' + id,
          backgroundColor: color(i),
          data: model.workloads.map(function (w) {
            var n = w.nodes.filter(function (x) { return x.node === id; })[0];
            return n ? n.throughputOpsPerSec : 0;
          }),
        };
      }),
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'calls / s' } } } },
  });

  // Errors by kind per workload (stacked).
  var kinds = [];
  model.workloads.forEach(function (w) {
    Object.keys(w.errorsByKind).forEach(function (k) { if (kinds.indexOf(k) < 0) kinds.push(k); });
  });
  make('chart-errors', {
    type: 'bar',
    data: {
      labels: model.workloads.map(function (w) { return w.name; }),
      datasets: (kinds.length ? kinds : ['errors']).map(function (k, i) {
        return {
          label: kinds.length ? k : 'no errors',
          backgroundColor: kinds.length ? color(i + 3) : '#cccccc',
          data: model.workloads.map(function (w) { return w.errorsByKind[k] || 0; }),
        };
      }),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'failed calls' } } } },
  });

  window.__report = { ready: true, charts: charts.length };
})();
`;
