// vistream dashboard: draws /api/history, /api/histogram (or /api/scatter) and /api/stats, then
// follows /api/snapshots. Clusters come and go: every chart is keyed by cluster id (given at birth,
// never reused). What the page drew is recorded on document.body.dataset for the browser test.
(function () {
  'use strict';
  const MAX_POINTS = 720;
  const MAX_SAMPLES = 720;
  const RATE_WINDOW_MS = 5000;
  const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
  // Markers of the means chart, one dataset per kind of event.
  const MARKERS = [
    { kind: 'page-hinkley', label: 'change alarm', style: 'triangle', colour: '#111827' },
    { kind: 'birth', label: 'birth', style: 'circle', colour: '#16a34a' },
    { kind: 'merge', label: 'merge', style: 'rectRot', colour: '#ea580c' },
    { kind: 'delete', label: 'delete', style: 'crossRot', colour: '#dc2626' } ];
  const REASONS = [
    { tag: 'malformed', label: 'malformed', what: 'not readable as numbers' },
    { tag: 'not_finite', label: 'not finite', what: 'NaN or infinite' },
    { tag: 'wrong_dimension', label: 'wrong dimension', what: 'wrong number of values' },
    { tag: 'out_of_range', label: 'out of range', what: 'beyond ±1e50' } ];
  const points = [];
  const samples = [];             // {x: service time, y: p95 update time in ms}, one per /api/stats
  let fitChart, densityChart, meansChart, weightsChart, intakeChart;
  let multivariate = false, plot = [1], latest = null, modelKey = null;
  const meanSets = new Map();     // id -> index of its first dataset in the means chart
  const weightSets = new Map();   // id -> dataset index in the weights chart
  const ellipseSets = new Map();  // id -> dataset index in the scatter chart

  function colour(id, alpha) {
    const c = PALETTE[(id - 1) % PALETTE.length];
    if (alpha === undefined) return c;
    const n = parseInt(c.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function number(x) {
    return x.toLocaleString('en');
  }

  const pad = n => String(n).padStart(2, '0');
  // A time of the service's clock (epoch milliseconds), as the browser's local wall-clock time.
  function clock(ms, seconds) {
    const t = new Date(ms);
    return pad(t.getHours()) + ':' + pad(t.getMinutes()) + (seconds === false ? '' : ':' + pad(t.getSeconds()));
  }

  function duration(seconds) {
    if (seconds < 10) return seconds.toFixed(1) + ' s';
    if (seconds < 120) return Math.round(seconds) + ' s';
    if (seconds < 7200) return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s';
    return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
  }

  // A snapshot's per-cluster arrays are K arrays of D numbers when D >= 2, K numbers when D = 1.
  function at(values, cluster, dim, d) {
    return Array.isArray(values[cluster]) ? values[cluster][dim] : values[cluster * d + dim];
  }

  // A cluster's own variance in one dimension: K numbers when D = 1, K D×D arrays otherwise.
  function ownVariance(s, cluster, dim) {
    const c = s.covariances[cluster];
    return Array.isArray(c) ? c[dim][dim] : c;
  }

  function pointOf(s) {
    const d = s.dimension, a = (plot[0] || 1) - 1, means = [], sd = [], spread = [];
    for (let j = 0; j < s.ids.length; j++) {
      means.push(at(s.means, j, a, d));
      sd.push(Math.sqrt(at(s.variances, j, a, d)));
      spread.push(Math.sqrt(ownVariance(s, j, a)));
    }
    return { observations: s.observations, time: s.time, elbo: s.elbo, predictive: s.predictiveLogDensity, ids: s.ids,
             means: means, sd: sd, spread: spread, weights: s.weights, events: s.driftEvents };
  }

  // The service's time of the point at (or just before) an observation count.
  function timeAt(observations) {
    let lo = 0, hi = points.length - 1, found = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid].observations <= observations) { found = points[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found && found.time ? found.time : null;
  }

  // Tooltips of the charts over observations: the count and the wall-clock time of the update.
  function observationTitle(items) {
    if (!items.length) return '';
    const x = items[0].parsed.x, t = timeAt(x);
    return 'observation ' + number(x) + (t ? ' · ' + clock(t) : '');
  }

  // The span of wall-clock time the charts over observations cover, for their axis titles.
  function spanTitle() {
    const first = points.find(p => p.time), last = points[points.length - 1];
    return first && last && last.time ? 'observations  (' + clock(first.time) + ' – ' + clock(last.time) + ')' : 'observations';
  }

  const legend = { position: 'bottom', labels: { boxWidth: 12 } };
  const common = { animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
                   interaction: { mode: 'nearest', axis: 'x', intersect: false } };
  const observationAxis = () => ({ type: 'linear', title: { display: true, text: 'observations' },
                                   ticks: { callback: v => number(v) } });
  // A legend entry for each marker, and for each cluster while it is in the window.
  function clusterFilter(firstCluster) {
    return function (item, data) {
      return item.datasetIndex < firstCluster || (!/sd$/.test(item.text)
        && data.datasets[item.datasetIndex].data.some(v => v.y !== null));
    };
  }

  function makeCharts() {
    fitChart = new Chart(document.getElementById('fitChart'), {
      type: 'line',
      data: { datasets: [
        { label: 'ELBO per observation', data: [], borderColor: '#2563eb', backgroundColor: '#2563eb', pointRadius: 0,
          borderWidth: 2 },
        { label: 'log p(x | past), prequential', data: [], borderColor: '#ea580c', backgroundColor: '#ea580c',
          pointRadius: 0, borderWidth: 1.5, borderDash: [5, 3] } ] },
      options: Object.assign({}, common, {
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 28 } },
                   tooltip: { callbacks: { title: observationTitle,
                                           label: i => i.dataset.label + ': ' + i.parsed.y.toFixed(4) + ' nats' } } },
        scales: { x: observationAxis(), y: { title: { display: true, text: 'nats per observation' } } } })
    });
    if (multivariate) {
      makeScatter();
    } else densityChart = new Chart(document.getElementById('densityChart'), {
      type: 'bar',
      data: { datasets: [
        { type: 'line', label: 'fitted density', data: [], borderColor: '#dc2626', backgroundColor: '#dc2626',
          pointRadius: 0, borderWidth: 2, order: 0 },
        { type: 'bar', label: 'recent observations', data: [], backgroundColor: 'rgba(37,99,235,0.35)',
          barPercentage: 1.0, categoryPercentage: 1.0, grouped: false, order: 1 } ] },
      options: { animation: false, maintainAspectRatio: false, parsing: false, plugins: { legend: legend,
                   tooltip: { callbacks: { title: items => items.length ? 'x = ' + items[0].parsed.x.toFixed(2) : '' } } },
                 interaction: { mode: 'index', intersect: false },
                 scales: { x: { type: 'linear', offset: false, grid: { offset: false },
                                title: { display: true, text: 'observation value' }, ticks: { maxTicksLimit: 12 } },
                           y: { title: { display: true, text: 'density' }, beginAtZero: true } } }
    });
    meansChart = new Chart(document.getElementById('meansChart'), {
      type: 'line',
      data: { datasets: MARKERS.map(m => ({ type: 'scatter', label: m.label, data: [], backgroundColor: m.colour,
                                            borderColor: m.colour, pointStyle: m.style, pointRadius: 7 })) },
      options: Object.assign({}, common, {
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, filter: clusterFilter(MARKERS.length) } },
                   tooltip: { filter: i => !/sd$/.test(i.dataset.label) && i.parsed.y !== null,
                              callbacks: { title: observationTitle, label: meanLabel } } },
        scales: { x: observationAxis(), y: { title: { display: true, text: 'mean' } } } })
    });
    weightsChart = new Chart(document.getElementById('weightsChart'), {
      type: 'line',
      data: { datasets: [] },
      options: Object.assign({}, common, {
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, filter: clusterFilter(0) } },
                   tooltip: { filter: i => i.parsed.y !== null,
                              callbacks: { title: observationTitle,
                                           label: i => i.dataset.label + ': ' + (100 * i.parsed.y).toFixed(1) + ' %' } } },
        scales: { x: observationAxis(),
                  y: { min: 0, suggestedMax: 0.5, title: { display: true, text: 'weight' },
                       ticks: { callback: v => Math.round(100 * v) + ' %' } } } })
    });
    intakeChart = new Chart(document.getElementById('intakeChart'), {
      type: 'line',
      data: { datasets: [
        { label: 'observations / s', data: [], borderColor: '#0891b2', backgroundColor: 'rgba(8,145,178,0.12)', fill: true,
          pointRadius: 0, borderWidth: 1.5, yAxisID: 'y' },
        { label: 'update time p95 (ms)', data: [], borderColor: '#9333ea', backgroundColor: '#9333ea', pointRadius: 2,
          borderWidth: 1.5, yAxisID: 'ms' } ] },
      options: Object.assign({}, common, {
        plugins: { legend: legend,
                   tooltip: { callbacks: { title: items => items.length ? clock(items[0].parsed.x) : '',
                                           label: i => i.datasetIndex === 0 ? number(Math.round(i.parsed.y)) + ' obs/s'
                                             : 'update p95 ' + i.parsed.y.toFixed(2) + ' ms' } } },
        scales: { x: { type: 'linear', title: { display: true, text: 'time (the service\'s clock, shown in local time)' },
                       ticks: { callback: v => clock(v) },
                       // Ticks on whole multiples of the step, so that they read as round times.
                       afterBuildTicks: axis => {
                         const o = axis.options, step = o.ticks.stepSize;
                         if (!step || o.min === undefined || o.max === undefined) return;
                         const ticks = [];
                         for (let v = Math.ceil(o.min / step) * step; v <= o.max; v += step) ticks.push({ value: v });
                         axis.ticks = ticks;
                       } },
                  y: { beginAtZero: true, title: { display: true, text: 'observations / s' },
                       ticks: { callback: v => number(v) } },
                  ms: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                        title: { display: true, text: 'update time p95 (ms)' } } } })
    });
  }

  function meanLabel(i) {
    if (i.raw.event) return describe(i.raw.event);
    const band = i.raw.sd !== undefined ? ' (sd ' + i.raw.sd.toFixed(2) + ')' : '';
    return i.dataset.label + ': mean ' + i.parsed.y.toFixed(3) + band;
  }

  // Three datasets per cluster id, added when the id first appears: the band's edges and the mean.
  function meanDatasets(id) {
    if (!meanSets.has(id)) {
      const sets = meansChart.data.datasets;
      meanSets.set(id, sets.length);
      sets.push({ label: 'cluster ' + id + ' −2sd', data: [], borderColor: 'transparent', pointRadius: 0,
                  pointHoverRadius: 0, fill: false });
      sets.push({ label: 'cluster ' + id + ' +2sd', data: [], borderColor: 'transparent', pointRadius: 0,
                  pointHoverRadius: 0, backgroundColor: colour(id, 0.15), fill: '-1' });
      sets.push({ label: 'cluster ' + id, data: [], borderColor: colour(id), backgroundColor: colour(id), pointRadius: 0,
                  borderWidth: 2, fill: false });
    }
    return meanSets.get(id);
  }

  function weightDataset(id) {
    if (!weightSets.has(id)) {
      const sets = weightsChart.data.datasets;
      weightSets.set(id, sets.length);
      sets.push({ label: 'cluster ' + id, data: [], borderColor: colour(id), backgroundColor: colour(id), pointRadius: 0,
                  borderWidth: 2, fill: false });
    }
    return weightSets.get(id);
  }

  // Nice steps for a time axis, in seconds.
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

  function drawIntake() {
    if (!intakeChart) return;
    // Observations a second over a sliding window, on a regular grid of the service's time that runs
    // to its latest answer: an idle feed reads 0, and the rate before the page opened is there too.
    // The grid starts after the last long gap between updates (a restart from an old checkpoint).
    const timed = points.filter(p => p.time), rate = [];
    let begin = timed.length - 1;
    while (begin > 0 && timed[begin].time - timed[begin - 1].time <= 60000) begin--;
    if (begin >= 0) {
      // Past the last update only once the feed has been quiet for longer than its usual pauses.
      const first = timed[begin].time, last = timed[timed.length - 1].time;
      const end = alive - last > 2 * medianGap() + 1000 ? alive : last;
      const step = Math.max(250, Math.ceil((end - first) / 480 / 250) * 250);
      const count = t => {
        let lo = begin, hi = timed.length - 1, n = timed[begin].observations;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (timed[mid].time <= t) { n = timed[mid].observations; lo = mid + 1; } else hi = mid - 1;
        }
        return n;
      };
      for (let t = end; t - first >= 500; t -= step) {
        const from = Math.max(first, t - RATE_WINDOW_MS);
        rate.push({ x: t, y: (count(t) - count(from)) * 1000 / (t - from) });
      }
      rate.reverse();
    }
    const sets = intakeChart.data.datasets;
    sets[0].data = rate;
    const from = rate.length ? rate[0].x : samples.length ? samples[0].x : 0;
    sets[1].data = samples.filter(s => s.x >= from);
    const xs = rate.map(r => r.x).concat(sets[1].data.map(s => s.x));
    const x = intakeChart.options.scales.x;
    if (xs.length > 1) {
      x.min = Math.min.apply(null, xs);
      x.max = Math.max.apply(null, xs);
      const span = (x.max - x.min) / 1000;
      const step = TIME_STEPS.find(s => span / s <= 8) || 7200;
      x.ticks.stepSize = step * 1000;
      x.ticks.callback = v => clock(v, step >= 60 ? false : undefined);
    }
    intakeChart.update('none');
    document.body.dataset.throughputPoints = String(rate.length);
    document.body.dataset.latencyPoints = String(sets[1].data.filter(v => v.y !== null).length);
  }

  function drawTimeCharts() {
    if (!fitChart) return;
    fitChart.data.datasets[0].data = points.map(p => ({ x: p.observations, y: p.elbo }));
    fitChart.data.datasets[1].data = points.map(p => ({ x: p.observations, y: p.predictive }));
    // The charts over observations span exactly the points they hold.
    const title = spanTitle(), first = points[0], end = points[points.length - 1];
    [fitChart, meansChart, weightsChart].forEach(c => {
      const x = c.options.scales.x;
      x.title.text = title;
      x.min = first && end.observations > first.observations ? first.observations : undefined;
      x.max = first && end.observations > first.observations ? end.observations : undefined;
    });
    fitChart.update('none');
    // Each cluster is drawn while it lives and carries weight (1 % or more); a gap elsewhere.
    const ids = new Set();
    points.forEach(p => p.ids.forEach(id => ids.add(id)));
    let longest = 0, weighed = 0, band = 0;
    // A cluster that has left the window (merged, removed, or born before it) is drawn no more.
    meanSets.forEach((first, id) => {
      if (!ids.has(id)) [0, 1, 2].forEach(j => { meansChart.data.datasets[first + j].data = []; });
    });
    weightSets.forEach((index, id) => {
      if (!ids.has(id)) weightsChart.data.datasets[index].data = [];
    });
    ids.forEach(id => {
      const first = meanDatasets(id);
      const value = (p, f) => {
        const j = p.ids.indexOf(id);
        return { x: p.observations, y: j >= 0 && p.weights[j] >= 0.01 ? f(p, j) : null };
      };
      // The band is the cluster's own spread (its observations' sd), which stays wide; the posterior
      // sd of the mean (p.sd) shrinks with the data to a fraction of a pixel.
      const spread = (q, j) => q.spread ? q.spread[j] : q.sd[j];
      const sets = meansChart.data.datasets;
      sets[first].data = points.map(p => value(p, (q, j) => q.means[j] - 2 * spread(q, j)));
      sets[first + 1].data = points.map(p => value(p, (q, j) => q.means[j] + 2 * spread(q, j)));
      sets[first + 2].data = points.map(p => {
        const v = value(p, (q, j) => q.means[j]);
        const j = p.ids.indexOf(id);
        if (v.y !== null) v.sd = spread(p, j);
        return v;
      });
      longest = Math.max(longest, sets[first + 2].data.filter(v => v.y !== null).length);
      const w = weightsChart.data.datasets[weightDataset(id)];
      w.data = points.map(p => {
        const j = p.ids.indexOf(id);
        return { x: p.observations, y: j >= 0 && p.weights[j] >= 0.01 ? p.weights[j] : null };
      });
      weighed = Math.max(weighed, w.data.filter(v => v.y !== null).length);
    });
    const events = [];
    MARKERS.forEach((m, i) => { meansChart.data.datasets[i].data = []; });
    points.forEach((p, at) => p.events.forEach(e => {
      events.push(e);
      remember(e);
      const marker = MARKERS.findIndex(m => m.kind === e.kind);
      // An alarm is marked once per episode; every move is marked where its cluster stands (a
      // removed cluster where it last stood).
      const first = e.kind !== 'page-hinkley' || !events.some(o => o !== e && o.kind === e.kind && o.episode === e.episode);
      if (marker >= 0 && first) {
        let q = at, j = p.ids.indexOf(e.ids[0]);
        while (j < 0 && q > 0) j = points[--q].ids.indexOf(e.ids[0]);
        const y = j >= 0 ? points[q].means[j] : p.means.length ? p.means[0] : 0;
        meansChart.data.datasets[marker].data.push({ x: e.observations, y: y, event: e });
      }
    }));
    meansChart.update('none');
    weightsChart.update('none');
    // How tall the latest band is on the screen, in pixels (the narrowest cluster's).
    const last = points[points.length - 1], y = meansChart.scales.y;
    if (last && y) {
      band = Infinity;
      last.ids.forEach((id, j) => {
        if (last.weights[j] >= 0.01) {
          const s = last.spread ? last.spread[j] : last.sd[j];
          band = Math.min(band, Math.abs(y.getPixelForValue(last.means[j] - 2 * s) - y.getPixelForValue(last.means[j] + 2 * s)));
        }
      });
    }
    drawIntake();
    drawEvents();
    document.body.dataset.elboPoints = String(fitChart.data.datasets[0].data.length);
    document.body.dataset.meanPoints = String(longest);
    document.body.dataset.weightPoints = String(weighed);
    document.body.dataset.bandPixels = String(Number.isFinite(band) ? Math.round(band) : 0);
    document.body.dataset.events = String(events.length);
    document.body.dataset.marked = MARKERS.filter((m, i) => meansChart.data.datasets[i].data.length).map(m => m.kind).join(',');
  }

  function describe(e) {
    const gain = ' (+' + e.gain.toFixed(1) + ' nats)';
    switch (e.kind) {
      case 'birth': return 'birth of cluster ' + e.ids[0] + (e.ids.length > 1 ? ' from ' + e.ids.slice(1).join(', ') : '') + gain;
      case 'merge': return 'cluster ' + e.ids[1] + ' merged into ' + e.ids[0] + gain;
      case 'delete': return 'cluster ' + e.ids[0] + ' removed' + gain;
      default: return 'change alarm in cluster ' + e.ids[0] + ' (' + e.size.toFixed(1) + ' nats of surprise)';
    }
  }

  // Every event seen since the page opened, oldest first: the list is a log, and keeps a change
  // after its snapshots have left the charts' window.
  // At most MAX_LOG events are kept, the newest.
  const MAX_LOG = 1000, log = [], logged = new Set();
  const keyOf = e => e.observations + ' ' + e.kind + ' ' + e.ids.join(',');
  function remember(e) {
    if (logged.has(keyOf(e))) return;
    logged.add(keyOf(e));
    log.push(e);
    log.sort((a, b) => a.observations - b.observations);
    if (log.length > MAX_LOG) logged.delete(keyOf(log.shift()));
  }

  function when(e) {
    return e.time ? ' <span class="muted">at ' + clock(e.time) + '</span>' : '';
  }

  // Events grouped into episodes of change: the alarms of one change and the moves that followed
  // them are one entry; moves outside any episode are entries of their own.
  function drawEvents() {
    const list = document.getElementById('eventList');
    const events = log;
    document.body.dataset.logged = String(events.length);
    if (!events.length) return;
    const groups = [];
    events.forEach(e => {
      const last = groups[groups.length - 1];
      if (e.episode > 0 && last && last.episode === e.episode) last.events.push(e);
      else groups.push({ episode: e.episode, events: [e] });
    });
    list.innerHTML = groups.slice(-30).reverse().map(g => {
      const from = g.events[0].observations, to = g.events[g.events.length - 1].observations;
      const alarms = g.events.filter(e => e.kind === 'page-hinkley').length;
      const moves = g.events.filter(e => e.kind !== 'page-hinkley');
      if (g.episode === 0) return '<li>observation ' + number(from) + when(g.events[0]) + ': ' + describe(g.events[0]) + '</li>';
      return '<li><b>change ' + g.episode + '</b>, observations ' + number(from) + (to > from ? '–' + number(to) : '') +
        when(g.events[0]) + ': ' + alarms + (alarms === 1 ? ' alarm' : ' alarms') +
        (alarms ? ' (first: ' + describe(g.events.find(e => e.kind === 'page-hinkley')) + ')' : '') +
        (moves.length ? '; ' + moves.map(describe).join('; ') : '') + '</li>';
    }).join('');
    document.body.dataset.episodes = String(groups.length);
  }

  // The cluster table: id, weight, mean and sd in the plotted dimensions, the observations the
  // posterior holds of each (from /api/stats, by id), age.
  let heldCounts = new Map(), tabled = null;
  function drawTable(s) {
    tabled = s;
    const d = s.dimension, dims = multivariate ? [plot[0] - 1, plot[1] - 1] : [0];
    const rows = s.ids.map((id, j) => {
      const mean = dims.map(a => at(s.means, j, a, d).toFixed(2)).join(', ');
      const sd = dims.map(a => Math.sqrt(ownVariance(s, j, a)).toFixed(2)).join(', ');
      const held = heldCounts.has(id) ? number(Math.round(heldCounts.get(id))) : '–';
      return '<tr><td><span class="swatch" style="background:' + colour(id) + '"></span>' + id + '</td><td>' +
        (100 * s.weights[j]).toFixed(1) + ' %</td><td>' + mean + '</td><td>' + sd + '</td><td>' + held + '</td><td>' +
        number(s.observations - s.born[j]) + '</td></tr>';
    });
    document.getElementById('clusterRows').innerHTML = rows.join('');
    document.body.dataset.clusterRows = String(rows.length);
  }

  function showStatus(s) {
    document.getElementById('observations').textContent = number(s.observations);
    document.getElementById('rejected').textContent = number(s.rejected);
    document.getElementById('elbo').textContent = s.elbo.toFixed(4);
    document.getElementById('predictive').textContent = s.predictiveLogDensity.toFixed(4);
    document.getElementById('step').textContent = s.stepSize.toPrecision(3);
    let h = 0;
    s.weights.forEach(w => { if (w > 0) h -= w * Math.log(w); });
    document.getElementById('clusters').textContent = String(s.ids.length);
    document.getElementById('effective').textContent = 'effective ' + Math.exp(h).toFixed(2);
    drawTable(s);
  }

  // Multivariate models: recent points in the plotted pair of dimensions, each cluster's mean and its
  // 2-sd ellipse, from /api/scatter.
  function makeScatter() {
    document.getElementById('densityTitle').textContent = 'Recent observations in dimensions ' + plot[0] + ' and ' +
      plot[1] + ', with each cluster\'s mean and 2-sd ellipse';
    densityChart = new Chart(document.getElementById('densityChart'), {
      type: 'scatter',
      data: { datasets: [
        { type: 'scatter', label: 'recent observations', data: [], backgroundColor: 'rgba(75,85,99,0.25)', pointRadius: 1.5 },
        { type: 'scatter', label: 'means', data: [], backgroundColor: '#111827', pointStyle: 'crossRot',
          pointRadius: 7, borderColor: '#111827', borderWidth: 2 } ] },
      options: Object.assign({}, common, { interaction: { mode: 'nearest', intersect: true },
        plugins: { legend: legend },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'dimension ' + plot[0] } },
          y: { type: 'linear', title: { display: true, text: 'dimension ' + plot[1] } } } })
    });
  }

  function drawScatter(view) {
    if (!densityChart) return;
    const shown = [];
    for (let i = 0; i + 1 < view.points.length; i += 2) shown.push({ x: view.points[i], y: view.points[i + 1] });
    const sets = densityChart.data.datasets;
    sets[0].data = shown;
    ellipseSets.forEach(index => { sets[index].data = []; });
    const carried = view.clusters.filter(c => c.weight >= 0.01);
    carried.forEach(c => {
      if (!ellipseSets.has(c.id)) {
        ellipseSets.set(c.id, sets.length);
        sets.push({ type: 'line', label: 'cluster ' + c.id, data: [], borderColor: colour(c.id), pointRadius: 0,
                    borderWidth: 2, fill: false });
      }
      const ellipse = [];
      for (let t = 0; t + 1 < c.ellipse.length; t += 2) ellipse.push({ x: c.ellipse[t], y: c.ellipse[t + 1] });
      sets[ellipseSets.get(c.id)].data = ellipse;
    });
    sets[1].data = carried.map(c => ({ x: c.mean[0], y: c.mean[1] }));
    densityChart.update('none');
    document.body.dataset.scatterPoints = String(shown.length);
    document.body.dataset.ellipses = String(carried.length);
  }

  function drawHistogram(hist) {
    if (!densityChart) return;
    densityChart.data.datasets[0].data = hist.centres.map((c, b) => ({ x: c, y: hist.density[b] }));
    densityChart.data.datasets[1].data = hist.centres.map((c, b) => ({ x: c, y: hist.histogram[b] }));
    densityChart.update('none');
    document.body.dataset.histogramBins = String(hist.histogram.length);
    document.body.dataset.histogramTicks = densityChart.scales.x.ticks.map(t => t.value).join(',');
  }

  // Throughput, update time and rejects: /api/stats. Its clock also gives the browser's offset
  // from the service's, so that the age of the last update is right on another machine.
  let skew = 0, alive = 0;
  function drawStats(stats, sent, received) {
    skew = stats.time - (sent + received) / 2;
    alive = stats.time;
    document.getElementById('throughput').textContent = number(Math.round(stats.observationsPerSecond));
    const p95 = stats.update && stats.update.p95Seconds !== undefined && stats.update.p95Seconds !== null
      ? 1000 * stats.update.p95Seconds : null;
    document.getElementById('latency').textContent = p95 === null ? '–' : p95 < 10 ? p95.toFixed(2) : p95.toFixed(0);
    if (p95 !== null && (!samples.length || samples[samples.length - 1].x < stats.time)) {
      // Samples come every second: a longer silence (the page or the service was away) is a gap.
      if (samples.length && stats.time - samples[samples.length - 1].x > 5000) samples.push({ x: stats.time - 1, y: null });
      samples.push({ x: stats.time, y: p95 });
      if (samples.length > MAX_SAMPLES) samples.shift();
    }
    if (stats.clusters) {
      heldCounts = new Map(stats.clusters.ids.map((id, j) => [id, stats.clusters.observations[j]]));
      if (tabled) drawTable(tabled);
    }
    const by = stats.rejectedByReason || {};
    const total = REASONS.reduce((sum, r) => sum + (by[r.tag] || 0), 0);
    const input = total + (stats.observations || 0);
    document.getElementById('rejectRows').innerHTML = REASONS.map(r => {
      const n = by[r.tag] || 0;
      return '<tr><td>' + r.tag + '<span class="what">' + r.what + '</span></td><td' + (n ? ' class="nonzero"' : '') +
        '>' + number(n) + '</td><td>' + (input ? (100 * n / input).toFixed(n && n * 1000 < input ? 3 : 1) : '0.0') + ' %</td></tr>';
    }).join('');
    document.getElementById('rejectNote').textContent = total ? 'Rejected observations are counted on /metrics as ' +
      'vistream_observations_rejected_total{reason}; the service can keep them in a dead-letter file.'
      : 'No input rejected.';
    drawIntake();
    document.body.dataset.rejectReasons = String(REASONS.length);
    document.body.dataset.stats = String(Number(document.body.dataset.stats || 0) + 1);
  }

  function refreshStats() {
    const sent = Date.now();
    fetch('/api/stats').then(r => r.json()).then(stats => drawStats(stats, sent, Date.now())).catch(() => {});
  }

  function refreshHistogram() {
    if (multivariate) {
      fetch('/api/scatter').then(r => r.json()).then(drawScatter).catch(() => {});
    } else {
      fetch('/api/histogram').then(r => r.json()).then(drawHistogram).catch(() => {});
    }
  }

  // The feed's state: live, stale (connected, but no update for a while) or disconnected.
  let connected = false, downSince = null, everConnected = false;

  // The usual interval between updates, in milliseconds: the median of the last 20.
  function medianGap() {
    const times = points.slice(-21).map(p => p.time).filter(t => t), gaps = [];
    for (let i = 1; i < times.length; i++) gaps.push(times[i] - times[i - 1]);
    gaps.sort((a, b) => a - b);
    return gaps.length ? gaps[gaps.length >> 1] : 0;
  }

  // No update for 5 times the usual interval, and at least 10 s, is stale.
  function staleAfter() {
    return Math.max(10, 5 * medianGap() / 1000);
  }

  function tick() {
    const status = document.getElementById('status');
    const age = latest && latest.time ? Math.max(0, (Date.now() + skew - latest.time) / 1000) : null;
    const ageText = document.getElementById('age');
    ageText.textContent = age === null ? '–' : duration(age);
    ageText.parentNode.parentNode.title = latest && latest.time ? 'the last update was absorbed at ' + clock(latest.time) : '';
    let state, text;
    if (!connected) {
      state = everConnected ? 'disconnected' : 'connecting';
      text = everConnected ? 'disconnected since ' + clock(downSince) + ' · retrying; values as of ' +
        (latest && latest.time ? clock(latest.time) : 'the last update') : 'connecting';
    } else if (age !== null && age > staleAfter()) {
      state = 'stale';
      text = 'stale: no update for ' + duration(age);
    } else {
      state = 'live';
      text = 'live';
    }
    status.className = 'status ' + state;
    status.textContent = text;
    document.body.classList.toggle('offline', state === 'disconnected');
    document.body.dataset.connection = state;
    document.body.dataset.age = age === null ? '' : age.toFixed(1);
  }

  let pending = false;
  function onSnapshot(s) {
    latest = s;
    const p = pointOf(s), last = points[points.length - 1];
    const same = last && last.observations === p.observations && last.time === p.time;
    if (!same && (!last || last.observations < p.observations || p.events.length)) {
      points.push(p);
      if (points.length > MAX_POINTS) points.shift();
    }
    showStatus(s);
    tick();
    if (!pending) {
      pending = true;
      setTimeout(() => { pending = false; drawTimeCharts(); }, 500);
    }
  }

  // The service's history; with keepOlder, the points before it this page already holds are kept
  // (after a restart, the service's history starts at the checkpoint it resumed from).
  function loadHistory(keepOlder) {
    return fetch('/api/history').then(r => r.json()).then(history => {
      const before = keepOlder && history.length ? points.filter(p => p.observations < history[0].observations) : [];
      points.length = 0;
      before.concat(history).slice(-Math.max(MAX_POINTS, history.length)).forEach(p => points.push(p));
      drawTimeCharts();
    });
  }

  // What identifies a run's model: its settings, not its state (K, ids, Kafka offsets).
  function runKey(m) {
    return JSON.stringify(['model', 'weights', 'moves', 'maxK', 'dimension', 'sigma0', 'sigma', 'plot', 'update', 'input']
      .map(name => m[name]));
  }

  // Back after a drop: the same run goes on (the history fills the gap), another one reloads the page.
  function resync() {
    fetch('/api/model').then(r => r.ok ? r.json() : null).then(body => {
      if (!body) return;
      const last = points[points.length - 1];
      if (runKey(body.model) !== modelKey || (last && body.snapshot.observations < last.observations)) {
        location.reload();
        return;
      }
      return loadHistory(true);
    }).catch(() => {});
  }

  let source = null, retry = null;
  function connect() {
    source = new EventSource('/api/snapshots');
    source.onopen = () => {
      if (everConnected && !connected) resync();
      connected = true;
      everConnected = true;
      tick();
    };
    source.onmessage = ev => onSnapshot(JSON.parse(ev.data));
    source.onerror = () => {
      if (connected || downSince === null) downSince = Date.now() + skew;
      connected = false;
      tick();
      // The browser retries a dropped connection by itself; one it gave up on is opened again.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        clearTimeout(retry);
        retry = setTimeout(connect, 3000);
      }
    };
  }

  function start() {
    fetch('/api/model').then(r => r.ok ? r.json() : null).then(body => {
      if (!body) { setTimeout(start, 1000); return; }
      const m = body.model;
      modelKey = runKey(m);
      multivariate = m.dimension >= 2;
      plot = m.plot;
      document.getElementById('model').textContent = 'model ' + m.model + ', D = ' + m.dimension +
        (m.sigma !== undefined ? ', σ = ' + m.sigma + ', σ0 = ' + m.sigma0 : '') + ', weights ' + m.weights +
        (m.moves ? ', moves up to K = ' + m.maxK : ', K fixed') + ', update ' + m.update + ', input ' + m.input;
      if (multivariate) {
        document.getElementById('meansTitle').innerHTML = 'Cluster means over time in dimension ' + plot[0] +
          ' <small>band: ±2 sd of each cluster\'s observations; markers: alarms and moves</small>';
        document.getElementById('meanHead').textContent = 'mean (dims ' + plot[0] + ', ' + plot[1] + ')';
        document.getElementById('sdHead').textContent = 'sd (dims ' + plot[0] + ', ' + plot[1] + ')';
      }
      makeCharts();
      if (body.snapshot) onSnapshot(body.snapshot);
      return loadHistory().then(() => {
        refreshStats();
        refreshHistogram();
        setInterval(refreshStats, 1000);
        setInterval(refreshHistogram, 2000);
        setInterval(tick, 1000);
        connect();
      });
    }).catch(() => setTimeout(start, 1000));
  }
  start();
})();
