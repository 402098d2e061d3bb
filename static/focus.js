// A form that comes back with problems: bring the error summary, or else the first field in
// error, into focus, so keyboard and screen-reader users start where the problem is.
(function () {
  "use strict";
  if (document.querySelector("[autofocus]")) { return; }
  var target = document.getElementById("error-summary") ||
    document.querySelector('[aria-invalid="true"]');
  if (target) { target.focus(); }
})();
