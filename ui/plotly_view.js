// One chart of the dashboard, drawn in the page itself (st.components.v2, no iframe) with the
// project's plotly.js bundle (static/plotly/, scripts/plotly_bundle/): 1,4 MB instead of the
// 4,8 MB library Streamlit's plotly element loads. ui/plotly_view.py sends `data`:
//   figure  the figure's JSON, as built and validated once on the server
//   config  plotly's config (mode bar, locale and its Vietnamese dictionary)
//   bundle  the bundle's address; loaded once per page and shared by every chart
//   select  send a click on a point back to Python ("selection": the clicked points)
//   failed  the message shown if the bundle cannot be loaded
// A chart that is drawn carries data-llw-drawn="1" (end-to-end tests, benchmarks/bench_browser.py).

const loading = (window.__llwPlotlyLoading = window.__llwPlotlyLoading || {});

function loadPlotly(url) {
  if (!loading[url]) {
    loading[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        delete loading[url]; // a later chart tries again
        script.remove();
        reject(new Error(url));
      };
      document.head.appendChild(script);
    });
  }
  return loading[url];
}

function pointsOf(event) {
  // What pages read of a click: the map's province code is `location`.
  return (event.points || []).map((p) => ({
    location: p.location ?? null,
    label: p.label ?? null,
    x: p.x ?? null,
    y: p.y ?? null,
    curve_number: p.curveNumber,
    point_index: p.pointIndex ?? p.pointNumber ?? null,
  }));
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let box = parentElement.querySelector(":scope > .llw-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "llw-chart";
    box.style.width = "100%";
    parentElement.appendChild(box);
  }
  box.llwSend = data.select ? setTriggerValue : null; // the latest run's sender
  loadPlotly(data.bundle).then(
    (Plotly) => {
      if (!box.isConnected) return; // removed while the bundle was loading (cleanup has run)
      if (box.llwFigure === data.figure) return; // a rerun with the same figure draws nothing
      box.llwFigure = data.figure;
      box.dataset.llwDrawn = "0"; // a new figure is on its way: not drawn until react resolves
      if (box.dataset.llwFailed) {
        box.textContent = ""; // the message of a failed load; plotly draws beside text
        delete box.dataset.llwFailed;
      }
      const figure = JSON.parse(data.figure);
      Plotly.react(box, figure.data, figure.layout, data.config).then(() => {
        if (!box.isConnected) return;
        box.dataset.llwDrawn = "1";
        if (!box.llwWatched) {
          box.llwWatched = true;
          box.on("plotly_click", (event) => {
            if (box.llwSend) box.llwSend("selection", { points: pointsOf(event) });
          });
          // The sidebar opening or closing changes the width without a window resize.
          let width = box.clientWidth;
          box.llwResize = new ResizeObserver(() => {
            if (box.clientWidth !== width && box.isConnected) {
              width = box.clientWidth;
              Plotly.Plots.resize(box);
            }
          });
          box.llwResize.observe(box);
        }
      }).catch((error) => {
        box.llwFigure = null; // the next run tries again
        box.dataset.llwDrawn = "failed";
        console.error("llw_plotly:", error);
      });
    },
    () => {
      box.textContent = data.failed;
      box.dataset.llwDrawn = "failed";
      box.dataset.llwFailed = "1";
    },
  );
  return () => {
    if (box.llwResize) box.llwResize.disconnect();
    if (window.Plotly) window.Plotly.purge(box);
    box.remove();
  };
}
