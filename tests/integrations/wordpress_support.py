"""A real WordPress for the plugin's tests and bench: Debian's ``wordpress`` tree copied to a
temporary folder with a wp-config.php of its own, a fresh MariaDB data directory served on
loopback, PHP's built-in server, the site installed and the plugin (integrations/wordpress/)
activated from the command line, and an editor besides the administrator.

Publishing goes through the REST API as the block editor does (application passwords, allowed
over plain HTTP because the site says it is ``local``); the admin pages through a logged-in session.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from support import free_port, serving, stop_process
from waiting import HTTP_TIMEOUT, wait_until

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "integrations" / "wordpress" / "tts-service"
WORDPRESS = Path("/usr/share/wordpress")
THEME = "twentytwentythree"  # WordPress 6.1's default theme: a separate Debian package
INSTALL_SCRIPT = Path(__file__).with_name("wp_install.php")
NEEDED = {"php": "php-cli", "mariadbd": "mariadb-server", "mariadb-install-db": "mariadb-server"}

WP_CONFIG = """<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '127.0.0.1:{db_port}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '{log}' );
define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );
{salts}
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {{
\tdefine( 'ABSPATH', __DIR__ . '/' );
}}
require_once ABSPATH . 'wp-settings.php';
"""


def check_installed() -> None:
    """Fail, saying what to install, when Debian's packages the tests drive are missing."""
    missing = sorted({package for exe, package in NEEDED.items() if shutil.which(exe) is None})
    if not WORDPRESS.joinpath("wp-settings.php").exists():
        missing.append("wordpress")
    if not WORDPRESS.joinpath("wp-content/themes", THEME, "theme.json").exists():
        missing.append(f"wordpress-theme-{THEME}")  # without it every post page is blank
    if missing:
        raise RuntimeError(f"the WordPress tests need Debian's {' '.join(missing)} "
                           "(scripts/ensure-system-packages installs them)")


@dataclass
class WordPress:
    """The running site: its URL, folder, users' passwords, and every body it answered."""

    url: str
    folder: Path
    users: dict[str, dict[str, str]]
    seen: list[str] = field(default_factory=list)

    def rest(self, method: str, path: str, user: str = "admin", **body: Any) -> dict[str, Any]:
        """A REST API call as ``user`` (an application password), the JSON answer."""
        response = requests.request(method, f"{self.url}/?rest_route={path}", json=body or None,
                                    auth=(user, self.users[user]["app_password"]),
                                    timeout=HTTP_TIMEOUT)
        self.seen.append(response.text)
        assert response.status_code < 400, (response.status_code, response.text[:2000])
        answer: dict[str, Any] = response.json()
        return answer

    def get(self, path: str, session: requests.Session | None = None) -> requests.Response:
        response = (session or requests).get(self.url + path, timeout=HTTP_TIMEOUT)
        self.seen.append(response.text)
        return response

    def login(self, user: str) -> requests.Session:
        """A browser-like session logged in to wp-admin as ``user``."""
        session = requests.Session()
        self.get("/wp-login.php", session)  # sets WordPress's test cookie
        response = session.post(f"{self.url}/wp-login.php", timeout=HTTP_TIMEOUT, data={
            "log": user, "pwd": self.users[user]["password"], "testcookie": "1",
            "redirect_to": f"{self.url}/wp-admin/"})
        self.seen.append(response.text)
        assert any(name.startswith("wordpress_logged_in") for name in session.cookies.keys()), \
            response.text[:2000]
        return session

    def save_settings(self, session: requests.Session, nonce: str, post_types: tuple[str, ...] = ("post",),
                      **fields: str) -> requests.Response:
        """POST the Listen settings form (options.php) with ``nonce``."""
        data = [("option_page", "tts_service"), ("action", "update"), ("_wpnonce", nonce),
                ("_wp_http_referer", "/wp-admin/options-general.php?page=tts-service"),
                ("tts_service_settings[auto]", "1"),
                *(("tts_service_settings[post_types][]", name) for name in post_types)]
        data += [(f"tts_service_settings[{name}]", value) for name, value in fields.items()]
        response = session.post(f"{self.url}/wp-admin/options.php", data=data, timeout=HTTP_TIMEOUT)
        self.seen.append(response.text)
        return response

    def settings_nonce(self, session: requests.Session) -> str:
        page = self.get("/wp-admin/options-general.php?page=tts-service", session)
        found = re.search(r'name="_wpnonce" value="([0-9a-f]+)"', page.text)
        assert found, page.text[:2000]
        return found.group(1)

    def script(self, code: str) -> str:
        """The ``php -r`` script that runs PHP ``code`` inside the site (wp-load.php loaded)."""
        host = self.url.removeprefix("http://")
        return (f"$_SERVER['HTTP_HOST'] = '{host}'; $_SERVER['REQUEST_URI'] = '/'; "
                f"require '{self.folder}/wp-load.php'; {code}")

    def php(self, code: str) -> str:
        """Run PHP ``code`` inside the site (wp-load.php loaded) from the command line; its output."""
        script = self.script(code)
        done = subprocess.run(["php", "-r", script], capture_output=True, text=True,
                              timeout=HTTP_TIMEOUT * 5, check=False)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return done.stdout

    def debug_log(self) -> str:
        """PHP's errors and warnings (WordPress 6.1's deprecation notices under PHP 8.2 left out)."""
        log = self.folder.parent / "debug.log"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        return "\n".join(line for line in lines if "PHP Deprecated" not in line)[-3000:] or "(none logged)"


def _salts() -> str:
    names = ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
             "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT")
    return "\n".join(f"define( '{name}', '{os.urandom(24).hex()}' );" for name in names)


@contextmanager
def mariadb(folder: Path) -> Iterator[int]:
    """MariaDB on a fresh data directory, on a free loopback port; yields the port."""
    data, port = folder / "data", free_port()
    as_user = ["--user=root"] if os.getuid() == 0 else []
    subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--skip-test-db",
                    "--auth-root-authentication-method=normal", *as_user],
                   check=True, capture_output=True, timeout=HTTP_TIMEOUT * 5)
    log = folder / "mariadb.log"
    proc = subprocess.Popen(["mariadbd", "--no-defaults", f"--datadir={data}", f"--port={port}",
                             "--bind-address=127.0.0.1", f"--socket={folder / 'mysql.sock'}",
                             f"--pid-file={folder / 'mysql.pid'}", f"--log-error={log}",
                             "--skip-name-resolve", "--innodb-buffer-pool-size=64M", *as_user],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = ["mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", str(port), "-u", "root"]

    def answers() -> bool:
        return subprocess.run([*client, "-e", "SELECT 1"], capture_output=True,
                              timeout=HTTP_TIMEOUT).returncode == 0

    try:
        wait_until(answers, "MariaDB to accept connections", poll=0.2, process=proc,
                   details=lambda: log.read_text(errors="replace")[-2000:] if log.exists() else "")
        subprocess.run([*client, "-e", "CREATE DATABASE wordpress"], check=True, timeout=HTTP_TIMEOUT)
        yield port
    finally:
        stop_process(proc, timeout=60)


@contextmanager
def php_server(folder: Path, port: int, log: Path) -> Iterator[None]:
    """PHP's built-in server over the site, with workers so that WP-Cron's loopback request and
    a page can be answered at once."""
    with log.open("w") as output:
        # Its own process group: the workers it forks outlive a signal to it alone, and went
        # on answering on the port (each run left four behind).
        proc = subprocess.Popen(["php", "-S", f"127.0.0.1:{port}", "-t", str(folder)],
                                cwd=folder, stdout=output, stderr=subprocess.STDOUT,
                                env={**os.environ, "PHP_CLI_SERVER_WORKERS": "4"},
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            try:
                requests.get(f"{url}/wp-includes/images/blank.gif", timeout=HTTP_TIMEOUT)
                return True
            except requests.ConnectionError:
                return False

        try:
            wait_until(answers, "PHP's server to answer", poll=0.1, process=proc,
                       details=lambda: log.read_text(errors="replace")[-2000:])
            yield
        finally:
            stop_group(proc)


def stop_group(proc: subprocess.Popen[Any]) -> None:
    """End ``proc`` and every process of its group (SIGTERM, then SIGKILL), and wait for it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
            break
        except subprocess.TimeoutExpired:
            continue
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # workers that outlived the parent


@contextmanager
def wordpress(folder: Path, port: int, with_plugin: bool = True) -> Iterator[WordPress]:
    """A freshly installed WordPress on ``port`` with the plugin active (not yet configured), or
    without it (``with_plugin=False``: a test installs it)."""
    check_installed()
    site = folder / "site"
    # Debian links some files to other packages' (underscore.js) by relative paths that would
    # dangle in the copy: copy what they point to.
    shutil.copytree(WORDPRESS, site, symlinks=False)
    if with_plugin:
        shutil.copytree(PLUGIN, site / "wp-content" / "plugins" / "tts-service")
    url = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        db_port = stack.enter_context(mariadb(folder))
        (site / "wp-config.php").write_text(WP_CONFIG.format(
            db_port=db_port, salts=_salts(), log=folder / "debug.log"))
        bare = [] if with_plugin else ["bare"]
        installed = subprocess.run(["php", str(INSTALL_SCRIPT), str(site), url, *bare], capture_output=True,
                                   text=True, timeout=HTTP_TIMEOUT * 5, check=False)
        assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
        users = json.loads(installed.stdout[installed.stdout.index("{"):])
        stack.enter_context(php_server(site, port, folder / "php.log"))
        yield WordPress(url, site, users)


@contextmanager
def service_for_site(folder: Path, site_port: int) -> Iterator[str]:
    """``tts-service serve`` (one worker, its cache in ``folder``) answering the player's requests from
    the origin of the WordPress site on ``site_port``; its URL."""
    exe = Path(sys.executable).with_name("tts-service")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TTS_EMBED_ORIGINS", f"http://127.0.0.1:{site_port}")
        with serving(exe, folder / "cache", folder / "serve.log", "--workers", "1") as url:
            yield url
