"""`python -m ui.serve [options of streamlit run]`: the product's server, as ./run.sh starts it.
It does the first visitor's work first (ui.warmup: imports, the snapshot, the landing charts), in
the process that then runs `streamlit run app.py`, so its caches are the server's.

What the warm-up leaves (modules, the snapshot, the landing charts: a great many objects that
live as long as the server) is then moved out of the garbage collector's sight (`gc.freeze`):
Python's collector walks every tracked object on a full collection, and these made one take
100-150 ms of CPU, during which no session's script runs (issue 21)."""

from __future__ import annotations

import gc
import logging
import sys

from ui.warmup import ROOT, warm


def settle() -> None:
    """Collect the warm-up's garbage once, then freeze what survives: later collections (Python's
    own; Streamlit's after every run is off in .streamlit/config.toml) skip it."""
    gc.collect()
    gc.freeze()


def main() -> None:
    took = warm()
    settle()
    logging.getLogger("llw.warmup").info("warm-up: %s", ", ".join(f"{k} {v:.1f} s" for k, v in took.items()))
    print("Khởi động: " + ", ".join(f"{k} {v:.1f} giây" for k, v in took.items()), flush=True)
    from streamlit.web import cli as streamlit_cli

    # charts load the project's plotly.js from Streamlit's static serving (ui.plotly_view): on here
    # too, not only in ./.streamlit/config.toml, which Streamlit reads from the working directory
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), "--server.enableStaticServing", "true", *sys.argv[1:]]
    sys.exit(streamlit_cli.main())


if __name__ == "__main__":
    main()
