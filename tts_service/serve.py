"""The process of ``tts-service serve``: gevent patches the standard library before anything
else is imported (its advice; modules imported earlier keep blocking sockets and locks), then
gunicorn runs the app with gevent workers (``web.worker``).

``tts-service serve`` execs ``python -m tts_service.serve HOST PORT WORKERS``.
"""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402


def main(argv: list[str]) -> None:
    from .web.server import serve

    host, port, workers = argv
    serve(host, int(port), int(workers))


if __name__ == "__main__":
    main(sys.argv[1:])
