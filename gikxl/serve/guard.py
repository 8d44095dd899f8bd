"""Who may call the service: plain functions over a request's headers, each saying why it refuses.

On a shared office PC every other user, and every web page open in a browser,
can reach a port on loopback. So:

- the ``Host`` a request names must be the service's own (a site that rebinds
  its DNS name to 127.0.0.1 names its own host);
- a browser's ``Origin`` must be the page's own (or the WPS add-in's, when
  ``gikxl install --wps`` set one); ``Sec-Fetch-Site: cross-site`` refuses a
  form another site posts, even from a browser that sends no ``Origin``;
- the WPS add-in's page comes from a file (``Origin: null``, as a sandboxed
  frame's does): taken only with the key ``gikxl install --wps`` gave it
  (:mod:`gikxl.serve.addin`), and answered with the CORS headers it needs;
- with a token every request must carry it (header ``X-Gikxl-Token``, or
  ``?token=`` on the address the page is opened at).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field

from gikxl.serve.addin import KEY_HEADER
from gikxl.serve.limits import Refused

__all__ = ["LOOPBACK_NAMES", "Guard", "is_loopback"]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
TOKEN_HEADER = "x-gikxl-token"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this PC only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """``127.0.0.1`` of ``127.0.0.1:8765``, ``::1`` of ``[::1]:8765``."""
    text = host_header.strip().lower()
    if text.startswith("["):
        return text[1:text.find("]")] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


@dataclass(frozen=True)
class Guard:
    """The service's own address, the token if any, and the add-in's origins."""

    host: str
    port: int
    token: str | None = None
    extra_origins: frozenset[str] = field(default_factory=frozenset)
    addin_key: str | None = None

    @property
    def hosts(self) -> frozenset[str]:
        """Host names a request may name: loopback's, and the one served on."""
        return LOOPBACK_NAMES | {self.host.lower().strip("[]")}

    @property
    def origins(self) -> frozenset[str]:
        own = set()
        for name in self.hosts:
            shown = f"[{name}]" if ":" in name else name
            own.add(f"http://{shown}:{self.port}")
        return frozenset(own) | self.extra_origins

    def check(self, method: str, headers: Mapping[str, str], query: Mapping[str, str]) -> None:
        """Return when the request may be served; raise :class:`Refused` with its status otherwise."""
        host = headers.get("host", "")
        # Served beyond loopback (with a token, which nothing rebinding a name can know), the PC has
        # names and addresses of its own: the page comes from whichever one a colleague typed.
        beyond = self.token is not None and not is_loopback(self.host)
        if not beyond and _host_name(host) not in self.hosts:
            raise Refused("请求的地址不是本服务的地址，已拒绝。请在本机浏览器中打开 gikxl serve 显示的地址。", 403)
        origins = self.origins | ({f"http://{host.lower()}"} if beyond else set())
        origin = headers.get("origin")
        if origin == "null" and method != "OPTIONS":
            sent = headers.get(KEY_HEADER, "")
            if self.addin_key is None or not hmac.compare_digest(sent.encode("utf-8", "replace"),
                                                                 self.addin_key.encode("ascii")):
                raise Refused("只允许本服务自己的页面和已安装的 WPS 加载项调用，其他来源的请求已拒绝。"
                              "如果是 WPS 加载项，请重新运行 gikxl install --wps。", 403)
        elif origin == "null":
            if self.addin_key is None:
                raise Refused("本机没有安装 WPS 加载项，来源不明的请求已拒绝。", 403)
        elif origin is not None and origin.lower().rstrip("/") not in origins:
            raise Refused("只允许本服务自己的页面和 WPS 加载项调用，其他网页的请求已拒绝。", 403)
        if method != "GET" and headers.get("sec-fetch-site", "").lower() == "cross-site":
            raise Refused("其他网站提交的表单已拒绝。", 403)
        if self.token is not None and method != "OPTIONS":
            sent = headers.get(TOKEN_HEADER) or query.get("token") or ""
            if not hmac.compare_digest(sent.encode("utf-8", "replace"), self.token.encode("utf-8")):
                raise Refused("缺少访问口令或口令不对，已拒绝。"
                              "请使用启动 gikxl serve 时给出的完整地址（含 token）。", 401)

    def cors(self, headers: Mapping[str, str]) -> dict[str, str]:
        """The CORS headers for the add-in's page (origin ``null``, once :meth:`check` let it pass); none otherwise."""
        if headers.get("origin") != "null" or self.addin_key is None:
            return {}
        return {"Access-Control-Allow-Origin": "null", "Vary": "Origin",
                "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Max-Age": "600",
                "Access-Control-Allow-Headers": f"content-type, {KEY_HEADER}",
                "Access-Control-Allow-Private-Network": "true"}
