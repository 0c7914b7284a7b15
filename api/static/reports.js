// Draws each <canvas class="chart"> from its data-chart attribute with Chart.js (vendored, MIT).
// The page carries the numbers; this file only draws them (no inline script: CSP).
(function () {
  "use strict";
  const colours = ["#1f5fbf", "#b42318", "#1a7f37", "#a15c00", "#6941c6", "#5d6675", "#0e9384"];

  document.querySelectorAll("canvas.chart").forEach((canvas) => {
    const spec = JSON.parse(canvas.dataset.chart);
    const datasets = spec.series.map(([name, ...values], i) => ({
      label: name,
      data: values,
      backgroundColor: spec.type === "doughnut" ? colours : colours[i % colours.length],
      borderColor: colours[i % colours.length],
      fill: false,
    }));
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: spec.type === "doughnut" ? {} : { y: { beginAtZero: true } },
      },
    });
  });

  const print = document.getElementById("print");
  if (print) print.addEventListener("click", () => window.print());
})();
