"""`python -m ui.serve [options of streamlit run]`: the product's server, as ./run.sh starts it.
It does the first visitor's work first (ui.warmup: imports, the snapshot, the landing charts), in
the process that then runs `streamlit run app.py`, so its caches are the server's."""

from __future__ import annotations

import logging
import sys

from ui.warmup import ROOT, warm


def main() -> None:
    took = warm()
    logging.getLogger("llw.warmup").info("warm-up: %s", ", ".join(f"{k} {v:.1f} s" for k, v in took.items()))
    print("Khởi động: " + ", ".join(f"{k} {v:.1f} giây" for k, v in took.items()), flush=True)
    from streamlit.web import cli as streamlit_cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(streamlit_cli.main())


if __name__ == "__main__":
    main()
