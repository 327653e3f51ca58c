"""A small real web server for tests (127.0.0.1, a thread) and Arabic pages to serve.

Routes map a path to a :class:`Route`: status, headers, body, an optional delay before
answering, or a body streamed in chunks forever-ish (to test the size cap). The server
counts hits per path and the bytes it managed to send.
"""

from __future__ import annotations

import html as _html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before answering
    stream_chunks: int = 0  # >0: send ``body`` this many times, without Content-Length
    fail_first: int = 0  # answer 503 to the first N hits


class WebServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.sent: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]  # routes ignore the query string
                server.hits[path] = server.hits.get(path, 0) + 1
                route = server.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>not found</body></html>")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if server.hits[path] <= route.fail_first:
                    self.send_response(503)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if not route.stream_chunks and "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    for _ in range(max(1, route.stream_chunks)):
                        self.wfile.write(route.body)
                        server.sent[path] = server.sent.get(path, 0) + len(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def page(self, path: str, body: bytes | str, **route) -> str:
        """Serve ``body`` at ``path``; returns the full URL."""
        self.routes[path] = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **route)
        return self.url + path

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": to, "Content-Type": "text/html"})
        return self.url + path


def article_html(headline: str, paragraphs: list[str], *, site: str = "صحيفة الاختبار",
                 date: str | None = "2021-03-04", author: str | None = "سامي ناصر",
                 meta_charset: str | None = "utf-8") -> str:
    """A news page as outlets publish them: navigation, the article, share links, a footer."""
    head = [f'<meta charset="{meta_charset}">' if meta_charset else "",
            f"<title>{_html.escape(headline)} | {_html.escape(site)}</title>",
            f'<meta property="og:site_name" content="{_html.escape(site)}">',
            f'<meta property="og:title" content="{_html.escape(headline)}">']
    if date:
        head.append(f'<meta property="article:published_time" content="{date}T09:30:00+03:00">')
    if author:
        head.append(f'<meta name="author" content="{_html.escape(author)}">')
    body = "".join(f"<p>{_html.escape(p)}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>{''.join(head)}</head>
<body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<main><article>
<h1>{_html.escape(headline)}</h1>
<div class="byline">{_html.escape(author or '')}</div>
{body}
</article>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/x">خبر آخر</a></li></ul></aside>
<div class="share">شارك على فيسبوك | تويتر | واتساب</div>
</main>
<footer>جميع الحقوق محفوظة © {_html.escape(site)}</footer>
</body></html>"""


LAVROV = ["قال وزير الخارجية الروسي سيرغي لافروف، اليوم الخميس، إن روسيا وتركيا اتفقتا على مواصلة العمل "
          "المشترك من أجل تسوية الأوضاع في ليبيا ودعم وقف إطلاق النار.",
          "وأضاف لافروف خلال مؤتمر صحفي في موسكو مع نظيره التركي مولود جاويش أوغلو أن الحل العسكري "
          "للأزمة الليبية غير ممكن، وأن على الأطراف الليبية الانخراط في حوار سياسي شامل.",
          "من جهته، قال جاويش أوغلو إن أنقرة تدعم جهود الأمم المتحدة للوصول إلى حل دائم."]
