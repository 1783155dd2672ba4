// vistream dashboard: draws /api/history and /api/histogram, then follows /api/snapshots.
(function () {
  'use strict';
  const MAX_POINTS = 720;
  const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
  const points = [];
  let fitChart, densityChart, meansChart, clusters = 0, multivariate = false, plot = [1];

  function colour(k, alpha) {
    const c = PALETTE[k % PALETTE.length];
    if (alpha === undefined) return c;
    const n = parseInt(c.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function pointOf(s) {
    const d = s.dimension, k = s.weights.length, means = [], sd = [], a = (plot[0] || 1) - 1;
    for (let j = 0; j < k; j++) { means.push(s.means[j * d + a]); sd.push(Math.sqrt(s.variances[j * d + a])); }
    return { observations: s.observations, elbo: s.elbo, predictive: s.predictiveLogDensity, means: means, sd: sd,
             weights: s.weights, events: s.driftEvents };
  }

  const common = { animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
                   plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } };

  function makeCharts(k) {
    clusters = k;
    fitChart = new Chart(document.getElementById('fitChart'), {
      type: 'line',
      data: { datasets: [
        { label: 'ELBO per observation', data: [], borderColor: '#2563eb', pointRadius: 0, borderWidth: 1.5, yAxisID: 'y' },
        { label: 'log p(x | past)', data: [], borderColor: '#16a34a', pointRadius: 0, borderWidth: 1.5, yAxisID: 'y' } ] },
      options: Object.assign({}, common, { scales: {
        x: { type: 'linear', title: { display: true, text: 'observations' } }, y: { title: { display: true, text: 'nats' } } } })
    });
    if (multivariate) {
      makeScatter(k);
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
    const datasets = [];
    for (let j = 0; j < k; j++) {
      datasets.push({ label: 'cluster ' + j + ' −2sd', data: [], borderColor: 'transparent', pointRadius: 0, fill: false });
      datasets.push({ label: 'cluster ' + j + ' +2sd', data: [], borderColor: 'transparent', pointRadius: 0,
                      backgroundColor: colour(j, 0.18), fill: '-1' });
      datasets.push({ label: 'cluster ' + j, data: [], borderColor: colour(j), pointRadius: 0, borderWidth: 1.5, fill: false });
    }
    datasets.push({ type: 'scatter', label: 'drift events', data: [], backgroundColor: '#111827',
                    pointStyle: 'triangle', pointRadius: 7 });
    meansChart = new Chart(document.getElementById('meansChart'), {
      type: 'line', data: { datasets: datasets },
      options: Object.assign({}, common, {
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12,
          filter: function (item) { return !/sd$/.test(item.text); } } } },
        scales: { x: { type: 'linear', title: { display: true, text: 'observations' } },
                  y: { title: { display: true, text: 'mean' } } } })
    });
  }

  function drawTimeCharts() {
    if (!fitChart) return;
    fitChart.data.datasets[0].data = points.map(p => ({ x: p.observations, y: p.elbo }));
    fitChart.data.datasets[1].data = points.map(p => ({ x: p.observations, y: p.predictive }));
    fitChart.update('none');
    const events = [];
    // A cluster with less than 1 % of the weight (an unused component) leaves a gap rather than
    // drawing its prior-wide band over the others.
    const shown = (p, j, y) => ({ x: p.observations, y: p.weights[j] >= 0.01 ? y : null });
    for (let j = 0; j < clusters; j++) {
      meansChart.data.datasets[3 * j].data = points.map(p => shown(p, j, p.means[j] - 2 * p.sd[j]));
      meansChart.data.datasets[3 * j + 1].data = points.map(p => shown(p, j, p.means[j] + 2 * p.sd[j]));
      meansChart.data.datasets[3 * j + 2].data = points.map(p => shown(p, j, p.means[j]));
    }
    points.forEach(p => p.events.forEach(e => events.push({ x: e.observations, y: p.means[e.cluster], event: e })));
    meansChart.data.datasets[3 * clusters].data = events;
    meansChart.update('none');
    const list = document.getElementById('eventList');
    if (events.length) {
      list.innerHTML = events.slice(-50).reverse().map(({ event: e }) =>
        '<li>observation ' + e.observations + ': cluster ' + e.cluster + ' (' + e.kind + ', ' + e.size.toFixed(1) +
        ' nats of surprise)</li>').join('');
    }
    document.body.dataset.elboPoints = String(fitChart.data.datasets[0].data.length);
    document.body.dataset.meanPoints = String(meansChart.data.datasets[2].data.length);
    document.body.dataset.events = String(events.length);
  }

  function showStatus(s, effective) {
    document.getElementById('observations').textContent = s.observations.toLocaleString('en');
    document.getElementById('rejected').textContent = s.rejected.toLocaleString('en');
    document.getElementById('elbo').textContent = s.elbo.toFixed(4);
    document.getElementById('predictive').textContent = s.predictiveLogDensity.toFixed(4);
    document.getElementById('step').textContent = s.stepSize.toPrecision(3);
    let h = 0;
    s.weights.forEach(w => { if (w > 0) h -= w * Math.log(w); });
    document.getElementById('effective').textContent = Math.exp(h).toFixed(2);
  }

  // Multivariate models: recent points in the plotted pair of dimensions, each cluster's mean and its
  // 2-sd ellipse, from /api/scatter.
  function makeScatter(k) {
    document.getElementById('densityTitle').textContent = 'Recent observations in dimensions ' + plot[0] + ' and ' +
      plot[1] + ', with each cluster\'s mean and 2-sd ellipse';
    const datasets = [{ type: 'scatter', label: 'recent observations', data: [], backgroundColor: 'rgba(75,85,99,0.25)',
                        pointRadius: 1.5 }];
    for (let j = 0; j < k; j++) {
      datasets.push({ type: 'line', label: 'cluster ' + j, data: [], borderColor: colour(j), pointRadius: 0,
                      borderWidth: 2, fill: false });
    }
    datasets.push({ type: 'scatter', label: 'means', data: [], backgroundColor: '#111827', pointStyle: 'crossRot',
                    pointRadius: 7, borderColor: '#111827', borderWidth: 2 });
    densityChart = new Chart(document.getElementById('densityChart'), {
      type: 'scatter', data: { datasets: datasets },
      options: Object.assign({}, common, { scales: {
        x: { type: 'linear', title: { display: true, text: 'dimension ' + plot[0] } },
        y: { type: 'linear', title: { display: true, text: 'dimension ' + plot[1] } } } })
    });
  }

  function drawScatter(view) {
    if (!densityChart) return;
    const points = [];
    for (let i = 0; i + 1 < view.points.length; i += 2) points.push({ x: view.points[i], y: view.points[i + 1] });
    densityChart.data.datasets[0].data = points;
    view.clusters.forEach(c => {
      const ellipse = [];
      for (let t = 0; t + 1 < c.ellipse.length; t += 2) ellipse.push({ x: c.ellipse[t], y: c.ellipse[t + 1] });
      densityChart.data.datasets[1 + c.cluster].data = c.weight >= 0.01 ? ellipse : [];
    });
    densityChart.data.datasets[1 + clusters].data = view.clusters.filter(c => c.weight >= 0.01)
      .map(c => ({ x: c.mean[0], y: c.mean[1] }));
    densityChart.update('none');
    document.body.dataset.scatterPoints = String(points.length);
    document.body.dataset.ellipses = String(view.clusters.filter(c => c.weight >= 0.01).length);
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
    if (!fitChart) makeCharts(s.weights.length);
    const p = pointOf(s);
    if (!points.length || points[points.length - 1].observations < p.observations) {
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
      document.getElementById('model').textContent = 'model ' + m.model + ', K = ' + m.k + ', D = ' + m.dimension +
        (m.sigma !== undefined ? ', σ = ' + m.sigma + ', σ0 = ' + m.sigma0 : '') + ', update ' + m.update +
        ', input ' + m.input;
      if (multivariate) {
        document.getElementById('meansTitle').textContent = 'Cluster means over time in dimension ' + plot[0] +
          ' (band: ±2 posterior sd; ▲ drift events)';
      }
      makeCharts(m.k);
      showStatus(body.snapshot);
      return fetch('/api/history').then(r => r.json()).then(history => {
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
