/**
 * Browser script of the trend page: builds the gate table and one chart.js chart per trend from
 * the embedded verdict JSON. Plain ES2017, no modules. Sets `document.body.dataset.rendered` to
 * the number of charts drawn (the Chromium test waits for it).
 */
export const TREND_SCRIPT = String.raw`
(function () {
  var v = JSON.parse(document.getElementById('verdict-data').textContent);
  var pct = function (x) { return x === undefined || x === null ? '–' : (x >= 0 ? '+' : '') + (100 * x).toFixed(1) + '%'; };
  var table = document.createElement('table');
  var head = table.insertRow();
  ['cell', 'metric', 'verdict', 'change', 'p', 'q', 'CoV baseline', 'detectable'].forEach(function (h) {
    var th = document.createElement('th'); th.textContent = h; head.appendChild(th);
  });
  v.gate.forEach(function (g) {
    var row = table.insertRow();
    row.className = g.verdict;
    [g.cell, g.metric, g.verdict, pct(g.relativeChange), g.pValue === undefined ? '–' : g.pValue.toPrecision(2),
     g.qValue === undefined ? '–' : g.qValue.toPrecision(2),
     g.baselineCoV === undefined ? '–' : (100 * g.baselineCoV).toFixed(2) + '%',
     g.detectableChange === undefined ? '–' : (100 * g.detectableChange).toFixed(1) + '%'].forEach(function (t) {
      row.insertCell().textContent = t;
    });
  });
  document.getElementById('gate-table').appendChild(table);
  var charts = document.getElementById('charts');
  var drawn = 0;
  v.trends.forEach(function (t, i) {
    var section = document.createElement('div');
    var verdict = v.gate.find(function (g) { return g.cell === t.cell && g.metric === t.metric; });
    var h = document.createElement('h3');
    h.textContent = t.cell + ' — ' + t.metric + (verdict ? ' (' + verdict.verdict + ')' : '');
    section.appendChild(h);
    var box = document.createElement('div'); box.className = 'chart';
    var canvas = document.createElement('canvas'); canvas.id = 'trend-' + i; box.appendChild(canvas);
    section.appendChild(box);
    var links = t.reportLinks.filter(function (l) { return l.night === v.night; });
    if (links.length) {
      var p = document.createElement('p'); p.textContent = 'Tonight\u2019s run reports: ';
      links.forEach(function (l, k) { var a = document.createElement('a'); a.href = l.link; a.textContent = '#' + k; p.appendChild(a); p.append(' '); });
      section.appendChild(p);
    }
    charts.appendChild(section);
    var labels = t.nights.map(function (n) { return n.night; });
    var runs = [];
    t.nights.forEach(function (n) { n.values.forEach(function (value) { runs.push({ x: n.night, y: value }); }); });
    var cps = t.changePoints.map(function (c) {
      var n = t.nights.find(function (m) { return m.night === c.night; });
      return { x: c.night, y: n ? n.median : null };
    });
    var regression = verdict && verdict.verdict === 'regression';
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: labels,
        datasets: [
          { label: 'nightly median', data: t.nights.map(function (n) { return n.median; }), borderColor: '#36c', pointRadius: 2 },
          { label: 'runs', type: 'scatter', data: runs, backgroundColor: 'rgba(0,0,0,0.35)', pointRadius: 2 },
          { label: 'change point', type: 'scatter', data: cps, pointStyle: 'triangle', pointRadius: 9, backgroundColor: '#e80' },
          { label: 'tonight: ' + (verdict ? verdict.verdict : 'not gated'), type: 'scatter',
            data: [{ x: v.night, y: (t.nights.find(function (m) { return m.night === v.night; }) || {}).median }],
            pointRadius: 7, backgroundColor: regression ? '#d00' : '#2a2' },
        ],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { type: 'category' } } },
    });
    drawn++;
  });
  document.body.dataset.rendered = String(drawn);
})();
`;
