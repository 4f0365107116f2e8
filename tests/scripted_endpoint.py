"""An OpenAI-compatible chat endpoint on loopback that answers with scripted replies, each ended as told.

It is scripted because no real server can be made to drop its connection, stop answering, fail, or hit its
token limit at a chosen word on demand; everything between it and the assistant (httpx, the openai client,
LangChain's ChatOpenAI, the answering code) is the real thing.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.scripted_model import cite

ENDINGS = ("stop", "length", "drop", "stall", "error")


class ScriptedEndpoint:
    """Answers the n-th chat completion with the n-th ``(text, ending)`` reply (the last again when they run out).

    ``stop`` or ``length``: a whole completion with that finish_reason; ``drop``: the connection closes halfway
    through the body; ``stall``: nothing is sent until the endpoint is stopped; ``error``: an HTTP 500.
    A reply's ``[[words]]`` become the number the prompt gives the passage holding those words."""

    def __init__(self, *replies: tuple[str, str]):
        if not replies or {ending for _, ending in replies} - set(ENDINGS):
            raise ValueError(f"replies are (text, ending) pairs, each ending one of {', '.join(ENDINGS)}")
        self.replies = replies
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

    def reply(self, request: dict) -> tuple[str, str]:
        """The next reply for ``request``, its citations numbered as the request's system prompt numbers passages."""
        self.requests.append(request)
        text, ending = self.replies[min(len(self.requests), len(self.replies)) - 1]
        system = next((m["content"] for m in request["messages"] if m["role"] == "system"), "")
        return cite(text, system), ending


def _handler(endpoint: ScriptedEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            text, ending = endpoint.reply(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.close_connection = True
            if ending == "stall":
                endpoint.stopped.wait(60)
            elif ending == "error":
                self._send(500, {"error": {"message": "scripted server error", "type": "server_error"}})
            else:
                self._send(200, _completion(text, ending), cut=ending == "drop")

        def _send(self, status: int, payload: dict, cut: bool = False) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2] if cut else body)
            self.wfile.flush()
            if cut:
                self.connection.shutdown(socket.SHUT_RDWR)  # half the promised body, then nothing

        def log_message(self, *args) -> None:  # keep test output clean
            pass

    return Handler


def _completion(text: str, finish_reason: str) -> dict:
    return {"id": "scripted", "object": "chat.completion", "created": 0, "model": "scripted",
            "choices": [{"index": 0, "finish_reason": finish_reason,
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
