"""Charts as PNG and SVG on the server: kaleido 1.5.0 drawing in the system Chromium with the CJK fonts.

One warm Chromium per process, started by the first export (or by prewarm()) and driven by kaleido.Kaleido
on a private asyncio loop; every render holds one lock and waits on its own future with a timeout. Not
kaleido.start_sync_server(): without a lock it hands images to the wrong caller (plotly/Kaleido#444), it
hangs forever when Chromium dies or after a fork, and plotly's own fig.to_image() would share it unlocked.

Whatever is not the caller's mistake becomes ExportUnavailable, whose text is the Chinese message a page
shows; available() gives the same message before anyone tries.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import kaleido
from kaleido.errors import BrowserFailedError, ChromeNotFoundError

from base import settings

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
_TYPICAL = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome-stable")
# index.html and Chromium profiles live here, so that a killed process's leftovers are found and swept
_ROOT = Path(tempfile.gettempdir()) / f"pilot-export-{os.getuid()}"
_STALE_SECONDS = 60

# kaleido and choreographer log every render at INFO and Chromium's stderr at DEBUG; the app logs at INFO.
for _name in ("kaleido", "choreographer", "browser_proc", "chrome_wrapper"):
    logging.getLogger(_name).setLevel(logging.WARNING)
_log = logging.getLogger(__name__)


class _DropByeNoise(logging.Filter):
    # the pipe wrapper's "{bye}" at Chromium's exit, read glued to the last message, is logged as an ERROR
    def filter(self, record: logging.LogRecord) -> bool:
        return "JSONError decoding message" not in record.getMessage()


logging.getLogger("choreographer.channels.pipe").addFilter(_DropByeNoise())


class ExportUnavailable(RuntimeError):
    """No image can be made on this server now; str() is the Chinese message for the page.

    reason: no_browser | no_cjk_font | browser_failed | timeout | render_error; detail is for the log.
    """

    def __init__(self, message: str, *, reason: str, detail: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = detail


def _timeout() -> float:
    return settings.get("PILOT_EXPORT_TIMEOUT")


def _browser() -> str:
    """PILOT_CHROMIUM when set (a wrong one is an error, not a fallback), else Chromium on PATH or in /usr/bin.

    Never choreographer's own lookup: a Chrome it once downloaded to ~/.local would win over the system's.
    """
    chosen = settings.get("PILOT_CHROMIUM")
    if chosen is not None:
        if chosen.is_file() and os.access(chosen, os.X_OK):
            return str(chosen)
        raise ExportUnavailable(
            f"图片导出不可用：设置 PILOT_CHROMIUM 指向的浏览器不存在或不可执行（{chosen}）。"
            "请管理员改正该设置，或安装 Chromium（apt-get install chromium）后删去该设置。",
            reason="no_browser",
            detail=f"PILOT_CHROMIUM={chosen}",
        )
    for path in [shutil.which(name) for name in _CANDIDATES] + list(_TYPICAL):
        if path and os.access(path, os.X_OK):
            return path
    raise ExportUnavailable(
        "图片导出不可用：服务器未安装 Chromium 浏览器。"
        "请管理员执行 apt-get install chromium fonts-noto-cjk，或用设置 PILOT_CHROMIUM 指明浏览器的路径。",
        reason="no_browser",
    )


_fonts_found = False


def _check_fonts() -> None:
    """Chromium finds fonts through fontconfig, so `fc-list :lang=zh` (which exits 0 even when it lists
    nothing) says whether Chinese will render or come out as boxes. Once found, not asked again."""
    global _fonts_found
    if not _fonts_found and shutil.which("fc-list"):
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
        )
        _fonts_found = bool(listed.stdout.strip())
    if not _fonts_found:
        raise ExportUnavailable(
            "图片导出不可用：服务器缺少中文字体，图中的中文会显示为方框。请管理员执行 apt-get install fonts-noto-cjk。",
            reason="no_cjk_font",
        )


def available() -> str | None:
    """None when images can be made here, else the Chinese message saying what is missing and what to install."""
    try:
        _browser()
        _check_fonts()
    except ExportUnavailable as missing:
        return str(missing)
    return None


def _prepare_root() -> tuple[str, str]:
    """Our own index.html (MathJax off: kaleido's page would fetch it from a CDN after every render) and the
    profiles folder, with the profiles of killed processes (older than a minute, in no command line) removed."""
    profiles = _ROOT / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    running = ""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            running += Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace") + "\n"
        except OSError:
            pass
    for profile in profiles.iterdir():
        try:
            stale = str(profile) not in running and time.time() - profile.stat().st_mtime > _STALE_SECONDS
        except OSError:  # swept meanwhile by another process
            continue
        if stale:
            shutil.rmtree(profile, ignore_errors=True)
    index = _ROOT / "index.html"
    part = _ROOT / f".index.{os.getpid()}.html"
    part.write_text(kaleido.PageGenerator(mathjax=False).generate_index(), encoding="utf-8")
    os.replace(part, index)  # atomic: several processes may start at once
    return str(index), str(profiles)


class _Warm:
    """One Kaleido (one Chromium) owned by a private asyncio loop running in its own thread."""

    def __init__(self, browser: str) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pilot-export", daemon=True)
        self.thread.start()
        self.kaleido = None
        index, profiles = _prepare_root()

        async def start():
            k = kaleido.Kaleido(path=browser, n=1, timeout=_timeout(), page_generator=index, tmp_dir=profiles)
            await k.open()
            return k

        try:
            self.kaleido = self.run(start(), 2 * _timeout())
        except BaseException:
            self.close()
            raise

    def run(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def alive(self) -> bool:
        process = getattr(self.kaleido, "subprocess", None)
        return (
            self.pid == os.getpid()
            and self.thread.is_alive()
            and process is not None
            and process.poll() is None
        )

    def close(self) -> None:
        if self.pid != os.getpid():  # inherited through a fork: the parent's, not ours to close
            return
        if self.kaleido is not None and self.thread.is_alive():
            try:
                self.run(self.kaleido.close(), 15)
            except Exception as failure:  # noqa: BLE001 - closing a broken browser must not raise
                _log.warning("closing Chromium failed: %r", failure)
        self.kaleido = None
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
        if not self.thread.is_alive():
            self.loop.close()


_lock = threading.Lock()
_warm: _Warm | None = None
_inherited: list[_Warm] = []


def _started() -> _Warm:
    """The warm browser, started (or restarted when it died) under the lock."""
    global _warm
    if _warm is not None and _warm.alive():
        return _warm
    _close()
    browser = _browser()
    _check_fonts()
    try:
        _warm = _Warm(browser)
    except (ChromeNotFoundError, BrowserFailedError, concurrent.futures.TimeoutError, OSError) as failure:
        raise ExportUnavailable(
            "图片导出不可用：Chromium 浏览器无法启动（可能缺少系统库或内存不足）。请联系管理员。",
            reason="browser_failed",
            detail=f"{browser}: {type(failure).__name__}: {failure}",
        ) from failure
    return _warm


def _render(figure: dict, opts: dict, *, retry: bool = True) -> bytes:
    warm = _started()
    try:
        return warm.run(warm.kaleido.calc_fig(figure, opts=opts), _timeout() + 5)
    except (TypeError, ValueError, AttributeError):
        raise  # a bad figure or option: the caller's mistake, not an outage
    except (concurrent.futures.TimeoutError, asyncio.TimeoutError) as failure:
        _close()  # a hung tab: the next export starts a fresh browser
        raise ExportUnavailable(
            "图片导出超时，请稍后重试。", reason="timeout", detail=repr(failure)
        ) from failure
    except Exception as failure:
        if retry and not warm.alive():  # Chromium crashed or was killed: one fresh attempt
            _log.warning("Chromium died during an export (%r); starting it again", failure)
            return _render(figure, opts, retry=False)
        raise ExportUnavailable(
            "图片导出失败，请稍后重试或联系管理员。", reason="render_error", detail=repr(failure)
        ) from failure


def _as_dict(fig) -> dict:
    return fig.to_dict() if hasattr(fig, "to_dict") else fig


def to_png(fig, width: int = 1600, height: int = 900, scale: float = 2) -> bytes:
    """A PNG of width × scale by height × scale pixels (default 3200 × 1800: a 16:9 slide, sharp)."""
    figure = _as_dict(fig)
    with _lock:
        return _render(figure, {"format": "png", "width": width, "height": height, "scale": scale})


def to_svg(fig, width: int = 1600, height: int = 900) -> bytes:
    """An SVG; its text names the fonts and embeds no glyphs, so a viewer needs a Chinese font of its own."""
    figure = _as_dict(fig)
    with _lock:
        return _render(figure, {"format": "svg", "width": width, "height": height, "scale": 1})


def to_png_many(figs, width: int = 1600, height: int = 900, scale: float = 2) -> list[bytes]:
    """Several PNGs under one hold of the lock (a deck of slides is not interleaved with other exports)."""
    figures = [_as_dict(f) for f in figs]
    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    with _lock:
        return [_render(figure, opts) for figure in figures]


def prewarm() -> threading.Thread | None:
    """Start Chromium in the background so that the first export does not wait ~3 s for it.

    Cheap on every Streamlit rerun: nothing to do when it is warm. A failure is logged; the export says why.
    """
    if _warm is not None and _warm.alive():
        return None

    def start():
        try:
            with _lock:
                _started()
        except ExportUnavailable as failure:
            _log.warning("export browser not started: %s %s", failure, failure.detail)

    thread = threading.Thread(target=start, name="pilot-export-prewarm", daemon=True)
    thread.start()
    return thread


def _close() -> None:
    global _warm
    if _warm is not None:
        _warm.close()
        _warm = None


def shutdown() -> None:
    """Close the warm Chromium (also at exit). Waits for a running export, but not forever."""
    if _lock.acquire(timeout=_timeout() + 10):
        try:
            _close()
        finally:
            _lock.release()


def _after_fork_in_child() -> None:
    # The child has no loop thread, and the lock may have been held at the fork: start afresh. The parent's
    # _Warm stays referenced so that no finaliser of its objects cleans the parent's profile from here.
    global _lock, _warm
    if _warm is not None:
        _inherited.append(_warm)
    _lock, _warm = threading.Lock(), None


os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(shutdown)
