"""The process of ``tts-service serve``: gevent patches the standard library before anything
else is imported (its advice; modules imported earlier keep blocking sockets and locks), then
gunicorn runs the app with gevent workers (``web.worker``). The workers' metrics folder is set
up next, before anything imports prometheus_client (``metrics_folder``), and removed at exit.

``tts-service serve`` execs ``python -m tts_service.serve HOST PORT WORKERS``; the server runs
``python -m tts_service.serve events SOCKET`` beside its workers (``web.events_process``).
"""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import sys  # noqa: E402


def main(argv: list[str]) -> None:
    if argv[:1] == ["events"]:  # the listening events' process's supervisor
        from .ops import events_supervisor

        events_supervisor.supervise(argv[1])
        return
    if argv[:1] == ["events-process"]:  # the listening events' own process
        from .ops import events_supervisor

        with events_supervisor.quiet_if_gone(int(argv[2])):
            from .web import events_process

            events_process.run(argv[1])
        return
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
