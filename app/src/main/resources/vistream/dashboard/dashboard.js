// vistream dashboard: draws /api/history and /api/histogram, then follows /api/snapshots.
// Clusters come and go: every chart is keyed by cluster id (given at birth, never reused).
(function () {
  'use strict';
  const MAX_POINTS = 720;
  const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
  // Markers of the means chart, one dataset per kind of event.
  const MARKERS = [
    { kind: 'page-hinkley', label: 'change alarm', style: 'triangle', colour: '#111827' },
    { kind: 'birth', label: 'birth', style: 'circle', colour: '#16a34a' },
    { kind: 'merge', label: 'merge', style: 'rectRot', colour: '#ea580c' },
    { kind: 'delete', label: 'delete', style: 'crossRot', colour: '#dc2626' } ];
  const points = [];
  let fitChart, densityChart, meansChart, multivariate = false, plot = [1], latest = null;
  const meanSets = new Map();     // id -> index of its first dataset in the means chart
  const ellipseSets = new Map();  // id -> dataset index in the scatter chart

  function colour(id, alpha) {
    const c = PALETTE[(id - 1) % PALETTE.length];
    if (alpha === undefined) return c;
    const n = parseInt(c.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  // A snapshot's per-cluster arrays are K arrays of D numbers when D >= 2, K numbers when D = 1.
  function at(values, cluster, dim, d) {
    return Array.isArray(values[cluster]) ? values[cluster][dim] : values[cluster * d + dim];
  }

  function pointOf(s) {
    const d = s.dimension, a = (plot[0] || 1) - 1, means = [], sd = [];
    for (let j = 0; j < s.ids.length; j++) {
      means.push(at(s.means, j, a, d));
      sd.push(Math.sqrt(at(s.variances, j, a, d)));
    }
    return { observations: s.observations, elbo: s.elbo, predictive: s.predictiveLogDensity, ids: s.ids,
             means: means, sd: sd, weights: s.weights, events: s.driftEvents };
  }

  const common = { animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
                   plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } };

  function makeCharts() {
    fitChart = new Chart(document.getElementById('fitChart'), {
      type: 'line',
      data: { datasets: [
        { label: 'ELBO per observation', data: [], borderColor: '#2563eb', pointRadius: 0, borderWidth: 1.5 },
        { label: 'log p(x | past)', data: [], borderColor: '#16a34a', pointRadius: 0, borderWidth: 1.5 } ] },
      options: Object.assign({}, common, { scales: {
        x: { type: 'linear', title: { display: true, text: 'observations' } }, y: { title: { display: true, text: 'nats' } } } })
    });
    if (multivariate) {
      makeScatter();
    } else densityChart = new Chart(document.getElementById('densityChart'), {
      type: 'bar',
      data: { labels: [], datasets: [
        { type: 'line', label: 'fitted density', data: [], borderColor: '#dc2626', pointRadius: 0, borderWidth: 2 },
        { type: 'bar', label: 'recent observations', data: [], backgroundColor: 'rgba(37,99,235,0.35)',
          barPercentage: 1.0, categoryPercentage: 1.0 } ] },
      options: { animation: false, maintainAspectRatio: false,
                 plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
                 scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { title: { display: true, text: 'density' } } } }
    });
    meansChart = new Chart(document.getElementById('meansChart'), {
      type: 'line',
      data: { datasets: MARKERS.map(m => ({ type: 'scatter', label: m.label, data: [], backgroundColor: m.colour,
                                            borderColor: m.colour, pointStyle: m.style, pointRadius: 7 })) },
      options: Object.assign({}, common, {
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12,
          // The markers' symbols always; a cluster only while it is in the window.
          filter: function (item, data) {
            return item.datasetIndex < MARKERS.length || (!/sd$/.test(item.text)
              && data.datasets[item.datasetIndex].data.some(v => v.y !== null));
          } } } },
        scales: { x: { type: 'linear', title: { display: true, text: 'observations' } },
                  y: { title: { display: true, text: 'mean' } } } })
    });
  }

  // Three datasets per cluster id, added when the id first appears: the band's edges and the mean.
  function meanDatasets(id) {
    if (!meanSets.has(id)) {
      const sets = meansChart.data.datasets;
      meanSets.set(id, sets.length);
      sets.push({ label: 'cluster ' + id + ' −2sd', data: [], borderColor: 'transparent', pointRadius: 0, fill: false });
      sets.push({ label: 'cluster ' + id + ' +2sd', data: [], borderColor: 'transparent', pointRadius: 0,
                  backgroundColor: colour(id, 0.18), fill: '-1' });
      sets.push({ label: 'cluster ' + id, data: [], borderColor: colour(id), pointRadius: 0, borderWidth: 1.5, fill: false });
    }
    return meanSets.get(id);
  }

  function drawTimeCharts() {
    if (!fitChart) return;
    fitChart.data.datasets[0].data = points.map(p => ({ x: p.observations, y: p.elbo }));
    fitChart.data.datasets[1].data = points.map(p => ({ x: p.observations, y: p.predictive }));
    fitChart.update('none');
    // Each cluster is drawn while it lives and carries weight; a gap elsewhere.
    const ids = new Set();
    points.forEach(p => p.ids.forEach(id => ids.add(id)));
    let longest = 0;
    // A cluster that has left the window (merged, removed, or born before it) is drawn no more.
    meanSets.forEach((first, id) => {
      if (!ids.has(id)) [0, 1, 2].forEach(j => { meansChart.data.datasets[first + j].data = []; });
    });
    ids.forEach(id => {
      const first = meanDatasets(id);
      const value = (p, f) => {
        const j = p.ids.indexOf(id);
        return { x: p.observations, y: j >= 0 && p.weights[j] >= 0.01 ? f(p, j) : null };
      };
      const sets = meansChart.data.datasets;
      sets[first].data = points.map(p => value(p, (q, j) => q.means[j] - 2 * q.sd[j]));
      sets[first + 1].data = points.map(p => value(p, (q, j) => q.means[j] + 2 * q.sd[j]));
      sets[first + 2].data = points.map(p => value(p, (q, j) => q.means[j]));
      longest = Math.max(longest, sets[first + 2].data.filter(v => v.y !== null).length);
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
        meansChart.data.datasets[marker].data.push({ x: e.observations, y: y });
      }
    }));
    meansChart.update('none');
    drawEvents();
    document.body.dataset.elboPoints = String(fitChart.data.datasets[0].data.length);
    document.body.dataset.meanPoints = String(longest);
    document.body.dataset.events = String(events.length);
    document.body.dataset.marked = MARKERS.filter((m, i) => meansChart.data.datasets[i].data.length).map(m => m.kind).join(',');
  }

  function number(x) {
    return x.toLocaleString('en');
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
      if (g.episode === 0) return '<li>observation ' + number(from) + ': ' + describe(g.events[0]) + '</li>';
      return '<li><b>change ' + g.episode + '</b>, observations ' + number(from) + (to > from ? '–' + number(to) : '') + ': ' +
        alarms + (alarms === 1 ? ' alarm' : ' alarms') + (alarms ? ' (first: ' + describe(g.events.find(e => e.kind === 'page-hinkley')) + ')' : '') +
        (moves.length ? '; ' + moves.map(describe).join('; ') : '') + '</li>';
    }).join('');
    document.body.dataset.episodes = String(groups.length);
  }

  // The cluster table: id, weight, mean and sd in the plotted dimensions, age.
  function drawTable(s) {
    const d = s.dimension, dims = multivariate ? [plot[0] - 1, plot[1] - 1] : [0];
    const rows = s.ids.map((id, j) => {
      const mean = dims.map(a => at(s.means, j, a, d).toFixed(2)).join(', ');
      const sd = dims.map(a => Math.sqrt(multivariate ? s.covariances[j][a][a] : at(s.covariances, j, 0, 1)).toFixed(2)).join(', ');
      return '<tr><td><span class="swatch" style="background:' + colour(id) + '"></span>' + id + '</td><td>' +
        (100 * s.weights[j]).toFixed(1) + ' %</td><td>' + mean + '</td><td>' + sd + '</td><td>' +
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
    document.getElementById('clusters').textContent = s.ids.length + ' (effective ' + Math.exp(h).toFixed(2) + ')';
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
      options: Object.assign({}, common, { scales: {
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
    densityChart.data.labels = hist.centres.map(c => c.toFixed(1));
    densityChart.data.datasets[0].data = hist.density;
    densityChart.data.datasets[1].data = hist.histogram;
    densityChart.update('none');
    document.body.dataset.histogramBins = String(hist.histogram.length);
  }

  function refreshHistogram() {
    if (multivariate) {
      fetch('/api/scatter').then(r => r.json()).then(drawScatter).catch(() => {});
    } else {
      fetch('/api/histogram').then(r => r.json()).then(drawHistogram).catch(() => {});
    }
  }

  let pending = false;
  function onSnapshot(s) {
    latest = s;
    const p = pointOf(s);
    if (!points.length || points[points.length - 1].observations < p.observations || p.events.length) {
      points.push(p);
      if (points.length > MAX_POINTS) points.shift();
    }
    showStatus(s);
    if (!pending) {
      pending = true;
      setTimeout(() => { pending = false; drawTimeCharts(); }, 500);
    }
  }

  function start() {
    fetch('/api/model').then(r => r.ok ? r.json() : null).then(body => {
      if (!body) { setTimeout(start, 1000); return; }
      const m = body.model;
      multivariate = m.dimension >= 2;
      plot = m.plot;
      document.getElementById('model').textContent = 'model ' + m.model + ', D = ' + m.dimension +
        (m.sigma !== undefined ? ', σ = ' + m.sigma + ', σ0 = ' + m.sigma0 : '') + ', weights ' + m.weights +
        (m.moves ? ', moves up to K = ' + m.maxK : ', K fixed') + ', update ' + m.update + ', input ' + m.input;
      if (multivariate) {
        document.getElementById('meansTitle').textContent = 'Cluster means over time in dimension ' + plot[0] +
          ' (band: ±2 posterior sd; markers: alarms and moves)';
      }
      makeCharts();
      if (body.snapshot) onSnapshot(body.snapshot);
      return fetch('/api/history').then(r => r.json()).then(history => {
        points.length = 0;
        history.forEach(p => points.push(p));
        drawTimeCharts();
        refreshHistogram();
        setInterval(refreshHistogram, 2000);
        new EventSource('/api/snapshots').onmessage = ev => onSnapshot(JSON.parse(ev.data));
      });
    }).catch(() => setTimeout(start, 1000));
  }
  start();
})();
