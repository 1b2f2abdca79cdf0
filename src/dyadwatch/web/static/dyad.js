// Dyad page: the cooperation-conflict chart (uPlot) and the events behind a clicked point.
// Text from the database is only ever put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("dyad-chart");
  var source = box.dataset.source, target = box.dataset.target;
  var chartEl = document.getElementById("chart");
  var note = document.getElementById("chart-note");
  var granularity = document.getElementById("granularity");
  var QUAD = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"};

  function periodToSeconds(p) {
    var parts = p.split("-").map(Number);
    return Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1) / 1000;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  // The sentence with the evidence span and the trigger marked, as DOM nodes.
  function sentenceNode(ev) {
    var text = (ev.sentence || "").replace(/\s+$/, "");
    var marks = [];
    if (ev.evidence_in_sentence) marks.push([ev.evidence_in_sentence.start, ev.evidence_in_sentence.end, "evidence"]);
    if (ev.trigger_in_sentence) marks.push([ev.trigger_in_sentence.start, ev.trigger_in_sentence.end, "trigger"]);
    marks = marks.filter(function (m) { return m[0] >= 0 && m[0] < m[1] && m[1] <= text.length; });
    var cuts = [0, text.length];
    marks.forEach(function (m) { cuts.push(m[0], m[1]); });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });
    var out = el("span", null, "sentence");
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var classes = marks.filter(function (m) { return m[0] <= a && b <= m[1]; }).map(function (m) { return m[2]; });
      var piece = text.slice(a, b);
      out.appendChild(classes.length ? el("span", piece, classes.join(" ")) : document.createTextNode(piece));
    }
    return out;
  }

  function actorsNode(actors) {
    var td = el("td");
    if (!actors.length) td.appendChild(el("span", "—", "none"));
    actors.forEach(function (a, i) {
      if (i) td.appendChild(document.createTextNode(", "));
      var span = el("span", null, "actor");
      span.appendChild(document.createTextNode((a.name || a.text || "?") + " "));
      if (a.country) span.appendChild(el("span", a.country, "code"));
      td.appendChild(span);
    });
    return td;
  }

  function eventRow(ev) {
    var tr = el("tr", null, "event modality-" + ev.modality);
    tr.dataset.eventId = ev.event_id;
    tr.appendChild(el("td", ev.event_date || "", "date"));
    tr.appendChild(actorsNode(ev.source));
    var what = el("td");
    what.appendChild(el("span", ev.cameo, "code"));
    what.appendChild(document.createTextNode(" " + (QUAD[ev.quad_class] || "") + " " + (ev.plover_type || "")));
    if (ev.goldstein !== null) what.appendChild(el("span", (ev.goldstein > 0 ? "+" : "") + ev.goldstein.toFixed(1), "gold"));
    tr.appendChild(what);
    tr.appendChild(actorsNode(ev.target));
    var evidence = el("td");
    evidence.appendChild(sentenceNode(ev));
    tr.appendChild(evidence);
    var doc = el("td");
    var link = el("a", ev.title || ev.doc_id, "doc-link");
    link.href = "/documents/" + encodeURIComponent(ev.doc_key) + "#ev-" + ev.event_idx;
    doc.appendChild(link);
    tr.appendChild(doc);
    return tr;
  }

  var latest = 0;  // only the answer to the latest click is shown

  function showEvents(period) {
    var ticket = ++latest;
    var params = new URLSearchParams({source: source, target: target, modality: "asserted",
                                      date_from: period, date_to: period, order: "oldest", limit: "200"});
    return fetch("/api/events?" + params).then(function (r) {
      if (!r.ok) throw new Error("events: HTTP " + r.status);
      return r.json();
    }).then(function (page) {
      if (ticket !== latest) return;
      var rows = document.getElementById("point-rows");
      rows.replaceChildren.apply(rows, page.items.map(eventRow));
      // The point counts real-world events; each may be reported in several sentences.
      var point = (window.dyadChart.points || []).find(function (p) { return p.period === period; });
      var n = point ? point.n_events : page.total;
      document.getElementById("point-title").textContent =
        source + " → " + target + ", " + period + ": " + n + " event" + (n === 1 ? "" : "s") +
        ", " + page.total + " report" + (page.total === 1 ? "" : "s");
      var section = document.getElementById("point-events");
      section.hidden = false;
      section.dataset.period = period;
    });
  }

  var chart = null;

  // The data's own range, with half a period either side so that edge points can be hovered
  // and clicked (one month of data spans that month, not years).
  var PERIOD_SECONDS = {day: 86400, month: 31 * 86400, year: 366 * 86400};

  function padTime(u, min, max) {
    var pad = (PERIOD_SECONDS[granularity.value] || 31 * 86400) / 2;
    var xs = u.data[0];
    if (xs.length === 1) min = max = xs[0];  // uPlot widens one point to 1,000 days itself
    return [min - pad, max + pad];
  }

  // Every period from the first to the last with data, so that a period without events is a
  // gap in the lines rather than a line drawn across it.
  function nextPeriod(p) {
    var parts = p.split("-").map(Number);
    if (parts.length === 1) return String(parts[0] + 1);
    if (parts.length === 2) {
      return parts[1] === 12 ? (parts[0] + 1) + "-01" : parts[0] + "-" + String(parts[1] + 1).padStart(2, "0");
    }
    var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + 1));
    return d.toISOString().slice(0, 10);
  }

  function withGaps(points) {
    if (!points.length) return [];
    var byPeriod = {};
    points.forEach(function (p) { byPeriod[p.period] = p; });
    var out = [], p = points[0].period, last = points[points.length - 1].period;
    for (var guard = 0; guard < 20000; guard++) {
      out.push(byPeriod[p] || {period: p, mean_goldstein: null, n_cooperation: null, n_conflict: null, n_events: 0});
      if (p === last) break;
      p = nextPeriod(p);
    }
    return out;
  }

  function draw(series) {
    var pts = withGaps(series.points);
    var periods = pts.map(function (p) { return p.period; });
    var data = [
      pts.map(function (p) { return periodToSeconds(p.period); }),
      pts.map(function (p) { return p.mean_goldstein; }),
      pts.map(function (p) { return p.n_cooperation; }),
      pts.map(function (p) { return p.n_conflict; }),
    ];
    if (chart) chart.destroy();
    var width = Math.max(chartEl.clientWidth || 0, 480);
    chart = new uPlot({
      width: width, height: 340,
      cursor: {drag: {x: true, y: false}, points: {size: 10}},
      scales: {x: {time: true, range: padTime}, g: {range: [-10, 10]}, n: {range: function (u, min, max) { return [0, Math.max(1, max) + 1]; }}},
      // Goldstein on the left in its series' blue, event counts on the right in whole numbers,
      // each axis with room for its own labels.
      axes: [
        {},
        {scale: "g", side: 3, label: "mean Goldstein", stroke: "#3455db", size: 56},
        {scale: "n", side: 1, label: "events", grid: {show: false}, size: 56,
         incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
         values: function (u, ticks) { return ticks.map(function (t) { return String(Math.round(t)); }); }},
      ],
      series: [
        {label: granularity.value, value: function (u, v, si, i) { return i == null ? "" : periods[i]; }},
        {label: "mean Goldstein", scale: "g", stroke: "#3455db", width: 2, points: {show: true, size: 9, fill: "#3455db"}},
        {label: "cooperation", scale: "n", stroke: "#2a9d55", points: {show: true, size: 6}},
        {label: "conflict", scale: "n", stroke: "#d1495b", points: {show: true, size: 6}},
      ],
    }, data, chartEl);
    window.dyadChart = {u: chart, periods: periods, points: pts};
    note.textContent = pts.length + " periods" + (series.n_undated ? "; " + series.n_undated +
      " events dated too coarsely for this period length are left out" : "") + ".";
  }

  // A click (not the end of a zoom drag, not half of the double-click that zooms out) on the
  // plot lists the events of the nearest period.
  var downAt = null, pending = null;
  chartEl.addEventListener("mousedown", function (e) { downAt = [e.clientX, e.clientY]; }, true);
  chartEl.addEventListener("click", function (e) {
    if (!chart || !e.target.closest(".u-over")) return;
    if (downAt && Math.abs(e.clientX - downAt[0]) + Math.abs(e.clientY - downAt[1]) > 4) return;
    // From the click itself: the cursor may not have caught up with a fast pointer yet.
    var idx = chart.posToIdx(e.clientX - chart.over.getBoundingClientRect().left);
    if (idx === null || idx === undefined || idx < 0) return;
    clearTimeout(pending);
    pending = setTimeout(function () { showEvents(window.dyadChart.periods[idx]); }, 250);
  });
  chartEl.addEventListener("dblclick", function () { clearTimeout(pending); });

  function load() {
    var url = "/api/dyads/" + encodeURIComponent(source) + "/" + encodeURIComponent(target) +
      "/series?granularity=" + encodeURIComponent(granularity.value);
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("series: HTTP " + r.status);
      return r.json();
    }).then(draw).catch(function (err) { note.textContent = "Could not load the series: " + err.message; });
  }

  granularity.addEventListener("change", load);
  load().then(function () { box.dataset.ready = "true"; });
})();
