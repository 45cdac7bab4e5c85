"""The WordPress plugin (integrations/wordpress/tts-service) in a real WordPress, against a real
``tts-service serve``: the settings page, publish and update sending the post in the background,
the player on the post page in Chromium, trash forgetting the audio, and the key kept server-side.

One site, one service and one browser serve the module (wordpress_support.py); the tests run in
the order of a publisher's day, and each waits for the states it needs, never for a time.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from browser_support import PLAYER, browser, open_page  # noqa: F401  (browser: a fixture)
from playwright.sync_api import Browser
from support import PUBLISHER_KEY, free_port, serving
from waiting import HTTP_TIMEOUT, wait_until
from wordpress_support import PLUGIN, WordPress, check_installed, wordpress

SHARE = '<div class="share-buttons">Share this on Facebook</div>'
FIRST = ("The harbor bridge reopened on Monday after two years of repairs. "
         "Commuters crowded the new footpath before dawn.")
SECOND = "The mayor thanked the divers who replaced every cable."
UPDATE = "A night ferry will keep running until the spring."
CAPTION = "Divers lowered the last cable at dusk."


@pytest.fixture(scope="module")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("wp-service")
    exe = Path(sys.executable).with_name("tts-service")
    with pytest.MonkeyPatch.context() as patch:
        # The service answers the player's requests from the WordPress site's origin.
        patch.setenv("TTS_EMBED_ORIGINS", f"http://127.0.0.1:{site_port}")
        with serving(exe, folder / "cache", folder / "serve.log", "--workers", "1") as url:
            yield url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, service: str, site_port: int) -> Iterator[WordPress]:
    with wordpress(tmp_path_factory.mktemp("wordpress"), site_port) as wp:
        yield wp


@pytest.fixture(scope="module")
def configured(site: WordPress, service: str) -> WordPress:
    """The administrator saves the service's URL and key on Settings → Listen."""
    admin = site.login("admin")
    saved = site.save_settings(admin, site.settings_nonce(admin), url=service, key=PUBLISHER_KEY)
    assert saved.status_code == 200 and "settings-updated=true" in saved.url, saved.text[:2000]
    page = site.get("/wp-admin/options-general.php?page=tts-service", admin)
    assert f'value="{service}"' in page.text and "A key is saved" in page.text
    return site


def page_of(site: WordPress, post_id: int) -> str:
    return site.get(f"/?p={post_id}").text


def article_id_on(site: WordPress, post_id: int, other_than: str | None = None) -> str:
    """The post page's article id, once the plugin has one (other than ``other_than``)."""
    def found() -> str | None:
        match = re.search(r'data-tts-article-id="([0-9a-f]{32})"', page_of(site, post_id))
        return match.group(1) if match and match.group(1) != other_than else None

    article_id: str = wait_until(found, f"post {post_id}'s page to carry a new article id",
                                 poll=0.3, details=site.debug_log)
    return article_id


def status(service: str, article_id: str) -> requests.Response:
    return requests.get(f"{service}/api/articles/{article_id}", timeout=HTTP_TIMEOUT)


def wait_ready(service: str, article_id: str) -> dict[str, Any]:
    def ready() -> dict[str, Any] | None:
        body: dict[str, Any] = status(service, article_id).json()
        assert body.get("status") != "failed", body
        return body if body.get("status") == "ready" else None

    manifest: dict[str, Any] = wait_until(ready, f"article {article_id} to be made", poll=0.3)
    return manifest


def text_of(service: str, article_id: str) -> str:
    return requests.get(f"{service}/api/articles/{article_id}/text", timeout=HTTP_TIMEOUT).text


@pytest.fixture(scope="module")
def post(configured: WordPress) -> dict[str, Any]:
    """A post published through the REST API, as the block editor publishes one."""
    content = (f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->"
               f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")
    return configured.rest("POST", "/wp/v2/posts", title="Harbor bridge reopens",
                           content=content, status="publish")


def test_a_published_post_is_read_without_the_theme_and_plays_with_highlighting(
        configured: WordPress, service: str, post: dict[str, Any], browser: Browser) -> None:  # noqa: F811
    article_id = article_id_on(configured, post["id"])
    wait_ready(service, article_id)
    text = text_of(service, article_id)
    assert text.startswith("Harbor bridge reopens") and FIRST in text and SECOND in text, text
    assert "Sample Page" not in text and "The Harbor Gazette" not in text, text  # the theme's menu, the site title
    with open_page(browser) as page:
        page.goto(f"{configured.url}/?p={post['id']}")
        page.locator(".tts-service-player button").first.click()
        wait_until(lambda: page.evaluate(f"{PLAYER} && {PLAYER}.currentTime > 0.3"),
                   "the post's audio to play", poll=0.2)
        highlighted = wait_until(lambda: page.evaluate(
            f"document.querySelector('#tts-article-{post['id']} .tts-current')?.textContent"),
            "a sentence of the post to be highlighted", poll=0.2)
        assert highlighted.strip() in FIRST + " " + SECOND
        configured.seen.append(page.content())


def test_an_update_makes_new_audio_and_forgets_the_old(
        configured: WordPress, service: str, post: dict[str, Any]) -> None:
    before = article_id_on(configured, post["id"])
    content = (f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->"
               f"<!-- wp:paragraph --><p>{UPDATE}</p><!-- /wp:paragraph -->")
    configured.rest("POST", f"/wp/v2/posts/{post['id']}", content=content)
    after = article_id_on(configured, post["id"], other_than=before)
    wait_ready(service, after)
    assert UPDATE in text_of(service, after) and SECOND not in text_of(service, after)
    wait_until(lambda: status(service, before).status_code == 404,
               "the old version's audio to be forgotten", poll=0.3, details=configured.debug_log)


def test_a_trashed_post_s_audio_is_forgotten(configured: WordPress, service: str) -> None:
    made = configured.rest("POST", "/wp/v2/posts", title="Ferry timetable changes",
                           content=f"<p>{UPDATE}</p>", status="publish")
    article_id = article_id_on(configured, made["id"])
    wait_ready(service, article_id)
    configured.rest("DELETE", f"/wp/v2/posts/{made['id']}")  # to the trash
    wait_until(lambda: status(service, article_id).status_code == 404,
               "the trashed post's audio to be forgotten", poll=0.3, details=configured.debug_log)


def test_the_captions_setting_reads_or_skips_a_post_s_figure_caption(
        configured: WordPress, service: str) -> None:
    admin = configured.login("admin")

    def choose(captions: str) -> None:  # Settings → Listen → Figure captions
        saved = configured.save_settings(admin, configured.settings_nonce(admin), url=service,
                                         captions=captions)
        assert "settings-updated=true" in saved.url, saved.text[:2000]

    choose("1")  # read them, whatever the service's TTS_READ_CAPTIONS (off by default)
    assert "<option value=\"1\"  selected='selected'>" in configured.get(
        "/wp-admin/options-general.php?page=tts-service", admin).text
    content = ('<!-- wp:image --><figure class="wp-block-image"><img src="bridge.jpg" alt=""/>'
               f'<figcaption class="wp-element-caption">{CAPTION}</figcaption></figure><!-- /wp:image -->'
               f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")
    made = configured.rest("POST", "/wp/v2/posts", title="The bridge in pictures", content=content,
                           status="publish")
    with_caption = article_id_on(configured, made["id"])
    assert CAPTION in text_of(service, with_caption) and SECOND in text_of(service, with_caption)
    choose("")  # as the service is set: skipped
    configured.rest("POST", f"/wp/v2/posts/{made['id']}", content=content)
    without = article_id_on(configured, made["id"], other_than=with_caption)
    text = text_of(service, without)
    assert CAPTION not in text and SECOND in text, text


def test_the_site_lexicon_page_s_entries_reach_the_service_with_each_post(
        configured: WordPress, service: str) -> None:
    admin, lexicon_page = configured.login("admin"), "/wp-admin/options-general.php?page=tts-service-lexicon"
    assert configured.get(lexicon_page, configured.login("editor")).status_code == 403
    nonce = re.search(r'name="_wpnonce" value="([0-9a-f]+)"', configured.get(lexicon_page, admin).text)
    assert nonce
    saved = admin.post(f"{configured.url}/wp-admin/options.php", timeout=HTTP_TIMEOUT, data={
        "option_page": "tts_service_lexicon", "action": "update", "_wpnonce": nonce.group(1),
        "_wp_http_referer": lexicon_page,
        "tts_service_site_lexicon": "Nguyen = win\nR&D <b>lab</b> = research lab\nno sign here"})
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    page = configured.get(lexicon_page, admin).text
    assert "<td>Nguyen</td><td>win</td>" in page and "R&amp;D lab" in page and "<b>" not in page
    assert "no sign here" not in page
    made = configured.rest("POST", "/wp/v2/posts", title="Council votes",
                           content="<p>Mayor Nguyen spoke for an hour.</p>", status="publish")
    manifest = wait_ready(service, article_id_on(configured, made["id"]))
    spoken = [segment["text"] for segment in manifest["segments"]]
    assert "Mayor win spoke for an hour." in spoken, spoken


def test_a_user_without_the_capability_cannot_change_the_settings(
        configured: WordPress, service: str) -> None:
    editor = configured.login("editor")
    assert configured.get("/wp-admin/options-general.php?page=tts-service", editor).status_code == 403
    admin = configured.login("admin")
    nonce = configured.settings_nonce(admin)  # even with a valid nonce of someone else's
    refused = configured.save_settings(editor, nonce, url="http://127.0.0.1:9/evil", key="stolen")
    assert refused.status_code == 403
    page = configured.get("/wp-admin/options-general.php?page=tts-service", admin)
    assert f'value="{service}"' in page.text and "evil" not in page.text
    forged = configured.save_settings(admin, "0badc0ffee", url="http://127.0.0.1:9/evil")
    assert forged.status_code in (403, 200) and "evil" not in configured.get(
        "/wp-admin/options-general.php?page=tts-service", admin).text


def test_the_back_catalogue_walks_every_post_and_resumes_after_a_stop(
        configured: WordPress, service: str) -> None:
    ids = [int(configured.php(
        "$s = tts_service_settings(); $s['auto'] = false; update_option(TTS_SERVICE_OPTION, $s);"
        f"echo wp_insert_post(array('post_title' => 'Archive {n}', 'post_status' => 'publish',"
        f"'post_content' => '<p>From the archive, story {n}.</p>'));")) for n in range(3)]
    configured.php("tts_service_catalogue_command('start'); tts_service_catalogue_command('stop');")
    requests.get(f"{configured.url}/wp-cron.php", timeout=HTTP_TIMEOUT)
    assert not re.search("data-tts-article-id", page_of(configured, ids[0]))  # stopped: nothing sent
    configured.php("tts_service_catalogue_command('start');")

    def done() -> bool:
        requests.get(f"{configured.url}/wp-cron.php", timeout=HTTP_TIMEOUT)
        return '"done":true' in configured.php("echo wp_json_encode(tts_service_catalogue_state());")

    wait_until(done, "the back catalogue to be walked", poll=0.3, details=configured.debug_log)
    for post_id in ids:
        assert "From the archive" in text_of(service, article_id_on(configured, post_id))
    configured.php("$s = tts_service_settings(); $s['auto'] = true; update_option(TTS_SERVICE_OPTION, $s);")


def test_a_stop_made_by_another_request_stops_a_batch_that_loaded_the_options_before(
        configured: WordPress) -> None:
    """The flake's race, in order: a cron run loads the options while the walk runs, a Stop
    comes from another request, then the cron run's batch starts: it must send nothing."""
    ids = [int(configured.php(
        "$s = tts_service_settings(); $s['auto'] = false; update_option(TTS_SERVICE_OPTION, $s);"
        f"echo wp_insert_post(array('post_title' => 'Late archive {n}', 'post_status' => 'publish',"
        f"'post_content' => '<p>A late story from the archive, number {n}.</p>'));")) for n in range(2)]
    stop = base64.b64encode(configured.script("tts_service_catalogue_command('stop');").encode()).decode()
    report = configured.php(
        "tts_service_catalogue_command('start'); get_option(TTS_SERVICE_CATALOGUE); wp_load_alloptions();"
        f"passthru('php -r ' . escapeshellarg(base64_decode('{stop}')), $failed);"  # another request's Stop
        "tts_service_catalogue_batch(); echo wp_json_encode(array($failed, tts_service_catalogue_state(),"
        f" get_post_meta({ids[0]}, TTS_SERVICE_META_STATUS, true)));")
    failed, state, sent_status = json.loads(report[report.index("["):])
    assert failed == 0 and state["running"] is False and sent_status == "", report
    requests.get(f"{configured.url}/wp-cron.php", timeout=HTTP_TIMEOUT)  # a later cron run: still stopped
    assert all("data-tts-article-id" not in page_of(configured, post_id) for post_id in ids)
    configured.php("$s = tts_service_settings(); $s['auto'] = true; update_option(TTS_SERVICE_OPTION, $s);")


def test_the_key_never_reaches_a_page_or_a_response(configured: WordPress, post: dict[str, Any]) -> None:
    admin = configured.login("admin")
    for path in ("/wp-admin/options-general.php?page=tts-service", "/wp-admin/options.php",
                 "/wp-admin/options-general.php?page=tts-service-lexicon",
                 f"/wp-admin/post.php?post={post['id']}&action=edit", "/wp-admin/edit.php",
                 "/wp-admin/tools.php?page=tts-service-catalogue", "/?rest_route=/wp/v2/settings",
                 f"/?rest_route=/wp/v2/posts/{post['id']}&context=edit", f"/?p={post['id']}", "/"):
        configured.get(path, admin)
    assert len(configured.seen) > 20
    leaks = [body[:200] for body in configured.seen if PUBLISHER_KEY in body]
    assert not leaks


@pytest.mark.parametrize("path", sorted(PLUGIN.rglob("*.php")), ids=lambda p: p.name)
def test_every_plugin_file_passes_php_lint(path: Path) -> None:
    check_installed()
    linted = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True, timeout=60,
                            check=False)
    assert linted.returncode == 0, linted.stdout + linted.stderr
