// Progressive enhancement of the forms: add rows in place and search sources as you type
// (focus.js brings the error summary into focus).
// Everything here has a no-JavaScript fallback (an "add another" submit button, a plain select).
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function option(value, label) {
    var opt = document.createElement("option");
    opt.value = value;
    opt.textContent = label;
    return opt;
  }

  // A search box above a source select; results from /sources/lookup replace its options.
  function enhancePicker(select) {
    var original = Array.prototype.map.call(select.options, function (o) {
      return [o.value, o.textContent];
    });
    var wrap = document.createElement("span");
    wrap.className = "picker-search";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-search";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    label.htmlFor = input.id;
    // Its words come from the page, in the reader's language (data-search-label, set where the
    // picker is rendered: templates/_forms.html); the English is only a fallback.
    label.textContent = select.dataset.searchLabel || "Search sources by title, outlet or web address";
    wrap.appendChild(label);
    wrap.appendChild(input);
    select.parentNode.insertBefore(wrap, select);

    function fill(items) {
      var chosen = select.value;
      var chosenLabel = chosen && select.options[select.selectedIndex].textContent;
      select.innerHTML = "";
      select.appendChild(option("", original.length ? original[0][1] : ""));
      if (chosen) { select.appendChild(option(chosen, chosenLabel)); }
      items.forEach(function (item) {
        if (String(item[0]) !== chosen) { select.appendChild(option(item[0], item[1])); }
      });
      select.value = chosen;
    }

    input.addEventListener("input", debounce(function () {
      var q = input.value.trim();
      if (!q) { fill(original.slice(1)); return; }
      fetch(select.dataset.sourcePicker + "?q=" + encodeURIComponent(q), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : { sources: [] };
      }).then(function (data) {
        fill(data.sources.map(function (s) { return [String(s.source_id), s.label]; }));
        if (!select.value && data.sources.length === 1) { select.value = String(data.sources[0].source_id); }
      }).catch(function () { /* the plain select still works */ });
    }, 250));
  }

  // Clone the last row of a repeating group, renumbering its field names and ids.
  function addRow(group, name) {
    var rows = group.querySelectorAll("[data-row]");
    var last = rows[rows.length - 1];
    var from = name + "-" + (rows.length - 1) + "-";
    var to = name + "-" + rows.length + "-";
    var row = last.cloneNode(true);
    row.querySelectorAll(".picker-search, .field-error").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.split(from).join(to)); }
      });
      el.removeAttribute("aria-invalid");
      if (el.type === "checkbox") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      else if ("value" in el && el.type !== "button" && el.type !== "submit") { el.value = ""; }
    });
    var title = row.querySelector(".row-title");
    if (title) { title.textContent = title.textContent.replace(/\d+$/, String(rows.length + 1)); }
    last.parentNode.insertBefore(row, last.nextSibling);
    row.querySelectorAll("select[data-source-picker]").forEach(enhancePicker);
    var first = row.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  document.querySelectorAll("select[data-source-picker]").forEach(enhancePicker);
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var name = button.dataset.addRow;
      // The group this button belongs to: a page may hold several forms (intake's review).
      addRow(button.closest('[data-rows="' + name + '"]'), name);
    });
  });
})();
