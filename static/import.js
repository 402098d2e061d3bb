// The import's progress page: asks the server how far the import is, once a second, until done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var words = document.getElementById("import-words");
  var counts = document.getElementById("import-counts");
  var number = function (n) { return Number(n).toLocaleString("en"); };
  var STATES = {starting: "starting", running: "writing rows", indexing: "making them searchable",
                done: "done: every row is in the archive and searchable", failed: "stopped"};
  function show(status) {
    bar.max = status.rows_total || 1;
    bar.value = status.rows_done;
    words.textContent = number(status.rows_done) + " of " + number(status.rows_total) +
      " rows (" + status.rows_per_second + " rows/s): " + (STATES[status.status] || status.status) +
      (status.message ? " (" + status.message + ")" : "") + ".";
    counts.textContent = Object.keys(status.counts).map(function (action) {
      return number(status.counts[action]) + " " + action;
    }).join(", ");
  }
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        show(status);
        if (status.status !== "done" && status.status !== "failed") { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
