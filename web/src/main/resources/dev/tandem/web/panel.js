// The panel's charts (uPlot): each <div class="chart" data-src="URL"> is drawn from the JSON
// its data-src URL answers. Pages work without this script; only the charts need it.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("div.chart[data-src]")) {
    fetch(el.dataset.src, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((d) => {
        // At least the last five minutes: a fresh server's few samples then read as minutes
        // (uPlot spreads a single point over years), the time before them left blank.
        const n = d.times.length;
        if (n > 0 && d.times[n - 1] - d.times[0] < 300) {
          d.times.unshift(d.times[n - 1] - 300);
          d.values.forEach((v) => v.unshift(null));
        }
        const colours = ["#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df", "#57606a"];
        const series = [{}].concat(
          d.series.map((name, i) => ({ label: name, stroke: colours[i % colours.length], width: 2 }))
        );
        new uPlot(
          {
            width: el.clientWidth - 16 || 600,
            height: 220,
            series,
            axes: [{}, { label: d.unit }],
          },
          [d.times].concat(d.values),
          el
        );
      })
      .catch((e) => { el.textContent = "chart unavailable: " + e; });
  }
});
