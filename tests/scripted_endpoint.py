"""An OpenAI-compatible chat endpoint on loopback that streams a scripted answer and then ends as told.

It is scripted because no real server can be made to drop its connection, or hit its token limit,
at a chosen word on demand; everything between it and the assistant (httpx, the openai client,
LangChain's ChatOpenAI, the answering code) is the real thing.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENDINGS = ("stop", "length", "drop", "close", "stall")
_CITE = re.compile(r"\[\[(.+?)\]\]")  # "[[Ministry of Posts]]" → "[n]" of the passage holding those words


class ScriptedEndpoint:
    """Streams ``pieces`` as ``chat.completion.chunk`` events, then ends with ``ending``:
    ``stop`` or ``length`` (a final chunk with that finish_reason, then [DONE]), ``drop`` (the socket
    closes in the middle of a chunked body), ``close`` (an unframed body ends without [DONE]) or ``stall``
    (nothing more is sent until the endpoint is stopped)."""

    def __init__(self, pieces: list[str], ending: str):
        if ending not in ENDINGS:
            raise ValueError(f"ending must be one of {', '.join(ENDINGS)}, not {ending!r}")
        self.pieces, self.ending = pieces, ending
        self.requests: list[dict] = []
        self.stopped = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> ScriptedEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()

    def script(self, system_prompt: str) -> list[str]:
        """The pieces with each [[words]] replaced by the number the prompt gives the passage holding them."""
        numbered = dict(re.findall(r"^\[(\d+)\] (.*)$", system_prompt, re.MULTILINE))
        def cite(match: re.Match) -> str:
            return next(f"[{n}]" for n, text in numbered.items() if match.group(1) in text)
        return [_CITE.sub(cite, piece) for piece in self.pieces]


def _handler(endpoint: ScriptedEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0" if endpoint.ending == "close" else "HTTP/1.1"

        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            endpoint.requests.append(request)
            system = next((m["content"] for m in request["messages"] if m["role"] == "system"), "")
            if not request.get("stream"):
                self._reply_whole(request["messages"][-1]["content"])
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            if endpoint.ending != "close":
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in endpoint.script(system):
                self._event(_chunk({"content": piece}, None))
            if endpoint.ending in ("stop", "length"):
                self._event(_chunk({}, endpoint.ending))
                self._send(b"data: [DONE]\n\n")
                self._send(b"")  # the last, empty chunk ends the body
            elif endpoint.ending == "drop":
                self.connection.shutdown(socket.SHUT_RDWR)  # mid-body: no last chunk, no [DONE]
            elif endpoint.ending == "stall":
                endpoint.stopped.wait(60)
            self.close_connection = True

        def _reply_whole(self, text: str) -> None:
            body = json.dumps({"id": "scripted", "object": "chat.completion", "created": 0, "model": "scripted",
                               "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": text}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _event(self, payload: dict) -> None:
            self._send(f"data: {json.dumps(payload)}\n\n".encode())

        def _send(self, data: bytes) -> None:
            if endpoint.ending == "close":
                self.wfile.write(data)
            else:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def log_message(self, *args) -> None:  # keep test output clean
            pass

    return Handler


def _chunk(delta: dict, finish_reason: str | None) -> dict:
    return {"id": "scripted", "object": "chat.completion.chunk", "created": 0, "model": "scripted",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
