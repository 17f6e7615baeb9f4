"""A Streamlit client without a browser: one session over the app's own websocket protocol.

Built on `websockets` and Streamlit's protocol classes (`streamlit.proto`) of the installed
Streamlit (1.67); tests/test_load_smoke.py fails loudly when that protocol changes under it.
It does what the browser's frontend does for the parts of the app the load generator drives:

- `GET /_stcore/health` sets the `_streamlit_xsrf` cookie; the websocket `/_stcore/stream`
  is opened with that cookie, an `Origin` header and the subprotocol list
  `streamlit, <xsrf token>` (Streamlit reads the token from the second entry);
- every run is a `BackMsg.rerun_script` carrying a `ClientState`: the query string (kept up to
  date from `page_info_changed`, as the browser's address bar is), the page's script hash, the
  widget states, the fragment id for a fragment rerun, the hashes of cached messages and the
  browser's context;
- widgets are found by label in the deltas (`Delta.new_element`), with the fragment id the
  delta carries; messages the server marks `cacheable` are kept, and their hashes sent back,
  so the server answers with `ref_hash` references as it does for a browser;
- an upload asks for URLs (`BackMsg.file_urls_request` → `ForwardMsg.file_urls_response`),
  PUTs the file to `/_stcore/upload_file/<session>/<file>` with the `X-Xsrftoken` header, and
  reruns with the uploader's `FileUploaderState`.

A run's round trip is from sending its `rerun_script` to the server's `script_finished`.
Widget states are sent for the widgets this client has set (the browser also sends the
defaults of untouched widgets; the server falls back to those defaults itself). Each session's
TCP connections can be bound to their own source address (e.g. 127.0.N.1), so a proxy that
hashes client addresses (nginx `ip_hash`) spreads the sessions over its replicas.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

XSRF_COOKIE = "_streamlit_xsrf"
FINISHED = ForwardMsg.ScriptFinishedStatus
OK = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(RuntimeError):
    """The server did not answer as Streamlit's protocol (as this client knows it) says."""


@dataclass
class Widget:
    kind: str  # the Element oneof name: "slider", "file_uploader", ...
    id: str
    label: str
    fragment_id: str
    proto: Any  # the element's own message (e.g. Slider)


@dataclass
class Run:
    """One script run as this client saw it."""

    kind: str
    ms: float
    status: int
    exceptions: list[str] = field(default_factory=list)
    alerts: list[tuple[int, str]] = field(default_factory=list)  # (Alert.Format, body)
    headings: list[str] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)  # labels of the buttons drawn

    @property
    def ok(self) -> bool:
        return self.status in OK and not self.exceptions


@dataclass
class Target:
    """Where the app is: its base URL (scheme http, any path prefix) and a source address."""

    base_url: str
    source: str | None = None  # local address for this session's TCP connections

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"need an http://host:port/ base URL, not {self.base_url!r}")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.origin = f"http://{parts.netloc}"

    def local_addr(self) -> tuple[str, int] | None:
        return (self.source, 0) if self.source else None


async def http(
    target: Target,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    timeout: float = 30,
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One HTTP/1.1 request on its own connection (bound to the target's source address)."""

    async def go() -> tuple[int, list[tuple[str, str]], bytes]:
        reader, writer = await asyncio.open_connection(
            target.host, target.port, local_addr=target.local_addr()
        )
        try:
            head = {
                "Host": f"{target.host}:{target.port}",
                "Connection": "close",
                "Content-Length": str(len(body)),
                "User-Agent": "runner-strength-load/1",
                **(headers or {}),
            }
            lines = [f"{method} {target.prefix}{path} HTTP/1.1"]
            lines += [f"{k}: {v}" for k, v in head.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        header_blob, _, payload = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = header_blob.decode("latin-1").split("\r\n")
        try:
            status = int(status_line.split()[1])
        except (IndexError, ValueError) as exc:
            raise ProtocolError(f"{method} {path}: bad status line {status_line!r}") from exc
        pairs = [tuple(h.split(":", 1)) for h in header_lines if ":" in h]
        return status, [(k.strip(), v.strip()) for k, v in pairs], payload

    return await asyncio.wait_for(go(), timeout)


def _cookie(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


class Session:
    """One browser-like session: `await open()`, then runs; `await close()` at the end."""

    def __init__(self, target: Target, timeout: float = 60.0) -> None:
        self.target = target
        self.timeout = timeout
        self.session_id = ""
        self.pages: dict[str, str] = {}  # url path ("" = the default page) -> script hash
        self.page_hash = ""
        self.query_string = ""
        self.widgets: dict[tuple[str, str], Widget] = {}  # (kind, label) -> latest seen
        self._states: dict[str, WidgetState] = {}
        self._seen_ids: set[str] = set()
        self._cache: dict[str, ForwardMsg] = {}
        self._xsrf = ""
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._finished: asyncio.Future[int] | None = None
        self._url_replies: dict[str, asyncio.Future[list[FileURLs]]] = {}
        self._run: Run | None = None
        self.closed_reason: str | None = None
        self._store_asks: dict[str, str] = {}  # storage component id -> the nonce it asks for
        self._store_answered: set[str] = set()

    # --- connection -----------------------------------------------------------------------

    async def open(self, page: str = "") -> Run:
        """Load the app like a browser (health check, cookie, websocket) and run `page`;
        the run's time is all of it, from the health check to the script's end."""
        t0 = time.perf_counter()
        status, headers, _ = await http(self.target, "GET", "/_stcore/health")
        if status != 200:
            raise ProtocolError(f"health check answered {status}")
        self._xsrf = _cookie(headers, XSRF_COOKIE) or ""
        if not self._xsrf:
            raise ProtocolError(f"health check set no {XSRF_COOKIE} cookie (XSRF protection off?)")
        ws_url = f"ws://{self.target.host}:{self.target.port}{self.target.prefix}/_stcore/stream"
        self._ws = await asyncio.wait_for(
            websockets.connect(
                ws_url,
                subprotocols=["streamlit", self._xsrf],  # type: ignore[list-item]
                origin=self.target.origin,  # type: ignore[arg-type]
                additional_headers={"Cookie": f"{XSRF_COOKIE}={self._xsrf}"},
                max_size=None,
                compression=None,
                local_addr=self.target.local_addr(),
            ),
            self.timeout,
        )
        if self._ws.subprotocol != "streamlit":
            raise ProtocolError(f"server chose subprotocol {self._ws.subprotocol!r}")
        self._reader = asyncio.create_task(self._read())
        run = await self._rerun("open", page_name=page)
        for wid, nonce in list(self._store_asks.items()):
            run = await self._answer_store(wid, nonce, page)
        run.ms = (time.perf_counter() - t0) * 1000
        return run

    async def _answer_store(self, wid: str, nonce: str, page: str) -> Run:
        """A fresh session asks the browser for the answers it keeps (ui/local_store.py) and
        waits: answer as a browser that keeps none, and run again, as the page's code does."""
        self._store_asks.pop(wid, None)
        self._store_answered.add(nonce)
        state = WidgetState(id=wid)
        state.json_value = json.dumps({"report": {"nonce": nonce, "status": "none"}})
        self._states[wid] = state
        return await self._rerun("open", page_name=page)

    def local_address(self) -> tuple[str, int]:
        """The websocket's own (source) address and port."""
        return tuple(self._ws.local_address[:2])  # type: ignore[return-value]

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):  # noqa: S110 - closing anyway
                pass

    # --- what a runner does ---------------------------------------------------------------

    async def goto(self, page: str) -> Run:
        """Open a screen from the sidebar (its url path), as the navigation links do."""
        if page not in self.pages:
            raise ProtocolError(f"no page {page!r} in the navigation: {sorted(self.pages)}")
        self.query_string = ""  # a page switch drops the previous page's query parameters
        return await self._rerun(f"page:{page}", page_hash=self.pages[page])

    def widget(self, kind: str, label: str) -> Widget:
        try:
            return self.widgets[(kind, label)]
        except KeyError:
            seen = sorted(lbl for k, lbl in self.widgets if k == kind)
            raise ProtocolError(f"no {kind} labelled {label!r}; seen: {seen}") from None

    async def set_slider(self, label: str, value: float, kind: str = "slider") -> Run:
        """Move a slider to `value`; inside a fragment only the fragment reruns."""
        w = self.widget("slider", label)
        state = WidgetState(id=w.id)
        state.double_array_value.data.append(float(value))
        self._states[w.id] = state
        key = w.proto.query_param_key if w.proto.HasField("query_param_key") else ""
        if key:  # a bound widget: the browser writes its value into the address bar itself
            self._set_param(key, value, default=list(w.proto.default))
        return await self._rerun(kind, fragment_id=w.fragment_id)

    async def click(self, label: str, kind: str = "click") -> Run:
        """Click a button: its trigger is true for one run only, as in the browser."""
        w = self.widget("button", label)
        self._states[w.id] = WidgetState(id=w.id, trigger_value=True)
        try:
            return await self._rerun(kind, fragment_id=w.fragment_id)
        finally:
            self._states.pop(w.id, None)

    async def upload(self, label: str, name: str, data: bytes, mime: str) -> Run:
        """Choose a file in an uploader: get its URL, PUT the file, rerun with its state."""
        w = self.widget("file_uploader", label)
        request_id = uuid.uuid4().hex
        reply: asyncio.Future[list[FileURLs]] = asyncio.get_running_loop().create_future()
        self._url_replies[request_id] = reply
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        urls = (await asyncio.wait_for(reply, self.timeout))[0]
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: {mime}\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, text = await http(
            self.target,
            "PUT",
            urls.upload_url,
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self._xsrf,
                "Cookie": f"{XSRF_COOKIE}={self._xsrf}",
                "Origin": self.target.origin,
            },
            body,
            self.timeout,
        )
        if status not in (200, 204):
            raise ProtocolError(f"upload answered {status}: {text[:200]!r}")
        state = WidgetState(id=w.id)
        state.file_uploader_state_value.uploaded_file_info.append(
            UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=urls)
        )
        self._states[w.id] = state
        run = await self._rerun("upload", fragment_id=w.fragment_id)
        run.ms = (time.perf_counter() - t0) * 1000  # the whole upload: URLs, PUT and run
        return run

    def _set_param(self, key: str, value: float, default: list[float]) -> None:
        params = [(k, v) for k, v in parse_qsl(self.query_string, keep_blank_values=True)]
        params = [(k, v) for k, v in params if k != key]
        if [float(value)] != default:  # a value left at its default stays out of the URL
            params.append((key, f"{value:g}"))
        self.query_string = urlencode(params)

    # --- runs -------------------------------------------------------------------------------

    def _client_state(self, page_hash: str, page_name: str, fragment_id: str) -> ClientState:
        cs = ClientState(
            query_string=self.query_string,
            page_script_hash=page_hash,
            page_name=page_name,
            fragment_id=fragment_id,
            cached_message_hashes=list(self._cache),
        )
        cs.widget_states.widgets.extend(self._states.values())
        ctx = cs.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, "en-GB"
        ctx.url = f"{self.target.origin}{self.target.prefix}/{page_name}"
        ctx.is_embedded, ctx.color_scheme = False, "light"
        return cs

    async def _rerun(
        self, kind: str, page_hash: str | None = None, page_name: str = "", fragment_id: str = ""
    ) -> Run:
        if self.closed_reason:
            raise ProtocolError(f"connection closed: {self.closed_reason}")
        if page_hash is not None:
            self.page_hash = page_hash
        if not fragment_id:
            self._seen_ids = set()
        msg = BackMsg()
        msg.rerun_script.CopyFrom(self._client_state(self.page_hash, page_name, fragment_id))
        self._finished = asyncio.get_running_loop().create_future()
        self._run = Run(kind=kind, ms=0.0, status=-1)
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        try:
            status = await asyncio.wait_for(self._finished, self.timeout)
        except TimeoutError:
            raise ProtocolError(f"{kind}: no script_finished within {self.timeout:.0f} s") from None
        run = self._run
        run.ms = (time.perf_counter() - t0) * 1000
        run.status = status
        if not fragment_id:  # the browser forgets widgets a full run no longer drew
            self._states = {k: v for k, v in self._states.items() if k in self._seen_ids}
        return run

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed as exc:
            self.closed_reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - reported through the waiting run
            self.closed_reason = f"{type(exc).__name__}: {exc}"
        if self.closed_reason is None:
            self.closed_reason = "server closed the connection"
        if self._finished is not None and not self._finished.done():
            self._finished.set_exception(ProtocolError(f"connection lost: {self.closed_reason}"))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(f"reference to a message never received: {msg.ref_hash}")
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, cached.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
        if kind == "new_session":
            # Sent at the start of every full run; with st.navigation its page list is the
            # pages/ folder's or stale: the `navigation` message that follows is the real one.
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            self._pages(msg.navigation.app_pages)
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg.delta)
        elif kind == "file_urls_response":
            reply = self._url_replies.pop(msg.file_urls_response.response_id, None)
            if reply is not None and not reply.done():
                if msg.file_urls_response.error_msg:
                    reply.set_exception(ProtocolError(msg.file_urls_response.error_msg))
                else:
                    reply.set_result(list(msg.file_urls_response.file_urls))
        elif kind == "script_finished":
            status = msg.script_finished
            if status != FINISHED.FINISHED_EARLY_FOR_RERUN:  # st.rerun: another run follows
                if self._finished is not None and not self._finished.done():
                    self._finished.set_result(status)

    def _pages(self, pages: Any) -> None:
        self.pages = {p.url_pathname: p.page_script_hash for p in pages}
        for p in pages:
            if p.is_default:
                self.pages[""] = p.page_script_hash

    def _delta(self, delta: Any) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        inner = getattr(el, kind) if kind else None
        run = self._run
        if kind == "exception" and run is not None:
            run.exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "alert" and run is not None:
            run.alerts.append((el.alert.format, el.alert.body))
        elif kind == "heading" and run is not None:
            run.headings.append(el.heading.body)
        elif kind == "button" and run is not None:
            run.buttons.append(el.button.label)
        widget_id = getattr(inner, "id", "") if inner is not None else ""
        if kind == "bidi_component" and inner is not None:
            payload = inner.json if inner.WhichOneof("data") == "json" else inner.mixed.json
            data = json.loads(payload) if payload else {}
            nonce = data.get("read") if isinstance(data, dict) else None
            if nonce and nonce not in self._store_answered:
                self._store_asks[widget_id] = nonce
        if widget_id:
            self._seen_ids.add(widget_id)
            label = getattr(inner, "label", "")
            self.widgets[(kind, label)] = Widget(kind, widget_id, label, delta.fragment_id, inner)
