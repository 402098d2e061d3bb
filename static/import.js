// The import's progress page: asks the server how far the import is, once a second, until done.
// Its sentences and words come from the page (data- attributes), in the reader's language.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var words = document.getElementById("import-words");
  var counts = document.getElementById("import-counts");
  var language = document.documentElement.lang || "en";
  var STATES = JSON.parse(box.dataset.states || "{}");
  var ACTIONS = JSON.parse(box.dataset.actions || "{}");
  var number = function (n) { return Number(n).toLocaleString(language); };
  var fill = function (sentence, values) {
    return sentence.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  };
  function show(status) {
    bar.max = status.rows_total || 1;
    bar.value = status.rows_done;
    var values = {done: number(status.rows_done), total: number(status.rows_total),
                  rate: number(status.rows_per_second), state: STATES[status.status] || status.status,
                  message: status.message};
    words.textContent = fill(status.message ? box.dataset.failedWords : box.dataset.words, values);
    counts.textContent = Object.keys(status.counts).map(function (action) {
      return fill(box.dataset.countWords, {count: number(status.counts[action]),
                                           action: ACTIONS[action] || action});
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
