"""A small Language Server Protocol client over stdio, enough to drive yaml-language-server
as an editor does: open a file, wait for its diagnostics, ask for completion and hover."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

TIMEOUT = 60.0  # seconds; the server answers in well under one, but the machine may be busy


class LanguageServer:
    """One running server; use it as a context manager so the process always ends."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.root = root
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self._next_id = 0
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._published: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read_all, daemon=True)
        self._reader.start()

    def __enter__(self) -> LanguageServer:
        self.request("initialize", {
            "processId": None,
            "rootUri": self.root.as_uri(),
            "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {
                    "completion": {"completionItem": {
                        "snippetSupport": True, "documentationFormat": ["markdown", "plaintext"],
                    }},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                },
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (OSError, TimeoutError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._reader.join(timeout=10)
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()

    # --- the editor's side ------------------------------------------------------------

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    def wait_for_diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for uri after it was opened."""
        while uri not in self.diagnostics:
            try:
                self._published.get(timeout=TIMEOUT)
            except queue.Empty:
                raise TimeoutError(f"no diagnostics for {uri}") from None
        return self.diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        """Completion items at a 0-based position."""
        answer = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        if isinstance(answer, dict):
            return list(answer.get("items", []))
        return list(answer or [])

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover text at a 0-based position ('' when there is none)."""
        answer = self.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        if not answer:
            return ""
        contents = answer["contents"]
        return str(contents["value"] if isinstance(contents, dict) else contents)

    # --- the protocol -----------------------------------------------------------------

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        with self._lock:
            self._next_id += 1
            number = self._next_id
            self._answers[number] = queue.Queue()
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        try:
            answer = self._answers[number].get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"{method}: no answer in {timeout} s") from None
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read_all(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self._handle(json.loads(stream.read(length)))

    def _handle(self, message: dict[str, Any]) -> None:
        if "method" not in message:
            with self._lock:
                waiting = self._answers.get(message.get("id", -1))
            if waiting is not None:
                waiting.put(message)
            return
        method = message["method"]
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
            self._published.put(params["uri"])
        elif "id" in message:  # a request from the server: answer what an editor would
            result: Any = None
            if method == "workspace/configuration":
                result = [self._setting(item.get("section", "")) for item in
                          message["params"]["items"]]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _setting(self, section: str) -> Any:
        node: Any = self.settings
        for part in filter(None, section.split(".")):
            node = node.get(part) if isinstance(node, dict) else None
        return node
