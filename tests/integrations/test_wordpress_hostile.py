"""The WordPress plugin installed from its zip (``make wordpress-plugin``) through wp-admin's
upload, as a publisher installs it, and then fed hostile values everywhere a value enters it:
every setting, the site's title, a post's title and content, the post's meta, the site lexicon,
and every reply of the service (a relay in front of the real ``tts-service serve`` answers with
markup where the service would echo input). No page the real WordPress serves may carry one of
them unescaped: each page is parsed for an injected script, event handler or ``javascript:``
URL, and Chromium opens the pages (and plays the post) with ``tts_evil`` recording any call.

The posts are an author's (who may publish but not post unfiltered HTML, so WordPress itself
strips their markup); an administrator's own markup in a post is WordPress's to print.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin

import pytest
import requests
from browser_support import PLAYER, browser, open_page  # noqa: F401  (browser: a fixture)
from http_support import served_in_thread
from playwright.sync_api import Browser, Page
from support import PUBLISHER_KEY
from waiting import HTTP_TIMEOUT, wait_until
from wordpress_support import PLUGIN, ROOT, WordPress, service_for_site, wordpress

# Each hostile piece calls tts_evil(n) if it ever runs: a script, a tag breaking out of a
# double- or a single-quoted attribute, an event handler, a javascript: URL.
SCRIPT = "<script>tts_evil(1)</script>"
OUT_OF_DOUBLE = '"><img src=x onerror=tts_evil(2)>'
OUT_OF_SINGLE = "'><img src=x onerror=tts_evil(3)>"
HANDLER = "' onmouseover='tts_evil(4)' x='"
JS_URL = "javascript:tts_evil(5)"
HOSTILE = f"{SCRIPT} {OUT_OF_DOUBLE} {OUT_OF_SINGLE} {HANDLER} {JS_URL}"
# The service's address may hold what esc_url_raw keeps: quotes and parentheses.
PREFIX = "/svc'onmouseover='tts_evil(6)'"

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "data-tts-endpoint"}
RECORD = "window.__tts_evil = []; window.tts_evil = (n) => window.__tts_evil.push(n);"


class Injections(HTMLParser):
    """What of the hostile values a page's HTML would run: injected scripts, event handlers
    (or attributes made of a hostile value's pieces) and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if "tts_evil" in name:
                self.found.append(f"<{tag}> has an attribute made of a hostile value: {name}")
            elif name.startswith("on") and "tts_evil" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self.script = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            code = "".join(self.script).strip()
            if re.fullmatch(r"tts_evil\(\d+\);?", code):
                self.found.append(f"<script>{code}</script>")
            self.script = None


def injections(page: str) -> list[str]:
    parser = Injections()
    parser.feed(page)
    parser.close()
    return parser.found


@pytest.mark.parametrize("page, found", [
    (f"<p>{html.escape(HOSTILE)}</p>", 0),
    (f'<input value="{html.escape(HOSTILE)}">', 0),
    (f"<input value='{html.escape(HOSTILE)}'>", 0),
    (f"<p>{SCRIPT}</p>", 1),
    (f'<input value="{OUT_OF_DOUBLE}">', 1),
    (f"<input value='{OUT_OF_SINGLE}'>", 1),
    (f"<div data-x='{HANDLER}'>", 1),
    (f'<a href="{JS_URL}">', 1),
    (f'<div data-tts-endpoint="{JS_URL}">', 1),
    ('<script>var post = {"title": "<\\/script> tts_evil(1)"};</script>', 0),  # data in a script
])
def test_the_check_finds_what_would_run_and_nothing_escaped(page: str, found: int) -> None:
    assert len(injections(page)) == found, injections(page)


class Relay:
    """The real service behind a relay that answers a request itself when the test sets a reply
    for it (``replies[(method, kind)]``, kind: articles, article, lexicon) and strips the
    service URL's hostile path prefix; every other request goes on to the real service."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.replies: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self.seen: list[str] = []
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self, code: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(code)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = unquote(self.path)
                path = path[len(PREFIX):] if path.startswith(PREFIX) else path
                route = path.split("?")[0]
                kind = ("articles" if route == "/api/articles" else "lexicon" if route == "/api/lexicon"
                        else "article" if route.startswith("/api/articles/") else "")
                relay.seen.append(f"{self.command} {path}")
                if (self.command, kind) in relay.replies:
                    code, reply = relay.replies[(self.command, kind)]
                    self.answer(code, json.dumps(reply).encode(), {"Content-Type": "application/json"})
                    return
                sent = {k: v for k, v in self.headers.items()
                        if k.lower() not in ("host", "content-length", "connection", "accept-encoding")}
                got = requests.request(self.command, relay.upstream + path, data=body or None,
                                       headers=sent, timeout=HTTP_TIMEOUT, allow_redirects=False)
                kept = {k: v for k, v in got.headers.items() if k.lower() not in
                        ("content-length", "transfer-encoding", "connection", "content-encoding")}
                self.answer(got.status_code, got.content, kept)

            do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_HEAD = relay

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Iterator[Relay]:
    with service_for_site(tmp_path_factory.mktemp("wp-hostile-service"), site_port) as url:
        held = Relay(url)
        with served_in_thread(held.server):
            yield held


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The installable zip, built by the make target a publisher runs."""
    made = tmp_path_factory.mktemp("wp-zip") / "tts-service-wordpress.zip"
    built = subprocess.run(["make", "--no-print-directory", "wordpress-plugin", f"WP_ZIP={made}",
                            f"PYTHON={sys.executable}"], cwd=ROOT, capture_output=True, text=True,
                           timeout=HTTP_TIMEOUT, check=False)
    assert built.returncode == 0 and made.exists(), built.stdout + built.stderr
    return made


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory, relay: Relay, site_port: int) -> Iterator[WordPress]:
    """A fresh WordPress without the plugin."""
    with wordpress(tmp_path_factory.mktemp("wordpress-bare"), site_port, with_plugin=False) as wp:
        yield wp


def upload_and_activate(site: WordPress, package: Path) -> tuple[str, str]:
    """Plugins → Add New → Upload Plugin with the zip, then its "Activate Plugin" link, as an
    administrator's browser does; the two pages WordPress answered."""
    admin = site.login("admin")
    form = site.get("/wp-admin/plugin-install.php?tab=upload", admin).text
    nonce = re.search(r'id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"', form)
    assert nonce, form[-2000:]
    with package.open("rb") as upload:
        installed = admin.post(f"{site.url}/wp-admin/update.php?action=upload-plugin", timeout=HTTP_TIMEOUT * 2,
                               data={"_wpnonce": nonce.group(1), "_wp_http_referer": "/wp-admin/plugin-install.php",
                                     "install-plugin-submit": "Install Now"},
                               files={"pluginzip": (package.name, upload, "application/zip")})
    site.seen.append(installed.text)
    link = re.search(r'href="([^"]*plugins\.php\?action=activate[^"]*)"', installed.text)
    assert link, installed.text[-3000:]
    activated = admin.get(urljoin(f"{site.url}/wp-admin/", html.unescape(link.group(1))), timeout=HTTP_TIMEOUT)
    site.seen.append(activated.text)
    return installed.text, activated.text


def active(site: WordPress) -> bool:
    """Whether WordPress has the plugin active."""
    return "yes" == site.php("echo in_array('tts-service/tts-service.php', get_option('active_plugins'), true)"
                             " ? 'yes' : 'no';").strip()


def test_the_zip_installs_through_wp_admin_and_activates(bare: WordPress, plugin_zip: Path) -> None:
    with zipfile.ZipFile(plugin_zip) as package:
        names = {name for name in package.namelist() if not name.endswith("/")}
    sources = {f"tts-service/{path.relative_to(PLUGIN)}" for path in PLUGIN.rglob("*") if path.is_file()}
    assert names == sources  # the plugin's files, all of them, and nothing else
    installed, activated = upload_and_activate(bare, plugin_zip)
    assert "Plugin installed successfully." in installed, installed[-3000:]
    assert "Plugin activated." in activated, activated[-3000:]
    assert active(bare)
    copied = bare.folder / "wp-content" / "plugins"
    assert all((copied / name).read_bytes() == (PLUGIN.parent / name).read_bytes() for name in names)
    admin = bare.login("admin")
    settings = bare.get("/wp-admin/options-general.php?page=tts-service", admin)
    assert settings.status_code == 200 and 'id="tts-url"' in settings.text  # Settings → Listen
    assert "tts-service-catalogue" in bare.get("/wp-admin/tools.php?page=tts-service-catalogue", admin).text
    assert "/plugins/tts-service/" not in bare.debug_log(), bare.debug_log()  # core's own: WordPress.org unreachable


@pytest.fixture(scope="module")
def site(bare: WordPress, plugin_zip: Path, relay: Relay) -> WordPress:
    """The site with the plugin installed from its zip (by the test above, or now), its service
    the relay (behind a URL with a hostile path) and the publisher's key saved on the form."""
    if not active(bare):
        upload_and_activate(bare, plugin_zip)
    save_settings(bare, bare.login("admin"), [("[url]", relay.url + PREFIX), ("[key]", PUBLISHER_KEY),
                                              ("[post_types][]", "post"), ("[auto]", "1")])
    return bare


def clean(site: WordPress, path: str, session: requests.Session | None = None) -> str:
    """The page at ``path``, asserted to run none of the hostile values."""
    page = site.get(path, session)
    assert page.status_code == 200, (path, page.status_code, page.text[-2000:])
    found = injections(page.text)
    assert not found, (path, found)
    return page.text


def save_settings(site: WordPress, session: requests.Session, fields: list[tuple[str, str]]) -> requests.Response:
    page = site.get("/wp-admin/options-general.php?page=tts-service", session).text
    nonce = re.search(r'name="_wpnonce" value="([0-9a-f]+)"', page)
    assert nonce, page[-2000:]
    data = [("option_page", "tts_service"), ("action", "update"), ("_wpnonce", nonce.group(1)),
            ("_wp_http_referer", "/wp-admin/options-general.php?page=tts-service"),
            *((f"tts_service_settings{name}", value) for name, value in fields)]
    saved = session.post(f"{site.url}/wp-admin/options.php", data=data, timeout=HTTP_TIMEOUT)
    assert "settings-updated=true" in saved.url, saved.text[-2000:]
    return saved


SETTINGS = "/wp-admin/options-general.php?page=tts-service"
LEXICON = "/wp-admin/options-general.php?page=tts-service-lexicon"
TOOLS = "/wp-admin/tools.php?page=tts-service-catalogue"


def settings(site: WordPress) -> dict[str, Any]:
    stored: dict[str, Any] = json.loads(site.php("echo wp_json_encode(tts_service_settings());"))
    return stored


def test_hostile_settings_from_the_form_are_cleaned_and_every_setting_is_shown_escaped(
        site: WordPress, relay: Relay) -> None:
    admin = site.login("admin")
    save_settings(site, admin, [("[url]", JS_URL), ("[key]", PUBLISHER_KEY)])
    assert settings(site)["url"] == ""  # not an http(s) URL: refused
    save_settings(site, admin, [("[url]", relay.url + PREFIX + HOSTILE), ("[voice]", HOSTILE),
                                ("[post_types][]", "post"), ("[post_types][]", HOSTILE),
                                ("[position]", HOSTILE), ("[captions]", HOSTILE), ("[faq]", HOSTILE),
                                ("[auto]", "1")])
    stored = settings(site)
    assert stored["url"].startswith(relay.url + PREFIX) and not re.search(r'[<>" ]', stored["url"]), stored
    assert "<" not in stored["voice"] and stored["post_types"] == ["post"], stored
    assert (stored["position"], stored["captions"], stored["faq"], stored["key"]) == ("above", "", "", PUBLISHER_KEY)
    clean(site, SETTINGS, admin)
    # Whatever the options table holds (a value written there by other code), the page escapes it.
    site.php("update_option(TTS_SERVICE_OPTION, array_merge(tts_service_settings(), array("
             f"'url' => {php_string(JS_URL + HOSTILE)}, 'voice' => {php_string(HOSTILE)},"
             f"'position' => {php_string(HOSTILE)}, 'captions' => {php_string(HOSTILE)},"
             f"'faq' => {php_string(HOSTILE)}, 'post_types' => array('post', {php_string(HOSTILE)}))));")
    try:
        page = clean(site, SETTINGS, admin)
        assert "tts_evil(1)" in html.unescape(page)  # shown, as text
        made = publish(site, "Quay works", "<p>The quay reopens in spring.</p>")
        for path in (f"/?p={made}", "/", f"/wp-admin/post.php?post={made}&action=edit", "/wp-admin/edit.php"):
            clean(site, path, admin)
    finally:
        save_settings(site, admin, [("[url]", relay.url + PREFIX), ("[post_types][]", "post"), ("[auto]", "1")])
    assert settings(site)["url"] == relay.url + PREFIX


def php_string(value: str) -> str:
    """``value`` as a PHP string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def publish(site: WordPress, title: str, content: str, user: str = "author") -> int:
    made: int = site.rest("POST", "/wp/v2/posts", user=user, title=title, content=content, status="publish")["id"]
    return made


def meta(site: WordPress, post_id: int, key: str) -> str:
    return site.php(f"echo get_post_meta({post_id}, {key}, true);").strip()


HOSTILE_TITLE = f"Harbor {HOSTILE}"
HOSTILE_CONTENT = (f"<!-- wp:paragraph --><p>The harbor bridge reopened on Monday. {HOSTILE}</p><!-- /wp:paragraph -->"
                   f"<!-- wp:paragraph --><p>Its sign read {html.escape(HOSTILE)} all week.</p><!-- /wp:paragraph -->")


def test_the_service_s_hostile_replies_reach_every_page_escaped(site: WordPress, relay: Relay) -> None:
    admin = site.login("admin")
    refusal = {"error": HOSTILE, "detail": HOSTILE}
    relay.replies[("POST", "articles")] = (400, refusal)
    relay.replies[("PUT", "lexicon")] = (400, refusal)
    try:
        refused = publish(site, HOSTILE_TITLE, HOSTILE_CONTENT)
        wait_until(lambda: meta(site, refused, "TTS_SERVICE_META_STATUS") == "failed",
                   "the service's refusal to reach the post's meta", poll=0.3, details=site.debug_log)
        assert "tts_evil(1)" in meta(site, refused, "TTS_SERVICE_META_ERROR")
        edit = clean(site, f"/wp-admin/post.php?post={refused}&action=edit", admin)
        assert "Failed:" in edit
        # The back catalogue's report lists each refusal with the service's reason.
        site.php("tts_service_catalogue_command('reset'); tts_service_catalogue_command('start');")

        def walked() -> bool:
            requests.get(f"{site.url}/wp-cron.php", timeout=HTTP_TIMEOUT)
            return '"done":true' in site.php("echo wp_json_encode(tts_service_catalogue_state());")

        wait_until(walked, "the back catalogue to be walked", poll=0.3, details=site.debug_log)
        tools = clean(site, TOOLS, admin)
        assert 'class="tts-service-failed"' in tools and "tts_evil(1)" in html.unescape(tools)
        # The site lexicon: the refusal, and entries the options table holds as they are.
        site.php(f"update_option(TTS_SERVICE_SITE_LEXICON, {php_string('</textarea>' + HOSTILE + ' = ' + HOSTILE)});")
        page = clean(site, LEXICON, admin)
        assert "The service does not hold these pronunciations" in page
        relay.replies[("PUT", "lexicon")] = (200, {"entries": HOSTILE, "version": HOSTILE})
        site.php("tts_service_sync_lexicon();")
        assert "The service holds these pronunciations" in clean(site, LEXICON, admin)
        # An answer with a hostile status, then a manifest whose failure is hostile.
        relay.replies[("POST", "articles")] = (201, {"id": "ab" * 16, "status": HOSTILE})
        odd = publish(site, "Ferry notice", "<p>The ferry sails at noon.</p>")
        wait_until(lambda: meta(site, odd, "TTS_SERVICE_META_ID") == "ab" * 16,
                   "the service's answer to reach the post's meta", poll=0.3, details=site.debug_log)
        clean(site, f"/wp-admin/post.php?post={odd}&action=edit", admin)
        relay.replies[("POST", "articles")] = (201, {"id": "cd" * 16, "status": "pending"})
        relay.replies[("GET", "article")] = (200, {"status": "partial"})
        pending = publish(site, "Ferry notice again", "<p>The ferry sails at one.</p>")
        wait_until(lambda: meta(site, pending, "TTS_SERVICE_META_ID") == "cd" * 16,
                   "the service's answer to reach the post's meta", poll=0.3, details=site.debug_log)
        edit = clean(site, f"/wp-admin/post.php?post={pending}&action=edit", admin)  # asks the status
        assert 'data-status="partial">Being made.' in edit and "<audio controls" in edit  # a play button
        relay.replies[("GET", "article")] = (200, {"status": "failed", "error": HOSTILE})
        edit = clean(site, f"/wp-admin/post.php?post={pending}&action=edit", admin)
        assert 'data-status="failed"' in edit and "tts_evil" in html.unescape(edit)
        for path in (f"/?p={odd}", f"/?p={pending}", f"/?p={refused}", "/", "/wp-admin/edit.php"):
            clean(site, path, admin)
    finally:
        relay.replies.clear()
        site.php("tts_service_catalogue_command('reset'); update_option(TTS_SERVICE_SITE_LEXICON, '');")


def test_hostile_post_meta_and_query_arguments_reach_the_pages_escaped(site: WordPress) -> None:
    admin = site.login("admin")
    made = int(site.php("$s = tts_service_settings(); $s['auto'] = false; update_option(TTS_SERVICE_OPTION, $s);"
                        "echo wp_insert_post(array('post_title' => 'Tide gauge', 'post_status' => 'publish',"
                        " 'post_content' => '<p>The tide gauge is fixed.</p>'));"))
    site.php("$s = tts_service_settings(); $s['auto'] = true; update_option(TTS_SERVICE_OPTION, $s);"
             f"update_post_meta({made}, TTS_SERVICE_META_LEXICON, {php_string('</textarea>' + HOSTILE)});"
             f"update_post_meta({made}, TTS_SERVICE_META_STATUS, {php_string(HOSTILE)});"
             f"update_post_meta({made}, TTS_SERVICE_META_ID, {php_string(HOSTILE)});"
             f"update_post_meta({made}, TTS_SERVICE_META_ERROR, {php_string(HOSTILE)});")
    edit = clean(site, f"/wp-admin/post.php?post={made}&action=edit", admin)
    assert "tts_evil(1)" in html.unescape(edit)
    clean(site, f"/?p={made}")
    listing = clean(site, "/wp-admin/edit.php?tts_service_queued=" + quote(HOSTILE), admin)
    assert "0 posts queued for audio." in listing
    site.php(f"update_post_meta({made}, TTS_SERVICE_META_STATUS, 'failed');")
    assert "Failed:" in clean(site, f"/wp-admin/post.php?post={made}&action=edit", admin)


def no_call(page: Page, where: str) -> None:
    """Neither a call of tts_evil nor an injection in the page's DOM as it is now (after scripts)."""
    page.evaluate("document.querySelectorAll('*').forEach((e) => e.dispatchEvent("
                  "new MouseEvent('mouseover', {bubbles: true})))")
    assert page.evaluate("window.__tts_evil") == [], where
    assert injections(page.content()) == [], where


def plays_and_highlights(page: Page, site: WordPress, post_id: int) -> None:
    page.goto(f"{site.url}/?p={post_id}")
    page.locator(".tts-service-player button").first.click()
    wait_until(lambda: page.evaluate(f"{PLAYER} && {PLAYER}.currentTime > 0.3"),
               f"post {post_id}'s audio to play", poll=0.2)
    wait_until(lambda: page.evaluate(f"document.querySelector('#tts-article-{post_id} .tts-current')?.textContent"),
               f"a sentence of post {post_id} to be highlighted", poll=0.2)


def test_chromium_runs_none_of_them_on_the_post_page_it_plays_or_in_wp_admin(
        site: WordPress, relay: Relay, browser: Browser) -> None:  # noqa: F811
    admin = site.login("admin")
    site.php(f"update_option('blogname', {php_string('Gazette ' + HOSTILE)});")
    save_settings(site, admin, [("[url]", relay.url + PREFIX), ("[voice]", HOSTILE), ("[post_types][]", "post"),
                                ("[auto]", "1"), ("[feed]", "1")])
    site.php(f"update_option(TTS_SERVICE_SITE_LEXICON, {php_string('Harbor = ' + HOSTILE)});")
    made = publish(site, HOSTILE_TITLE, HOSTILE_CONTENT)
    refused = wait_until(lambda: meta(site, made, "TTS_SERVICE_META_ERROR"), "the hostile voice's refusal",
                         poll=0.3, details=site.debug_log)
    assert "voice" in refused  # the service's own reply, echoing the voice asked for
    save_settings(site, admin, [("[url]", relay.url + PREFIX), ("[post_types][]", "post"), ("[auto]", "1"),
                                ("[feed]", "1")])
    site.rest("POST", f"/wp/v2/posts/{made}", user="author", content=HOSTILE_CONTENT + "<p>Updated.</p>")
    wait_until(lambda: re.search(r'data-tts-article-id="[0-9a-f]{32}"', clean(site, f"/?p={made}")),
               "the post's audio to be made", poll=0.3, details=site.debug_log)
    on_demand = int(site.php(  # no audio: the player reads the page when asked
        "$s = tts_service_settings(); $s['auto'] = false; update_option(TTS_SERVICE_OPTION, $s);"
        f"echo wp_insert_post(array('post_title' => {php_string(HOSTILE_TITLE)}, 'post_status' => 'publish',"
        " 'post_author' => get_user_by('login', 'author')->ID,"
        f" 'post_content' => {php_string(html.escape(HOSTILE))}));"))
    site.php("$s = tts_service_settings(); $s['auto'] = true; update_option(TTS_SERVICE_OPTION, $s);")
    with open_page(browser) as page:
        page.add_init_script(RECORD)
        for post_id in (made, on_demand):
            plays_and_highlights(page, site, post_id)
            no_call(page, f"post {post_id}")
        page.goto(f"{site.url}/wp-login.php")
        page.fill("#user_login", "admin")
        page.fill("#user_pass", site.users["admin"]["password"])
        page.click("#wp-submit")
        page.wait_for_url("**/wp-admin/**")
        for path in (SETTINGS, LEXICON, TOOLS, "/wp-admin/edit.php"):
            page.goto(site.url + path)
            no_call(page, path)
    assert any(line.startswith("POST /api/articles") for line in relay.seen)
    for path in ("/", f"/?p={on_demand}", LEXICON, SETTINGS):
        clean(site, path, admin)


def test_deactivating_drops_its_events_and_deleting_it_removes_its_options_and_meta(site: WordPress) -> None:
    """Deleting runs uninstall.php: the options (the key among them) and the post meta go; the
    posts stay. Last in the module: the plugin is gone after it."""
    made = publish(site, "Last ferry", "<p>The last ferry left at ten.</p>")
    wait_until(lambda: meta(site, made, "TTS_SERVICE_META_STATUS"), "the post's status in its meta", poll=0.3)
    site.php("wp_schedule_single_event(time() + 3600, 'tts_service_catalogue_batch');"  # work still to do
             f"wp_schedule_single_event(time() + 3600, 'tts_service_send', array({made}));"
             f"update_post_meta({made}, TTS_SERVICE_META_LEXICON, 'Quay = key');")
    scheduled = "echo wp_json_encode(array_merge(...array_map('array_keys', _get_cron_array())));"
    assert {"tts_service_catalogue_batch", "tts_service_send"} <= set(json.loads(site.php(scheduled)))
    kept = "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE 'tts\\\\_service\\\\_%'"
    metas = "SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\\\_tts\\\\_service\\\\_%'"
    count = ('global $wpdb; echo wp_json_encode(array('
             f'(int) $wpdb->get_var("{kept}"), (int) $wpdb->get_var("{metas}")));')
    options, post_meta = json.loads(site.php(count))
    assert options >= 2 and post_meta >= 2, (options, post_meta)
    admin_code = ("require_once ABSPATH . 'wp-admin/includes/plugin.php';"
                  "require_once ABSPATH . 'wp-admin/includes/file.php';")
    site.php(admin_code + "deactivate_plugins('tts-service/tts-service.php');")
    hooks = json.loads(site.php(scheduled))
    assert not [hook for hook in hooks if hook.startswith("tts_service_")], hooks
    deleted = site.php(admin_code + "var_export(delete_plugins(array('tts-service/tts-service.php')));")
    assert deleted.strip().endswith("true"), deleted
    assert json.loads(site.php(count)) == [0, 0]
    assert not (site.folder / "wp-content" / "plugins" / "tts-service").exists()
    assert site.php(f"echo get_post({made})->post_title;").strip() == "Last ferry"
