// The dashboard's plotly.js: the core (scatter is always in it) and the trace types that
// figures/plotly_charts.py and figures/maps.py draw. Streamlit's own plotly element loads the
// whole 4.8 MB library (every trace type, WebGL, maplibre) into each new browser session;
// compiling it was most of a chart page's first visit (issue 21). A trace type added to the
// figures must be added here too: tests/test_plotly_bundle.py checks the list.
'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/pie'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/locales/vi'),
]);
module.exports = Plotly;
