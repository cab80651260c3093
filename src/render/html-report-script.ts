/**
 * The HTML report's own script: reads the charts' data from the inline JSON
 * block and draws each with uPlot into its placeholder. Once drawn, it writes
 * on every chart how many of its canvas pixels are painted, and how many in a
 * series colour (not the grey of axes and grid), and on <body> how many charts
 * were drawn and any error: what a headless browser can read back.
 */
export const REPORT_SCRIPT = `(function () {
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); document.body.setAttribute("data-errors", errors.join(" | ")); });
  var data = JSON.parse(document.getElementById("report-data").textContent);
  function fmt(v) {
    if (v == null || !isFinite(v)) return "—";
    var a = Math.abs(v);
    return a >= 1000 ? Math.round(v).toLocaleString("en-US") : a >= 1 ? String(Number(v.toPrecision(4))) : String(Number(v.toPrecision(3)));
  }
  function options(spec, width) {
    var series = [{ label: spec.xName, value: function (u, v) { return spec.xLabels ? (spec.xLabels[spec.x.indexOf(v)] || fmt(v)) : fmt(v); } }];
    spec.series.forEach(function (s) {
      var one = { label: s.label, stroke: s.color, width: s.width || 1.5, value: function (u, v) { return fmt(v); }, spanGaps: false };
      if (s.dash) one.dash = s.dash;
      if (s.fill) one.fill = s.fill;
      if (s.style === "points") { one.paths = function () { return null; }; one.points = { show: true, size: 9, fill: s.color, stroke: s.color }; }
      else if (s.style === "step") { one.paths = uPlot.paths.stepped({ align: 1 }); one.points = { show: false }; }
      else one.points = { show: spec.x.length <= 12, size: 5 };
      if (!s.label) one.label = " ";
      series.push(one);
    });
    var xAxis = { label: spec.xName, stroke: "#57606a", grid: { stroke: "#eaeef2" }, ticks: { stroke: "#d0d7de" } };
    if (spec.xTicks === "given") xAxis.splits = function () { return spec.x.slice(); };
    if (spec.xTicks === "integers") xAxis.incrs = [1, 2, 5, 10, 20, 25, 50, 100];
    if (spec.xLabels) xAxis.values = function (u, splits) { return splits.map(function (v) { var i = spec.x.indexOf(v); return i >= 0 ? spec.xLabels[i] : ""; }); };
    else xAxis.values = function (u, splits) { return splits.map(fmt); };
    return {
      width: width,
      height: 210,
      series: series,
      bands: (spec.bands || []).map(function (b) { return { series: [b.upper + 1, b.lower + 1], fill: b.fill }; }),
      scales: { x: { time: false, range: spec.x.length === 1 ? [spec.x[0] - 1, spec.x[0] + 1] : undefined } },
      axes: [xAxis, { label: spec.yName, size: 64, stroke: "#57606a", grid: { stroke: "#eaeef2" }, ticks: { stroke: "#d0d7de" }, values: function (u, splits) { return splits.map(fmt); } }],
      legend: { live: false },
      cursor: { points: { size: 7 } },
    };
  }
  function painted(canvas) {
    var ctx = canvas.getContext("2d");
    var img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    var any = 0, coloured = 0;
    for (var i = 0; i < img.length; i += 4) {
      if (img[i + 3] === 0) continue;
      any++;
      var r = img[i], g = img[i + 1], b = img[i + 2];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
    }
    return { any: any, coloured: coloured };
  }
  var drawn = [];
  data.charts.forEach(function (spec) {
    var el = document.querySelector('[data-chart="' + spec.id + '"]');
    if (!el) return;
    try {
      var plot = new uPlot(options(spec, Math.max(300, el.clientWidth - 4)), [spec.x].concat(spec.series.map(function (s) { return s.values; })), el);
      drawn.push({ el: el, plot: plot });
      // The legend names the drawn series only: not the x axis, nor the unlabelled lower edge of a band.
      var rows = el.querySelectorAll(".u-legend .u-series");
      var offset = rows.length - spec.series.length;
      for (var i = 0; i < rows.length; i++) if (i < offset || !spec.series[i - offset].label) rows[i].style.display = "none";
    } catch (e) {
      errors.push(spec.id + ": " + e.message);
      document.body.setAttribute("data-errors", errors.join(" | "));
    }
  });
  // uPlot draws in a microtask after creation: count the pixels once it has.
  setTimeout(function () {
    var total = 0;
    drawn.forEach(function (d) {
      var canvas = d.el.querySelector("canvas");
      var p = canvas ? painted(canvas) : { any: 0, coloured: 0 };
      d.el.setAttribute("data-painted", String(p.any));
      d.el.setAttribute("data-coloured", String(p.coloured));
      if (p.coloured > 0) total++;
    });
    document.body.setAttribute("data-charts", String(data.charts.length));
    document.body.setAttribute("data-charts-drawn", String(total));
  }, 0);
})();`;
