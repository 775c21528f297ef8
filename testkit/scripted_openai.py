"""A scripted OpenAI-compatible HTTP server on 127.0.0.1, for tests and benchmarks.

The real ``openai`` client and langchain's ``ChatOpenAI`` talk to it over HTTP, so tests exercise
the same serialisation, streaming, error mapping and retry code as production, with no network and
no model. Each chat completion takes the next step from a FIFO script, or asks ``responder`` when
the script is empty; every request body is recorded so tests can check what reached "the model"::

    with ScriptedOpenAIServer() as server:
        server.script(Reply("Hello"), ToolCall("lookup", {"q": "x"}), Error(429))
        llm = ChatOpenAI(base_url=server.base_url, api_key="test", model="scripted")
        ...
        assert "021 123 4567" not in server.sent_text

Standalone, for benchmarks or running the app with ``OPENAI_BASE_URL``::

    python -m testkit.scripted_openai --port 8011 --delay 1.0
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import itertools
import json
import math
import re
import signal
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import Any, Self, TypeAlias

JSON: TypeAlias = dict[str, Any]

# --- script steps ---------------------------------------------------------------------------------
# Timings are keyword-only. ``delay``: seconds before the first byte, on top of
# ``server.default_delay``. ``chunk_delay``: seconds between streamed chunks (None: the server's
# ``default_chunk_delay``); it only matters when the request streams.


@dataclass
class Reply:
    """An assistant message with text content; finish_reason "stop"."""

    text: str
    _: KW_ONLY
    delay: float = 0.0
    chunk_delay: float | None = None


@dataclass
class ToolCall:
    """One function call; finish_reason "tool_calls". A str ``arguments`` is sent verbatim, so a
    test can send invalid JSON; streamed, the arguments are split across several chunks."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    id: str | None = None
    _: KW_ONLY
    delay: float = 0.0
    chunk_delay: float | None = None


@dataclass
class Error:
    """An HTTP error with OpenAI's error body; ``retry_after`` sets the Retry-After header."""

    status: int
    message: str = "Scripted error"
    retry_after: float | None = None
    _: KW_ONLY
    delay: float = 0.0


@dataclass
class Garbage:
    """A 200 response whose body is sent as-is: not JSON, or JSON of the wrong shape."""

    body: str = "<html>this is not JSON</html>"
    content_type: str = "application/json"
    _: KW_ONLY
    delay: float = 0.0


@dataclass
class Disconnect:
    """Drop the connection: after ``after_chunks`` chunks when streaming, else before replying."""

    after_chunks: int = 2
    _: KW_ONLY
    delay: float = 0.0
    chunk_delay: float | None = None


@dataclass
class Delay:
    """Wait ``seconds`` more, then answer with ``then`` (reads well in a script of steps)."""

    seconds: float
    then: Step


Step: TypeAlias = Reply | ToolCall | Error | Garbage | Disconnect | Delay
Responder: TypeAlias = Callable[[JSON], Step]

_CUT_OFF_TEXT = "This reply is cut off part way through and never finishes."
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
}


def default_responder(request: JSON) -> Step:
    """What an unscripted chat completion gets: the same short sentence every time."""
    return Reply("This is a scripted reply.")


def estimate_tokens(text: str) -> int:
    """A deterministic stand-in for a tokenizer: about four characters per token."""
    return math.ceil(len(text) / 4)


def embed(text: str, dimensions: int = 64) -> list[float]:
    """Feature-hash the words with signs and L2-normalise: deterministic, and texts that share
    words get similar vectors, which is enough for retrieval plumbing tests."""
    vector = [0.0] * dimensions
    for word in re.findall(r"\w+", text.lower()) or [text]:
        bits = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        vector[bits % dimensions] += 1.0 if bits >> 63 else -1.0
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector] if norm else [1.0] + [0.0] * (dimensions - 1)


def _prompt_text(request: JSON) -> str:
    """The text a real model would count as prompt: message contents and tool definitions."""
    parts = []
    for message in request.get("messages", []):
        content = message.get("content")
        if isinstance(content, list):
            content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        parts.append(str(content or ""))
    return "\n".join(parts) + (json.dumps(request["tools"]) if request.get("tools") else "")


def _arguments(step: ToolCall) -> str:
    return step.arguments if isinstance(step.arguments, str) else json.dumps(step.arguments)


def _deltas(step: Reply | ToolCall | Disconnect, call_id: str) -> Iterator[tuple[JSON, str | None]]:
    """The (delta, finish_reason) sequence of a streamed answer, in OpenAI's chunk format."""
    if isinstance(step, ToolCall):
        function = {"name": step.name, "arguments": ""}
        call = {"index": 0, "id": call_id, "type": "function", "function": function}
        yield {"role": "assistant", "content": None, "tool_calls": [call]}, None
        args = _arguments(step)
        size = max(1, math.ceil(len(args) / 3))
        for start in range(0, len(args), size):
            piece = {"index": 0, "function": {"arguments": args[start : start + size]}}
            yield {"tool_calls": [piece]}, None
        yield {}, "tool_calls"
        return
    yield {"role": "assistant", "content": ""}, None
    text = step.text if isinstance(step, Reply) else _CUT_OFF_TEXT
    for word in re.findall(r"\s*\S+\s*|\s+", text):
        yield {"content": word}, None
    yield {}, "stop"


# --- HTTP -----------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Turns one request into one response; all state lives on ``ScriptedOpenAIServer``."""

    protocol_version = "HTTP/1.1"  # keep-alive and chunked streaming, like the real API
    disable_nagle_algorithm = True  # small SSE writes leave at once, not after a delayed ACK
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and benchmarks should not scroll a request log."""

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            self._send_error(404, f"Unknown path {self.path}")
            return
        data = [
            {"id": model, "object": "model", "created": 0, "owned_by": "scripted"}
            for model in self.server.scripted.models
        ]
        self._send_json(200, {"object": "list", "data": data})

    def do_POST(self) -> None:
        path = self.path.rstrip("/")
        route = {"/v1/chat/completions": self._chat, "/v1/embeddings": self._embeddings}.get(path)
        try:  # read the body whatever the path, so a keep-alive connection stays in step
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        except ValueError:
            body = None
        if route is None:
            self._send_error(404, f"Unknown path {self.path}")
        elif not isinstance(body, dict):
            self._send_error(400, "The request body must be a JSON object")
        else:
            self.server.scripted._record(path, body)
            try:
                route(body)
            except OSError:  # the client went away, or stop() cut the connection
                self.close_connection = True
            except Exception as exc:  # a bad script or responder: tell the client, do not crash
                self._send_error(500, f"Scripted server failed: {exc!r}")

    def _chat(self, request: JSON) -> None:
        scripted = self.server.scripted
        step, delay = scripted._next_step(request), scripted.default_delay
        while isinstance(step, Delay):
            delay += step.seconds
            step = step.then
        if not scripted._sleep(delay + step.delay):
            self.close_connection = True
        elif isinstance(step, Error):
            self._send_error(step.status, step.message, step.retry_after)
        elif isinstance(step, Garbage):
            self._send(200, step.body.encode(), step.content_type)
        elif request.get("stream"):
            self._stream(request, step)
        elif isinstance(step, Disconnect):
            self.close_connection = True
        else:
            self._send_json(200, scripted._completion(request, step))

    def _stream(self, request: JSON, step: Reply | ToolCall | Disconnect) -> None:
        """Server-sent events over chunked transfer encoding, ending with ``data: [DONE]``."""
        scripted = self.server.scripted
        head = scripted._head(request, "chat.completion.chunk")
        deltas = list(_deltas(step, scripted._call_id(step)))
        with_usage = bool((request.get("stream_options") or {}).get("include_usage"))
        chunk_delay = scripted.default_chunk_delay if step.chunk_delay is None else step.chunk_delay
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i, (delta, finish_reason) in enumerate(deltas):
            cut_off = isinstance(step, Disconnect) and i >= step.after_chunks
            if cut_off or (i and not scripted._sleep(chunk_delay)):
                self.close_connection = True  # no final empty chunk: the client sees a cut body
                return
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            event = {**head, "choices": [choice]}
            if with_usage:
                event["usage"] = None  # as OpenAI does: usage only on the last, choiceless chunk
            self._write_event(event)
        if with_usage:
            self._write_event({**head, "choices": [], "usage": scripted._usage(request, step)})
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _embeddings(self, request: JSON) -> None:
        scripted = self.server.scripted
        inputs = request.get("input", "")
        if isinstance(inputs, str) or (inputs and isinstance(inputs[0], int)):
            inputs = [inputs]  # one text, or one text given as token ids
        texts = [t if isinstance(t, str) else " ".join(map(str, t)) for t in inputs]
        dimensions = int(request.get("dimensions") or scripted.dimensions)
        data = []
        for index, text in enumerate(texts):
            vector: Any = embed(text, dimensions)
            if request.get("encoding_format") == "base64":  # the openai client's default
                vector = base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": vector})
        tokens = sum(estimate_tokens(t) for t in texts)
        usage = {"prompt_tokens": tokens, "total_tokens": tokens}
        model = request.get("model", "scripted")
        self._send_json(200, {"object": "list", "data": data, "model": model, "usage": usage})

    def _send(self, status: int, body: bytes, content_type: str, *headers: tuple[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status: int, payload: JSON, *headers: tuple[str, str]) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", *headers)

    def _send_error(self, status: int, message: str, retry_after: float | None = None) -> None:
        kind = _ERROR_TYPES.get(
            status, "server_error" if status >= 500 else "invalid_request_error"
        )
        error = {"message": message, "type": kind, "param": None, "code": None}
        headers = [] if retry_after is None else [("Retry-After", f"{retry_after:g}")]
        self._send_json(status, {"error": error}, *headers)

    def _write_event(self, payload: JSON) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that can cut its open keep-alive connections, so stop() never waits
    on a client that holds one, and that stays silent when a client goes away."""

    daemon_threads = True
    request_queue_size = 128  # the default of 5 drops bursts of benchmark connections for ~1 s

    def __init__(self, address: tuple[str, int], scripted: ScriptedOpenAIServer) -> None:
        self.scripted = scripted
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._closing = False
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host (slow, and not needed)."""
        TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # OSError: a client disconnected
            super().handle_error(request, client_address)

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)
            if self._closing:
                self._cut(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def cut_connections(self) -> None:
        with self._connections_lock:
            self._closing = True
            for connection in self._connections:
                self._cut(connection)

    @staticmethod
    def _cut(connection: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed by the client
            connection.shutdown(socket.SHUT_RDWR)


# --- the server -----------------------------------------------------------------------------------


class ScriptedOpenAIServer:
    """An OpenAI-compatible endpoint at ``base_url`` that answers chat completions from a script.

    ``default_delay`` is simulated model latency (seconds before each chat response) and
    ``default_chunk_delay`` the gap between streamed chunks; both are plain attributes.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        default_delay: float = 0.0,
        default_chunk_delay: float = 0.0,
        dimensions: int = 64,
        models: tuple[str, ...] = ("scripted",),
    ) -> None:
        self.host, self.port = host, port
        self.default_delay, self.default_chunk_delay = default_delay, default_chunk_delay
        self.dimensions, self.models = dimensions, models
        self.responder: Responder = default_responder
        self._queue: deque[Step] = deque()
        self._log: list[tuple[str, JSON]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("ScriptedOpenAIServer is not running; call start() first")
        return f"http://{self.host}:{self._httpd.server_address[1]}/v1"

    def start(self) -> Self:
        if self._httpd is None:
            self._stopping.clear()
            self._httpd = _HTTPServer((self.host, self.port), self)
            # shutdown() waits for the next poll, so a short interval keeps stop() quick in tests.
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, args=(0.01,), name="scripted-openai", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections, end pending delays and join every thread."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.cut_connections()
        httpd.server_close()  # joins the handler threads
        thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # scripting and records

    def script(self, *steps: Step) -> None:
        """Queue steps; each chat completion takes the next one, then ``responder`` takes over."""
        with self._lock:
            self._queue.extend(steps)

    @property
    def pending(self) -> int:
        """Scripted steps not yet used (a test can assert its script was consumed)."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[JSON]:
        """Chat completion request bodies, oldest first (a copy)."""
        with self._lock:
            return [body for path, body in self._log if path.endswith("/chat/completions")]

    @property
    def embedding_requests(self) -> list[JSON]:
        with self._lock:
            return [body for path, body in self._log if path.endswith("/embeddings")]

    @property
    def sent_text(self) -> str:
        """Every request body as JSON text: assert that something never reached the model."""
        with self._lock:
            return "\n".join(json.dumps(body, ensure_ascii=False) for _, body in self._log)

    def reset(self) -> None:
        """Forget the script and the recorded requests (the responder and delays stay)."""
        with self._lock:
            self._queue.clear()
            self._log.clear()

    # used by the handler

    def _record(self, path: str, body: JSON) -> None:
        with self._lock:
            self._log.append((path, body))

    def _next_step(self, request: JSON) -> Step:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self.responder(request)

    def _sleep(self, seconds: float) -> bool:
        """Wait, waking at once when stop() is called; False means the server is stopping."""
        if seconds > 0:
            self._stopping.wait(seconds)
        return not self._stopping.is_set()

    def _head(self, request: JSON, kind: str) -> JSON:
        model = request.get("model", self.models[0])
        return {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": kind,
            "created": int(time.time()),
            "model": model,
        }

    def _call_id(self, step: Step) -> str:
        return (isinstance(step, ToolCall) and step.id) or f"call_{next(self._ids)}"

    def _usage(self, request: JSON, step: Reply | ToolCall | Disconnect) -> JSON:
        output = step.text if isinstance(step, Reply) else ""
        if isinstance(step, ToolCall):
            output = step.name + _arguments(step)
        prompt, completion = estimate_tokens(_prompt_text(request)), estimate_tokens(output)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def _completion(self, request: JSON, step: Reply | ToolCall) -> JSON:
        message: JSON = {"role": "assistant", "content": None, "refusal": None}
        if isinstance(step, Reply):
            message["content"], finish_reason = step.text, "stop"
        else:
            function = {"name": step.name, "arguments": _arguments(step)}
            call = {"id": self._call_id(step), "type": "function", "function": function}
            message["tool_calls"], finish_reason = [call], "tool_calls"
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}
        usage = self._usage(request, step)
        return {**self._head(request, "chat.completion"), "choices": [choice], "usage": usage}


def main(argv: list[str] | None = None) -> None:
    """Serve until Ctrl-C, answering every chat completion with the default responder."""
    parser = argparse.ArgumentParser(
        prog="python -m testkit.scripted_openai", description="A scripted OpenAI-compatible server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8011, help="0 picks a free port")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--chunk-delay", type=float, default=0.0, help="seconds between chunks")
    parser.add_argument("--dimensions", type=int, default=64, help="embedding size")
    args = parser.parse_args(argv)
    # A server started from a background job inherits SIGINT ignored; Ctrl-C must still stop it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    server = ScriptedOpenAIServer(
        args.host,
        args.port,
        default_delay=args.delay,
        default_chunk_delay=args.chunk_delay,
        dimensions=args.dimensions,
    )
    with server:
        print(f"Scripted OpenAI server at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
