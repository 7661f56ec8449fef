"""Many viewers at once, without browsers: Streamlit sessions driven over the server's own
websocket protocol (the protobuf messages the browser sends and receives).

Each `Viewer` is one browser tab: it connects to `/_stcore/stream` (a new server session),
asks for a page with a query string, and reads the server's messages until the run has
finished, collecting every exception the page showed. The server runs every session's script in
its own thread over the same caches, exactly as with people in front of browsers, while the
client side costs almost nothing (no rendering, no JavaScript).

    with streamlit_server(db) as url, viewer(url) as v:
        shown = v.open("map", "year=2024")   # -> Run(exceptions=[...], elements=[...])"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class Run:
    """What one script run sent: its exceptions (message text) and its element kinds."""

    exceptions: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)  # label -> the value shown


@contextmanager
def viewer(url: str, timeout: float = 300) -> Iterator[Viewer]:
    """A new session on the Streamlit server at `url` (http://host:port), closed on exit."""
    host = urlparse(url).netloc
    with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], open_timeout=timeout) as ws:
        yield Viewer(ws, timeout)


class Viewer:
    """One session on a running Streamlit server (see module doc)."""

    def __init__(self, ws, timeout: float):
        self._ws = ws
        self._timeout = timeout

    def open(self, page: str, query: str = "") -> Run:
        """Run `page` (its url path, "" for the default page) and wait until the run is over; a
        run the app ends early to rerun itself (ui.layout.ensure_app_entry) is followed through."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        self._ws.send(msg.SerializeToString())
        run = Run()
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self._ws.recv(timeout=self._timeout))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                what = element.WhichOneof("type")
                run.elements.append(what)
                if what == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif what == "metric":
                    run.metrics[element.metric.label] = element.metric.body
            elif kind == "script_finished":
                if fwd.script_finished != EARLY:
                    return run
                run = Run()
