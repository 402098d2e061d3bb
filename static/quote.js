// On a source page: select a passage of the text, and the "Add ... from this source" links
// carry it into the new entry's citation. Without JavaScript the links still pre-select the source.
// Its words come from the page (data-will-quote), in the reader's language.
(function () {
  "use strict";
  var text = document.getElementById("source-text");
  var hint = document.getElementById("quote-hint");
  var links = document.querySelectorAll("a[data-quote-link]");
  if (!text || !links.length) { return; }
  if (hint) { hint.hidden = false; }

  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    if (!selection || selection.isCollapsed || !text.contains(selection.anchorNode)) { return; }
    var passage = selection.toString().replace(/\s+/g, " ").trim().slice(0, 2000);
    if (!passage) { return; }
    links.forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("passage", passage);
      link.href = url.pathname + url.search;
    });
    if (hint) { hint.textContent = hint.dataset.willQuote + " \u201c" + passage + "\u201d"; }
  });
})();
