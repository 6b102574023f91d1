/*
 * Report charts: replaces each server-drawn SVG chart with an interactive Plotly chart.
 *
 * The figures travel as JSON in <script type="application/json" id="report-charts-data">
 * (built by reports.charts.plotly), keyed by the data-chart-id of each chart box. The
 * Plotly chart is drawn over the SVG inside a box of fixed aspect ratio and the SVG is
 * removed only once Plotly has drawn, so the page never jumps and a failure leaves the SVG.
 *
 * Plotly (1.2 MB, most of a second of a phone's main thread) is not part of the page load:
 * until it is needed the SVG is the chart. Its script and stylesheet (the hashed static
 * URLs in data-plotly-src and data-plotly-css on the charts section) are inserted when the
 * browser is idle once the visitor has shown up (scrolled, pointed, touched or typed) and a
 * chart is in view or within a quarter of a viewport of it, and at once when the visitor
 * points at, touches or focuses a chart. Each chart is then drawn, in a task of its own,
 * once it has come into view.
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

  var idle = window.requestIdleCallback
    ? function (callback) { window.requestIdleCallback(callback, { timeout: 2000 }); }
    : function (callback) { window.setTimeout(callback, 50); };

  var plotly = null;

  /* Plotly's stylesheet and script, inserted once; resolves when both have loaded. The
     stylesheet's id and class make Plotly skip its own <style> element (the CSP forbids
     inline styles), so it must be in the document before the script runs. */
  function loadPlotly(section) {
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        var pending = 2;
        function loaded() {
          pending -= 1;
          if (pending === 0) {
            if (window.Plotly) {
              resolve(window.Plotly);
            } else {
              reject(new Error("Plotly did not define window.Plotly"));
            }
          }
        }
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.id = "plotly.js-style-global";
        style.className = "no-inline-styles";
        style.onload = loaded;
        style.onerror = function () { reject(new Error("Plotly's stylesheet did not load")); };
        style.href = section.getAttribute("data-plotly-css");
        document.head.appendChild(style);
        var script = document.createElement("script");
        script.onload = loaded;
        script.onerror = function () { reject(new Error("Plotly did not load")); };
        script.src = section.getAttribute("data-plotly-src");
        document.head.appendChild(script);
      });
    }
    return plotly;
  }

  function enhance(section, figures, boxes) {
    var seen = [];          /* boxes that came into (or near) view, not drawn yet */
    var handled = [];       /* boxes seen so far, drawn or not */
    var present = false;    /* the visitor has scrolled, pointed, touched or typed */
    var requested = false;  /* loadPlotly has been scheduled */
    var drawing = false;

    function drawNext() {
      var box = seen.shift();
      if (!box) {
        drawing = false;
        return;
      }
      drawing = true;
      Promise.resolve(box).then(function () {
        return draw(box, figures[box.getAttribute("data-chart-id")]);
      }).then(function () {
        idle(drawNext);
      }, function (error) {
        idle(drawNext);
        throw error;
      });
    }

    function request(now) {
      if (!present || !seen.length) {
        return;
      }
      if (requested) {
        if (window.Plotly && !drawing) {
          drawing = true;
          idle(drawNext);
        }
        return;
      }
      requested = true;
      (now ? function (callback) { callback(); } : idle)(function () {
        loadPlotly(section).then(function () {
          if (!drawing) {
            drawNext();
          }
        });
      });
    }

    function see(box) {
      if (handled.indexOf(box) < 0) {
        handled.push(box);
        seen.push(box);
      }
    }

    var signs = ["scroll", "wheel", "pointermove", "pointerdown", "touchstart", "keydown"];
    function arrived() {
      signs.forEach(function (name) { window.removeEventListener(name, arrived, true); });
      present = true;
      request(false);
    }
    signs.forEach(function (name) {
      window.addEventListener(name, arrived, { capture: true, passive: true });
    });

    /* Pointing at, touching or tabbing into a chart: the visitor wants it now. */
    function wanted(event) {
      var box = event.target.closest && event.target.closest("[data-chart-id]");
      if (box && boxes.indexOf(box) >= 0) {
        see(box);
        present = true;
        request(true);
      }
    }
    ["pointerover", "pointerdown", "focusin"].forEach(function (name) {
      section.addEventListener(name, wanted, { passive: true });
    });

    if (!("IntersectionObserver" in window)) {
      boxes.forEach(see);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          see(entry.target);
        }
      });
      request(false);
    }, { rootMargin: "25% 0px" });
    boxes.forEach(function (box) { observer.observe(box); });
  }

  function start() {
    var source = document.getElementById("report-charts-data");
    var section = document.querySelector("[data-plotly-src]");
    if (!source || !section) {
      return;
    }
    var figures = JSON.parse(source.textContent);
    var boxes = Array.prototype.filter.call(
      document.querySelectorAll("[data-chart-id]"),
      function (box) { return figures[box.getAttribute("data-chart-id")]; }
    );
    if (boxes.length) {
      enhance(section, figures, boxes);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
