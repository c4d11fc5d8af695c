// Draws the dashboard charts from the JSON in #report-charts; each chart has a table with the same numbers,
// so the page is complete without JavaScript.
(function () {
  const source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#0d6efd", "#198754", "#fd7e14"];
  const dataset = (label, values, i, extra) => Object.assign(
    { label: label, data: values, backgroundColor: colours[i], borderColor: colours[i] }, extra || {});
  const draw = (id, type, chart, series, options) => {
    const canvas = document.getElementById(id);
    if (!canvas || !chart) return;
    new Chart(canvas, {
      type: type,
      data: { labels: chart.labels, datasets: series.map(([key, label], i) => dataset(label, chart[key], i)) },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, options || {}),
    });
  };
  const names = data.series;
  const counts = { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };  // institutions are whole
  draw("chart-counties", "bar", data.counties, [["enrolled", names.enrolled], ["certified", names.certified]], counts);
  draw("chart-trend", "line", data.trend,
    [["enrolled", names.enrolled], ["certified", names.certified], ["lider", names.lider]], counts);
  draw("chart-areas", "bar", data.areas, [["audit", names.audit], ["self", names.self]],
    { indexAxis: "y", scales: { x: { min: 0, max: 100 } } });
})();
