// The panel's charts (uPlot): each <div class="chart" data-series="..."> is drawn from the JSON
// its data-src URL answers. Pages work without this script; only the charts need it.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("div.chart[data-src]")) {
    fetch(el.dataset.src, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((d) => {
        const colours = ["#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df", "#57606a"];
        const series = [{}].concat(
          d.series.map((name, i) => ({ label: name, stroke: colours[i % colours.length], width: 2 }))
        );
        new uPlot(
          { width: el.clientWidth || 600, height: 220, series, axes: [{}, { label: d.unit }] },
          [d.times].concat(d.values),
          el
        );
      })
      .catch((e) => { el.textContent = "chart unavailable: " + e; });
  }
});
