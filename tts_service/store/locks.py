"""Named exclusive locks across threads and processes: ``flock`` on files in one local folder.

They spare work on one machine (or one shared file system): whoever holds a segment's lock makes
it, the others wait and then read it from the cache. Machines that share only a bucket may make
the same item at once, which is harmless: a key names its content.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import CacheError
from .names import lock_name


class LockFolder:
    """Lock files under ``folder``, created on first use of the folder."""

    def __init__(self, folder: Path, setting: str = "TTS_CACHE_DIR") -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create the lock folder {self.folder}: {exc}",
                             f"set {setting} to a writable folder") from exc

    @contextlib.contextmanager
    def hold(self, key: str) -> Iterator[None]:
        """Hold the lock named ``key`` until the block ends (waits while another holds it).

        The wait polls with ``time.sleep`` rather than blocking in ``flock``, so that under the
        event loop (gevent patches ``sleep``) a waiting greenlet lets the others run."""
        with open(self.folder / lock_name(key), "a+b") as handle:
            pause = 0.005
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def try_hold(self, key: str) -> Iterator[bool]:
        """Hold the lock named ``key`` if it is free: yields True, or False (at once) when another
        thread or process holds it."""
        with open(self.folder / lock_name(key), "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
