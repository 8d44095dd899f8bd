"""Debian's Chromium, headless, driven through the DevTools protocol over a pipe (no extra package).

``--remote-debugging-pipe`` makes Chromium read commands from fd 3 and write
answers and events to fd 4, as JSON messages ended by a NUL byte. :class:`Browser`
starts it with a fresh profile, opens one page, and offers what a test needs:
go to an address, evaluate an expression, choose files for an ``<input type=file>``,
wait for a download, take a screenshot, and the console's errors (messages,
uncaught exceptions, CSP violations).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from chromium import _QUIET, chromium


class Browser:
    def __init__(self, width: int = 1280, height: int = 800, downloads: Path | None = None) -> None:
        self._profile = tempfile.TemporaryDirectory()
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # Above the numbers the child will take, so that moving one cannot overwrite the other.
        high_r, high_w = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        os.close(to_r)
        os.close(from_w)

        def fds() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [chromium() or "chromium", *_QUIET, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4, high_r, high_w), close_fds=True)
        os.close(high_r)
        os.close(high_w)
        self._out = os.fdopen(to_w, "wb", buffering=0)
        self._in = os.fdopen(from_r, "rb", buffering=0)
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._next = 0
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "DOM"):
            self.call(f"{domain}.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        if downloads is not None:
            self.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads),
                      eventsEnabled=True)

    # The protocol ---------------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while chunk := self._in.read(65536):
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message and message["id"] in self._answers:
                    self._answers[message["id"]].put(message)
                else:
                    self.events.append(message)

    def call(self, method: str, session: bool = False, timeout: float = 60, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            key = self._next
            self._answers[key] = queue.Queue()
        message: dict[str, Any] = {"id": key, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode() + b"\0")
        answer = self._answers[key].get(timeout=timeout)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    # What a test does -----------------------------------------------------------------

    def go(self, url: str) -> None:
        seen = len(self.events)
        self.call("Page.navigate", session=True, url=url)
        self.wait(lambda: any(e.get("method") == "Page.loadEventFired" for e in self.events[seen:]), "page load")

    def eval(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def choose_files(self, selector: str, *paths: Path) -> None:
        root = self.call("DOM.getDocument", session=True)["root"]["nodeId"]
        node = self.call("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        self.call("DOM.setFileInputFiles", session=True, nodeId=node, files=[str(p) for p in paths])

    def wait(self, done, what: str, seconds: float = 60) -> None:
        for _ in range(int(seconds * 10)):  # bounded: a tenth of a second at a time
            if done():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def wait_for(self, expression: str, what: str, seconds: float = 60) -> None:
        self.wait(lambda: bool(self.eval(expression)), what, seconds)

    def downloaded(self, seen: int) -> list[str]:
        """GUIDs of the downloads completed since event number ``seen``."""
        return [e["params"]["guid"] for e in self.events[seen:]
                if e.get("method") == "Browser.downloadProgress" and e["params"].get("state") == "completed"]

    def screenshot(self, png: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        png.write_bytes(base64.b64decode(data))
        return png

    def console_errors(self) -> list[str]:
        """Error messages, uncaught exceptions and browser errors (a CSP violation is one) the page produced."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                out.append(str(params.get("exceptionDetails", {}).get("exception", {}).get("description", params)))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append(params["entry"].get("text", ""))
        return out

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (AssertionError, queue.Empty, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()
        self._reader.join(timeout=10)  # the browser is gone: its end of the pipe is closed
        self._in.close()
        self._profile.cleanup()
