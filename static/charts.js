// Charts: a PNG of any chart or map, made in the browser from the SVG the server drew.
// The SVG carries its own colours and fonts, so the picture is the one on the page; it is drawn
// on a canvas at twice its size and saved. Nothing leaves the page: no request is made.
(function () {
  "use strict";
  function savePng(button) {
    var svg = document.getElementById(button.getAttribute("data-png"));
    if (!svg) { return; }
    var width = Number(svg.getAttribute("width"));
    var height = Number(svg.getAttribute("height"));
    var text = new XMLSerializer().serializeToString(svg);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width * 2;
      canvas.height = height * 2;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.getAttribute("data-name");
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }
  document.querySelectorAll("button[data-png]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { savePng(button); });
  });
})();
