"""``gikxl serve``: 校验, 生成报告 and 审核 in a browser page on this PC, and the WPS add-in's service."""

from __future__ import annotations

import argparse
import errno
import re
import sys
from typing import TYPE_CHECKING

from gikxl.text import safe_text

if TYPE_CHECKING:
    import socket

DEFAULT_PORT = 8765
#: A token travels in a web address and a header: characters both carry as they are.
_TOKEN = re.compile(r"[A-Za-z0-9._~-]{8,200}")


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError("应为 1–65535 之间的整数")
    return value


_port.__name__ = "端口号"  # argparse names the type in its message


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="在本机浏览器中校验、生成报告和审核（也供 WPS 加载项使用）",
        description="在本机启动 gikxl 服务，用浏览器打开显示的地址即可拖入文件校验、生成报告、审核多个单位。"
                    "默认只在本机（127.0.0.1）提供服务，其他电脑无法访问；上传的文件处理完即删除。",
        epilog="按 Ctrl+C 停止服务。",
    )
    p.add_argument("--host", default="127.0.0.1", metavar="地址",
                   help="监听的地址（默认 127.0.0.1，仅本机）；本机以外的地址必须同时给出 --token")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="端口", help=f"端口号（默认 {DEFAULT_PORT}）")
    p.add_argument("--open", action="store_true", help="启动后在浏览器中打开页面")
    p.add_argument("--token", metavar="口令", help="访问口令：每个请求都须带上（页面地址中的 ?token=）")
    p.set_defaults(run=run)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening; a busy port or a foreign address said in Chinese."""
    import socket

    from gikxl.errors import GikxlError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows this option lets a second server share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)) or getattr(exc, "winerror", 0) == 10048:
            raise GikxlError(f"端口 {port} 已被占用：可能已经有一个 gikxl serve 在运行（可直接打开 "
                             f"http://{host}:{port}/ ），或请用 --port 换一个端口。") from None
        raise GikxlError(f"无法在 {host}:{port} 上启动服务：{exc.strerror or exc}。请检查 --host 和 --port。") from None
    return sock


def run(args: argparse.Namespace) -> int:
    from gikxl.errors import GikxlError
    from gikxl.serve.guard import Guard, is_loopback

    if args.token is not None and not _TOKEN.fullmatch(args.token):
        raise GikxlError("访问口令应为至少 8 个英文字母、数字或 - _ . ~（它会出现在网址中）。")
    if not is_loopback(args.host) and not args.token:
        raise GikxlError("在本机以外的地址上提供服务时，必须用 --token 设定访问口令，"
                         "否则同一网络中的任何人都能上传文件。")
    from gikxl.runtime import resume_collector

    resume_collector()  # a service runs long: the garbage collector works as usual
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/" + (f"?token={args.token}" if args.token else "")
    try:
        sock = listening_socket(args.host, args.port)
    except GikxlError:
        # The shortcut 年报校验 runs ``gikxl serve --open``: with the service already running
        # (started at log-in), it only opens the page.
        if args.open and _is_gikxl(f"http://{shown}:{args.port}/api/health", args.token):
            import webbrowser

            webbrowser.open(url)
            print(f"gikxl 服务已在运行：{safe_text(url)}，已在浏览器中打开。")
            return 0
        raise
    import uvicorn

    from gikxl.serve.addin import read_key
    from gikxl.serve.app import make_app

    app = make_app(Guard(args.host, args.port, args.token, addin_key=read_key()))
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="error", access_log=False,
                                           lifespan="off", server_header=False, date_header=False))
    print(f"gikxl 服务已启动：{safe_text(url)}", flush=True)
    print("在浏览器中打开上面的地址即可使用。按 Ctrl+C 停止服务。", flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("服务已停止。", flush=True)
    return 0


def _is_gikxl(health: str, token: str | None) -> bool:
    """Whether a gikxl service answers at ``health`` (no proxy: the address is this PC's)."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(health, headers={"X-Gikxl-Token": token} if token else {})
    try:
        with opener.open(request, timeout=3) as answer:
            return b'"gikxl"' in answer.read(200)
    except (OSError, ValueError):
        return False
