/*
 * Report charts: replaces each server-drawn SVG chart with an interactive Plotly chart.
 *
 * The figures travel as JSON in <script type="application/json" id="report-charts-data">
 * (built by reports.charts.plotly), keyed by the data-chart-id of each chart box. The
 * Plotly chart is drawn over the SVG inside a box of fixed aspect ratio and the SVG is
 * removed only once Plotly has drawn, so the page never jumps and a failure leaves the SVG.
 *
 * Plotly's own "download as PNG" goes through a blob: image, which the CSP's img-src
 * ('self' data:) refuses, so the mode bar gets a PNG button that rasterises Plotly's SVG
 * export (a data: URL) on a canvas instead.
 */
(function () {
  "use strict";

  function downloadPng(graph, filename) {
    var width = graph._fullLayout.width;
    var height = graph._fullLayout.height;
    return window.Plotly.toImage(graph, { format: "svg", width: width, height: height }).then(
      function (svgUrl) {
        return new Promise(function (resolve, reject) {
          var image = new Image();
          image.onload = function () {
            var scale = 2;
            var canvas = document.createElement("canvas");
            canvas.width = width * scale;
            canvas.height = height * scale;
            var context = canvas.getContext("2d");
            context.fillStyle = "#ffffff";
            context.fillRect(0, 0, canvas.width, canvas.height);
            context.drawImage(image, 0, 0, canvas.width, canvas.height);
            canvas.toBlob(function (blob) {
              var link = document.createElement("a");
              link.href = URL.createObjectURL(blob);
              link.download = filename + ".png";
              document.body.appendChild(link);
              link.click();
              link.remove();
              setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
              resolve();
            }, "image/png");
          };
          image.onerror = reject;
          image.src = svgUrl;
        });
      }
    );
  }

  function pngButton(filename) {
    return {
      name: "downloadPng",
      title: "Download this chart as a PNG image",
      icon: window.Plotly.Icons.camera,
      click: function (graph) { downloadPng(graph, filename); },
    };
  }

  function draw(box, figure) {
    var config = Object.assign({}, figure.config);
    var filename = (config.toImageButtonOptions || {}).filename || "chart";
    config.modeBarButtonsToRemove = (config.modeBarButtonsToRemove || []).concat(["toImage"]);
    config.modeBarButtonsToAdd = [pngButton(filename)];
    var target = document.createElement("div");
    target.className = "chart__plotly";
    box.appendChild(target);
    return window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      Array.prototype.forEach.call(box.querySelectorAll(".chart__svg"), function (svg) {
        svg.remove();
      });
      box.setAttribute("data-chart-state", "interactive");
    }, function (error) {
      target.remove();
      box.setAttribute("data-chart-state", "static");
      throw error;
    });
  }

  function start() {
    var source = document.getElementById("report-charts-data");
    if (!source || !window.Plotly) {
      return;
    }
    var figures = JSON.parse(source.textContent);
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-id]"), function (box) {
      var figure = figures[box.getAttribute("data-chart-id")];
      if (figure) {
        draw(box, figure);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
