"""The process of ``tts-service serve``: gevent patches the standard library before anything
else is imported (its advice; modules imported earlier keep blocking sockets and locks), then
gunicorn runs the app with gevent workers (``web.worker``). The workers' metrics folder is set
up next, before anything imports prometheus_client (``metrics_folder``), and removed at exit.

``tts-service serve`` execs ``python -m tts_service.serve HOST PORT WORKERS``.
"""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import sys  # noqa: E402


def main(argv: list[str]) -> None:
    from .ops import metrics_folder

    folder, ours = metrics_folder.prepare()  # before anything imports prometheus_client
    master = os.getpid()
    try:
        from .web.server import serve

        host, port, workers = argv
        serve(host, int(port), int(workers))
    finally:
        if ours and os.getpid() == master:  # an exiting worker leaves through here too
            metrics_folder.remove(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
