"""The WordPress plugin (integrations/wordpress/tts-service) in a real WordPress, against a real
``tts-service serve``: the settings page, publish and update sending the post in the background,
the player on the post page in Chromium, trash forgetting the audio, and the key kept server-side.

One site, one service and one browser serve the module (wordpress_support.py); the tests run in
the order of a publisher's day, and each waits for the states it needs, never for a time.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from browser_support import PLAYER, browser, open_page  # noqa: F401  (browser: a fixture)
from http_support import served_in_thread
from playwright.sync_api import Browser
from support import PUBLISHER_KEY
from waiting import HTTP_TIMEOUT, wait_until
from wordpress_support import PLUGIN, WordPress, check_installed, service_for_site, wordpress

SHARE = '<div class="share-buttons">Share this on Facebook</div>'
FIRST = ("The harbor bridge reopened on Monday after two years of repairs. "
         "Commuters crowded the new footpath before dawn.")
SECOND = "The mayor thanked the divers who replaced every cable."
UPDATE = "A night ferry will keep running until the spring."
CAPTION = "Divers lowered the last cable at dusk."


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Iterator[str]:
    with service_for_site(tmp_path_factory.mktemp("wp-service"), site_port) as url:
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

    def details() -> str:  # what the post's meta, its page's player and WP-Cron said at the end
        player = re.search(r'<div class="tts-service-player"[^>]*>', page_of(site, post_id))
        state = site.php(f"echo wp_json_encode(array(get_post_meta({post_id}), get_transient('doing_cron'),"
                         " get_option(TTS_SERVICE_CRON_SEEN), array_map('array_keys', _get_cron_array())));")
        return f"{state}\n{player.group(0) if player else 'no player'}\n{site.debug_log()}"

    article_id: str = wait_until(found, f"post {post_id}'s page to carry a new article id",
                                 poll=0.3, details=details)
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
    page = page_of(configured, post["id"])  # "above", the default: the player, then the content
    assert page.index('<div class="tts-service-player"') < page.index(f'id="tts-article-{post["id"]}"')
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


def test_a_post_goes_with_its_metadata_and_without_the_share_buttons_another_plugin_appends(
        configured: WordPress, service: str) -> None:
    share = configured.folder / "wp-content" / "mu-plugins" / "tts-share.php"
    share.parent.mkdir(exist_ok=True)  # a sharing plugin's way: appended to the_content, late
    share.write_text("<?php add_filter( 'the_content', function ( $c ) { return $c . '"
                     + SHARE + "'; }, 20 );\n")
    try:
        made = configured.rest("POST", "/wp/v2/posts", title="Ferry fleet renewed", status="publish",
                               content=f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->")
        manifest = wait_ready(service, article_id_on(configured, made["id"]))
        page = page_of(configured, made["id"])
    finally:
        share.unlink()
    article = re.search(rf'<div id="tts-article-{made["id"]}" class="tts-service-article">(.*?)</div>', page, re.S)
    assert article and FIRST in article.group(1) and "Share this" not in article.group(1)
    assert SHARE in page  # on the page, outside what the player reads
    text = text_of(service, manifest["id"])
    assert FIRST in text and "Share this" not in text, text
    date = configured.php(f"echo get_post_time('c', true, {made['id']});").strip()
    assert (manifest["title"], manifest["author"], manifest["date"]) == ("Ferry fleet renewed", "admin", date)
    assert manifest["language"]["lang"] == "en-US", manifest["language"]


def segments_synthesized(service: str) -> float:
    """How many segments the service has synthesized (its cache's misses, from /metrics)."""
    metrics = requests.get(f"{service}/metrics", timeout=HTTP_TIMEOUT,
                           headers={"Authorization": f"Bearer {PUBLISHER_KEY}"}).text
    found = re.search(r'^tts_cache_lookups_total\{kind="segment",result="miss"\} (\S+)$', metrics, re.M)
    assert found, metrics[-2000:]
    return float(found.group(1))


def test_an_update_makes_new_audio_only_for_the_changed_sentences_and_forgets_the_old(
        configured: WordPress, service: str, post: dict[str, Any]) -> None:
    before = article_id_on(configured, post["id"])
    old = {segment["text"] for segment in wait_ready(service, before)["segments"]}
    made_before = segments_synthesized(service)
    content = (f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->"
               f"<!-- wp:paragraph --><p>{UPDATE}</p><!-- /wp:paragraph -->")
    configured.rest("POST", f"/wp/v2/posts/{post['id']}", content=content)
    after = article_id_on(configured, post["id"], other_than=before)
    segments = wait_ready(service, after)["segments"]
    assert UPDATE in text_of(service, after) and SECOND not in text_of(service, after)
    changed = [segment["text"] for segment in segments if segment["text"] not in old]
    assert 0 < len(changed) < len(segments), (changed, old)
    assert segments_synthesized(service) - made_before == len(changed)  # the headline and FIRST: from the cache
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


def test_a_post_deleted_for_good_forgets_its_audio(configured: WordPress, service: str) -> None:
    made = configured.rest("POST", "/wp/v2/posts", title="Ferry pier closes",
                           content=f"<p>{SECOND}</p>", status="publish")
    article_id = article_id_on(configured, made["id"])
    wait_ready(service, article_id)
    configured.rest("DELETE", f"/wp/v2/posts/{made['id']}&force=true")  # not to the trash: deleted
    assert configured.php(f"echo get_post({made['id']}) ? 'kept' : 'gone';").strip() == "gone"
    wait_until(lambda: status(service, article_id).status_code == 404,
               "the deleted post's audio to be forgotten", poll=0.3, details=configured.debug_log)


FAQ = "The footpath opens at dawn every day."
PARTS = {  # a setting of Settings → Listen, a part of a post it reads or skips, a sentence of that part
    "captions": ('<!-- wp:image --><figure class="wp-block-image"><img src="bridge.jpg" alt=""/>'
                 f'<figcaption class="wp-element-caption">{CAPTION}</figcaption></figure><!-- /wp:image -->',
                 CAPTION),
    "faq": ('<!-- wp:group --><div class="wp-block-group faq"><h2>Frequently asked questions</h2>'
            f"<p>{FAQ}</p></div><!-- /wp:group -->", FAQ),
}


@pytest.mark.parametrize("setting, choice, read", [("captions", "1", True), ("faq", "0", False)])
def test_the_captions_and_faq_settings_read_or_skip_that_part_of_a_post(
        configured: WordPress, service: str, setting: str, choice: str, read: bool) -> None:
    """A choice made here goes with the post; "as the service is set" leaves the service's own
    (captions skipped, FAQ read)."""
    admin, (part, sentence) = configured.login("admin"), PARTS[setting]

    def choose(value: str) -> None:  # Settings → Listen → Figure captions / FAQ blocks
        saved = configured.save_settings(admin, configured.settings_nonce(admin), url=service, **{setting: value})
        assert "settings-updated=true" in saved.url, saved.text[:2000]

    choose(choice)
    assert f"<option value=\"{choice}\"  selected='selected'>" in configured.get(
        "/wp-admin/options-general.php?page=tts-service", admin).text
    content = part + f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->"
    made = configured.rest("POST", "/wp/v2/posts", title=f"The bridge, {setting}", content=content,
                           status="publish")
    first = article_id_on(configured, made["id"])
    assert (sentence in text_of(service, first)) is read and SECOND in text_of(service, first)
    choose("")  # as the service is set: the other way
    configured.rest("POST", f"/wp/v2/posts/{made['id']}", content=content)
    second = article_id_on(configured, made["id"], other_than=first)
    text = text_of(service, second)
    assert (sentence in text) is not read and SECOND in text, text


def test_the_voice_setting_goes_with_each_post(configured: WordPress, service: str) -> None:
    admin = configured.login("admin")

    def choose(voice: str) -> None:
        saved = configured.save_settings(admin, configured.settings_nonce(admin), url=service, voice=voice)
        assert "settings-updated=true" in saved.url, saved.text[:2000]

    choose("no-such-voice")  # the service refuses it: the post's Listen box says why
    try:
        made = configured.rest("POST", "/wp/v2/posts", title="Ferry captain", status="publish",
                               content=f"<!-- wp:paragraph --><p>{UPDATE}</p><!-- /wp:paragraph -->")
        wait_until(lambda: meta_status(configured, made["id"]) == "failed", "the service to refuse the voice",
                   poll=0.3, details=configured.debug_log)
        edit = configured.get(f"/wp-admin/post.php?post={made['id']}&action=edit", admin).text
        assert 'data-status="failed">Failed: unknown Piper voice &#039;no-such-voice&#039;' in edit, edit[-3000:]
        assert "data-tts-article-id" not in page_of(configured, made["id"])
        choose("en_US-joe-medium")
        configured.rest("POST", f"/wp/v2/posts/{made['id']}", content=f"<p>{UPDATE}</p><p>{SECOND}</p>")
        manifest = wait_ready(service, article_id_on(configured, made["id"]))
        assert "en_US-joe-medium" in manifest["backend"], manifest["backend"]
    finally:
        choose("")


def test_the_post_types_chosen_on_the_settings_page_get_audio(configured: WordPress, service: str) -> None:
    admin = configured.login("admin")
    page = configured.rest("POST", "/wp/v2/pages", title="About the harbor", status="publish",
                           content=f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->")
    assert "tts-service-player" not in configured.get(f"/?page_id={page['id']}").text  # posts only
    assert meta_status(configured, page["id"]) == ""
    saved = configured.save_settings(admin, configured.settings_nonce(admin), post_types=("post", "page"),
                                     url=service)
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    try:
        form = configured.get("/wp-admin/options-general.php?page=tts-service", admin).text
        assert re.search(r'value="page"\s+checked', form), form[-3000:]
        configured.rest("POST", f"/wp/v2/pages/{page['id']}", content=f"<p>{FIRST}</p><p>{SECOND}</p>")

        def made() -> str | None:
            found = re.search(r'data-tts-article-id="([0-9a-f]{32})"', configured.get(f"/?page_id={page['id']}").text)
            return found.group(1) if found else None

        article_id = wait_until(made, "the page's audio to be made", poll=0.3, details=configured.debug_log)
        assert FIRST in text_of(service, article_id) and SECOND in text_of(service, article_id)
    finally:
        configured.save_settings(admin, configured.settings_nonce(admin), url=service)


LEXICON_PAGE = "/wp-admin/options-general.php?page=tts-service-lexicon"


def save_lexicon(site: WordPress, session: requests.Session, lines: str) -> str:
    """Save the pronunciations page's form (options.php, with the page's nonce); the page after."""
    nonce = re.search(r'name="_wpnonce" value="([0-9a-f]+)"', site.get(LEXICON_PAGE, session).text)
    assert nonce
    saved = session.post(f"{site.url}/wp-admin/options.php", timeout=HTTP_TIMEOUT, data={
        "option_page": "tts_service_lexicon", "action": "update", "_wpnonce": nonce.group(1),
        "_wp_http_referer": LEXICON_PAGE, "tts_service_site_lexicon": lines})
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    page = site.get(LEXICON_PAGE, session).text
    site.seen.append(page)
    return page


def service_lexicon(service: str) -> dict[str, str]:
    answer = requests.get(f"{service}/api/lexicon", timeout=HTTP_TIMEOUT,
                          headers={"Authorization": f"Bearer {PUBLISHER_KEY}"})
    assert answer.status_code == 200, answer.text
    lexicon: dict[str, str] = answer.json()["lexicon"]
    return lexicon


def spoken_in(site: WordPress, service: str, title: str, content: str) -> list[str]:
    made = site.rest("POST", "/wp/v2/posts", title=title, content=content, status="publish")
    return [segment["text"] for segment in wait_ready(service, article_id_on(site, made["id"]))["segments"]]


def test_the_site_lexicon_page_syncs_to_the_service_and_changes_what_the_voice_says(
        configured: WordPress, service: str) -> None:
    admin = configured.login("admin")
    assert configured.get(LEXICON_PAGE, configured.login("editor")).status_code == 403
    page = save_lexicon(configured, admin, "Nguyen = win\nR&D <b>lab</b> = research lab\nno sign here")
    assert "<td>Nguyen</td><td>win</td>" in page and "R&amp;D lab" in page and "<b>" not in page
    assert "no sign here" not in page
    assert "The service holds these pronunciations: 2 entries" in page
    assert service_lexicon(service) == {"Nguyen": "win", "R&D lab": "research lab"}
    first = spoken_in(configured, service, "Council votes", "<p>Mayor Nguyen spoke for an hour.</p>")
    assert "Mayor win spoke for an hour." in first, first
    # A change goes to the service at once, and the next post says it so.
    save_lexicon(configured, admin, "Nguyen = New-yen")
    assert service_lexicon(service) == {"Nguyen": "New-yen"}
    second = spoken_in(configured, service, "Council votes again", "<p>Mayor Nguyen spoke again.</p>")
    assert "Mayor New-yen spoke again." in second, second


def test_the_service_s_refusal_is_shown_escaped_and_send_again_needs_the_nonce_and_capability(
        configured: WordPress, service: str) -> None:
    admin, editor = configured.login("admin"), configured.login("editor")
    page = save_lexicon(configured, admin, "R&D = [[broken")
    assert "The service does not hold these pronunciations" in page, page[-3000:]
    assert "malformed phonemes for &#039;R&amp;D&#039;" in page and "for 'R&D'" not in page
    assert service_lexicon(service) == {"Nguyen": "New-yen"}  # the service kept the one it had
    save_lexicon(configured, admin, "Nguyen = win")
    requests.put(f"{service}/api/lexicon", json={"lexicon": {}}, timeout=HTTP_TIMEOUT,
                 headers={"Authorization": f"Bearer {PUBLISHER_KEY}"})  # the service lost it
    nonce = re.search(r'name="tts_service_sync_nonce" value="([0-9a-f]+)"', configured.get(LEXICON_PAGE, admin).text)
    assert nonce

    def send_again(session: requests.Session, nonce: str) -> requests.Response:
        return session.post(f"{configured.url}/wp-admin/admin-post.php", timeout=HTTP_TIMEOUT, data={
            "action": "tts_service_lexicon_sync", "tts_service_sync_nonce": nonce,
            "_wp_http_referer": LEXICON_PAGE})

    assert send_again(editor, nonce.group(1)).status_code == 403
    assert send_again(admin, "0badc0ffee").status_code == 403
    assert service_lexicon(service) == {}
    done = send_again(admin, nonce.group(1))
    assert done.status_code == 200 and done.url.endswith(LEXICON_PAGE)
    assert service_lexicon(service) == {"Nguyen": "win"}
    assert "The service holds these pronunciations: 1 entry," in done.text


def cron_lock(site: WordPress) -> str:
    return site.php("echo (string) get_transient('doing_cron');").strip()


def test_a_lost_wp_cron_spawn_is_spawned_again_and_a_started_run_is_left_alone(
        configured: WordPress) -> None:
    """spawn_cron() sets WP-Cron's lock, then sends a 10 ms loopback request; under load that
    request is lost, and the lock held every spawn off for a minute each time (a test once
    waited 300 s). A lock no run noted is taken for a lost spawn once 5 s old; one a run noted
    (it runs still) is left alone."""
    post_id = quiet_posts(configured, "Lost spawn", 1)[0]
    stale = "sprintf('%.22F', microtime(true) - 30)"  # set 30 s ago: core would wait 30 s more
    fake = configured.php(  # a run under it started: it noted the lock; work of the plugin is due
        f"$lock = {stale}; set_transient('doing_cron', $lock); update_option(TTS_SERVICE_CRON_SEEN, $lock, true);"
        "wp_schedule_single_event(time() - 1, 'tts_service_forget', array('none')); echo $lock;").strip()
    configured.get("/wp-cron.php?doing_wp_cron=1.5")  # an older spawn's request, arriving late: it runs nothing
    configured.get("/")
    assert cron_lock(configured) == fake  # left alone
    lost = configured.php(  # a spawn whose request never arrived, and the post's send due
        f"$lock = {stale}; set_transient('doing_cron', $lock);"
        f"wp_schedule_single_event(time() - 1, 'tts_service_send', array({post_id})); echo $lock;").strip()
    assert lost != fake
    configured.get("/")
    assert cron_lock(configured) != lost  # spawned again (its run may have ended and cleared it)
    assert "Lost spawn, story number 0." in page_of(configured, post_id)
    article_id_on(configured, post_id)  # and the post's audio is made


def test_a_walk_that_ended_is_never_shown_running(configured: WordPress) -> None:
    """The moment between the walk's end writing "done" and its flag "not running"."""
    try:
        state = json.loads(configured.php(
            "tts_service_catalogue_set_running(true); $s = tts_service_catalogue_state(); $s['done'] = true;"
            "tts_service_catalogue_save($s); echo wp_json_encode(tts_service_catalogue_state());"))
        assert state["done"] is True and state["running"] is False, state
        page = configured.get("/wp-admin/tools.php?page=tts-service-catalogue", configured.login("admin")).text
        assert 'data-running="0"' in page and "Done." in page and 'value="start"' in page
    finally:
        configured.php("tts_service_catalogue_command('stop'); wp_clear_scheduled_hook('tts_service_catalogue_batch');")


def test_with_the_podcast_on_posts_go_to_the_feed_and_the_site_links_it(
        configured: WordPress, service: str) -> None:
    admin = configured.login("admin")
    assert "application/rss+xml\" title=\"The Harbor Gazette (audio)" not in configured.get("/").text
    saved = configured.save_settings(admin, configured.settings_nonce(admin), url=service, feed="1")
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    try:
        made = configured.rest("POST", "/wp/v2/posts", title="Lighthouse keeper retires", status="publish",
                               content=f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")
        wait_ready(service, article_id_on(configured, made["id"]))
        assert (f'<link rel="alternate" type="application/rss+xml" title="The Harbor Gazette (audio)"'
                f' href="{service}/feed.xml">') in configured.get("/").text
        wait_until(lambda: "Lighthouse keeper retires" in requests.get(
            f"{service}/feed.xml", timeout=HTTP_TIMEOUT).text, "the post's episode in the feed", poll=0.3)
    finally:
        configured.save_settings(admin, configured.settings_nonce(admin), url=service)


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


def quiet_posts(site: WordPress, title: str, count: int, status: str = "publish") -> list[int]:
    """``count`` posts made with "On publish" off (nothing sent), the setting turned back on."""
    ids = [int(site.php(
        "$s = tts_service_settings(); $s['auto'] = false; update_option(TTS_SERVICE_OPTION, $s);"
        f"echo wp_insert_post(array('post_title' => '{title} {n}', 'post_status' => '{status}',"
        f"'post_content' => '<p>{title}, story number {n}.</p>'));")) for n in range(count)]
    site.php("$s = tts_service_settings(); $s['auto'] = true; update_option(TTS_SERVICE_OPTION, $s);")
    return ids


def meta_status(site: WordPress, post_id: int) -> str:
    return site.php(f"echo get_post_meta({post_id}, TTS_SERVICE_META_STATUS, true);").strip()


def test_the_tools_page_s_buttons_need_its_nonce_and_the_capability_and_show_the_progress(
        configured: WordPress) -> None:
    admin, editor = configured.login("admin"), configured.login("editor")
    tools = "/wp-admin/tools.php?page=tts-service-catalogue"
    configured.php("$s = tts_service_catalogue_state(); $s['sent'] = 2; $s['cursor'] = 2;"
                   "tts_service_catalogue_save($s);")
    assert configured.get(tools, editor).status_code == 403
    nonce = re.search(r'name="_wpnonce" value="([0-9a-f]+)"', configured.get(tools, admin).text)
    assert nonce

    def press(session: requests.Session, command: str, nonce: str) -> requests.Response:
        answer = session.post(f"{configured.url}/wp-admin/admin-post.php", timeout=HTTP_TIMEOUT, data={
            "action": "tts_service_catalogue", "command": command, "_wpnonce": nonce,
            "_wp_http_referer": tools})
        configured.seen.append(answer.text)
        return answer

    def sent() -> int:
        return int(json.loads(configured.php("echo wp_json_encode(tts_service_catalogue_state());"))["sent"])

    assert press(editor, "reset", nonce.group(1)).status_code == 403 and sent() == 2
    assert press(admin, "reset", "0badc0ffee").status_code == 403 and sent() == 2
    done = press(admin, "reset", nonce.group(1))  # Start over, through the page's own form
    assert done.status_code == 200 and done.url.endswith(tools) and sent() == 0
    total = configured.php("echo tts_service_catalogue_total();").strip()
    progress = re.search(r'<p class="tts-service-progress" data-sent="0" data-total="(\d+)" data-running="0">\s*'
                         r"0 of (\d+) published posts sent\. Stopped\.", done.text)
    assert progress and progress.groups() == (total, total), done.text[-3000:]
    assert ('<button class="button button-primary" name="command" value="start">'
            "Generate audio for every published post") in done.text


def test_a_start_over_made_while_a_batch_sends_a_post_is_never_undone_by_that_batch(
        configured: WordPress) -> None:
    """The race, in order: a batch sends a post; while the service is being called, another
    request presses Start over; then the batch goes on and saves its place: the walk must stay
    started over (no place, no counts, no failures, not running)."""
    quiet_posts(configured, "Race archive", 2)
    reset = base64.b64encode(configured.script("tts_service_catalogue_command('reset');").encode()).decode()
    report = configured.php(
        "tts_service_catalogue_command('reset'); tts_service_catalogue_command('start');"
        "$run = tts_service_catalogue_state()['run']; $GLOBALS['replayed'] = null;"
        "add_filter('pre_http_request', function ($pre, $args, $url) {"
        "  if (null === $GLOBALS['replayed'] && str_contains($url, '/api/articles')) {"  # the first send
        f"    passthru('php -r ' . escapeshellarg(base64_decode('{reset}')), $GLOBALS['replayed']); }}"
        "  return $pre; }, 10, 3);"
        "tts_service_catalogue_batch();"
        "echo wp_json_encode(array($GLOBALS['replayed'], $run, tts_service_catalogue_state()));")
    replayed, run, state = json.loads(report[report.index("["):])
    assert replayed == 0, report  # a post was being sent when Start over came
    assert state.pop("run") == run + 1, report  # the next run's
    assert state == {"cursor": 0, "sent": 0, "failed": [], "running": False}, report
    requests.get(f"{configured.url}/wp-cron.php", timeout=HTTP_TIMEOUT)  # a later cron run: still so
    after = json.loads(configured.php("echo wp_json_encode(tts_service_catalogue_state());"))
    assert after == {**state, "run": run + 1}, after


def test_the_posts_list_bulk_action_queues_the_chosen_posts_and_their_audio_is_made(
        configured: WordPress, service: str) -> None:
    chosen, left = quiet_posts(configured, "Bulk archive", 2), quiet_posts(configured, "Unchosen", 1)
    draft = quiet_posts(configured, "Bulk draft", 1, status="draft")
    admin = configured.login("admin")
    listing = configured.get("/wp-admin/edit.php", admin).text
    assert '<option value="tts_service_generate">Generate audio</option>' in listing
    nonce = re.search(r'id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"', listing)
    assert nonce, listing[:2000]

    def bulk(nonce: str, posts: list[int]) -> requests.Response:  # the list's form: a GET
        response = admin.get(f"{configured.url}/wp-admin/edit.php", timeout=HTTP_TIMEOUT, params={
            "_wpnonce": nonce, "_wp_http_referer": "/wp-admin/edit.php", "action": "tts_service_generate",
            "action2": "-1", "post_status": "all", "post_type": "post", "post[]": posts})
        configured.seen.append(response.text)
        return response

    forged = bulk("0badc0ffee", left)
    assert forged.status_code == 403 and meta_status(configured, left[0]) == ""
    done = bulk(nonce.group(1), chosen + draft)
    assert "tts_service_queued=2" in done.url, done.url
    assert "2 posts queued for audio." in done.text
    for post_id in chosen:
        assert "story number" in text_of(service, article_id_on(configured, post_id))
        wait_ready(service, article_id_on(configured, post_id))
    assert meta_status(configured, left[0]) == "" and meta_status(configured, draft[0]) == ""
    assert "data-tts-article-id" not in page_of(configured, left[0])


def test_the_bulk_action_is_offered_on_the_list_of_each_type_the_plugin_reads(
        configured: WordPress) -> None:
    admin, offered = configured.login("admin"), '<option value="tts_service_generate">'
    assert offered not in configured.get("/wp-admin/edit.php?post_type=page", admin).text
    configured.php("$s = tts_service_settings(); $s['post_types'] = array('post', 'page');"
                   "update_option(TTS_SERVICE_OPTION, $s);")
    try:
        assert offered in configured.get("/wp-admin/edit.php?post_type=page", admin).text
    finally:
        configured.php("$s = tts_service_settings(); $s['post_types'] = array('post');"
                       "update_option(TTS_SERVICE_OPTION, $s);")


def test_a_post_holding_the_player_block_shows_the_player_there_with_its_article(
        configured: WordPress, service: str) -> None:
    content = (f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->"
               "<!-- wp:tts-service/player /-->"
               f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")
    made = configured.rest("POST", "/wp/v2/posts", title="Bridge & <b>tunnel</b>", content=content,
                           status="publish")
    article_id = article_id_on(configured, made["id"])
    page = page_of(configured, made["id"])
    players = re.findall(r'<div class="tts-service-player"[^>]*>', page)
    assert len(players) == 1, players  # the block's place, not the one above the content as well
    assert page.index(FIRST) < page.index(players[0]) < page.index(SECOND)
    attributes = {name: html.unescape(value)  # as the browser reads them
                  for name, value in re.findall(r'(data-tts-[a-z-]+)="([^"]*)"', players[0])}
    assert attributes == {"data-tts-endpoint": service, "data-tts-source": f"#tts-article-{made['id']}",
                          "data-tts-title": "Bridge & tunnel", "data-tts-article-id": article_id}
    assert re.search(rf"<script[^>]* defer src=['\"]{re.escape(service)}/static/player.js", page)
    assert re.search(rf"<link rel=['\"]stylesheet['\"][^>]* href=['\"]{re.escape(service)}/static/player.css", page)
    wait_ready(service, article_id)
    text = text_of(service, article_id)
    assert FIRST in text and SECOND in text and "player" not in text.lower(), text


def test_the_block_editor_offers_the_player_block_and_a_post_made_with_it_plays_there(
        configured: WordPress, service: str, browser: Browser) -> None:  # noqa: F811
    with open_page(browser, width=1400) as page:
        page.goto(f"{configured.url}/wp-login.php")
        page.fill("#user_login", "admin")
        page.fill("#user_pass", configured.users["admin"]["password"])
        page.click("#wp-submit")
        page.wait_for_url("**/wp-admin/**")
        page.goto(f"{configured.url}/wp-admin/post-new.php")
        page.wait_for_function("window.wp && wp.data && wp.data.select('core/editor')"
                               " && wp.data.select('core/block-editor').getBlocks() !== undefined")
        page.evaluate("wp.data.select('core/edit-post').isFeatureActive('welcomeGuide')"
                      " && wp.data.dispatch('core/edit-post').toggleFeature('welcomeGuide')")
        page.evaluate("(text) => { wp.data.dispatch('core/editor').editPost({title: 'Made in the editor'});"
                      " wp.data.dispatch('core/block-editor').insertBlocks("
                      "wp.blocks.createBlock('core/paragraph', {content: text})); }", FIRST)
        page.get_by_role("button", name="Toggle block inserter").click()
        page.get_by_role("searchbox").fill("Listen")
        page.get_by_role("option", name="Listen player").click()  # offered by the inserter
        placeholder = page.locator(".tts-service-block-placeholder")
        placeholder.wait_for()
        assert "audio player appears here" in placeholder.inner_text()
        page.evaluate("wp.data.dispatch('core/editor').editPost({status: 'publish'});"
                      " wp.data.dispatch('core/editor').savePost();")
        page.wait_for_function("wp.data.select('core/editor').isCurrentPostPublished()"
                               " && !wp.data.select('core/editor').isSavingPost()")
        content = page.evaluate("wp.data.select('core/editor').getEditedPostContent()")
        post_id = page.evaluate("wp.data.select('core/editor').getCurrentPostId()")
    assert "<!-- wp:tts-service/player /-->" in content, content
    article_id = article_id_on(configured, post_id)
    text = page_of(configured, post_id)
    assert text.index(FIRST) < text.index('<div class="tts-service-player"'), text[-3000:]
    assert FIRST in text_of(service, article_id)


def save_post_box(site: WordPress, session: requests.Session, post_id: int,
                  **fields: str) -> tuple[str, requests.Response]:
    """Save the post's Listen box as the block editor does: its meta box forms posted to the
    editor's meta box URL with the hidden fields of its base form (the update nonce and all).
    The edit page it read, and the answer."""
    edit = site.get(f"/wp-admin/post.php?post={post_id}&action=edit", session).text
    base = re.search(r'<form class="metabox-base-form">(.*?)</form>', edit, re.S)
    url = re.search(r"var _wpMetaBoxUrl = (\"[^\"]*\");", edit)
    box = re.search(r'name="tts_service_post_box_nonce" value="([0-9a-f]+)"', edit)
    assert base and url and box, edit[:2000]
    data = {html.unescape(name): html.unescape(value) for name, value in
            re.findall(r"<input type=['\"]hidden['\"][^>]*name=['\"]([^'\"]+)['\"][^>]*value=['\"]([^'\"]*)['\"]",
                       base.group(1))}
    data.update(tts_service_post_box_nonce=box.group(1), **fields)
    answer = session.post(json.loads(url.group(1)), data=data, timeout=HTTP_TIMEOUT)
    site.seen.append(answer.text)
    return edit, answer


def test_the_post_box_shows_the_status_and_saves_the_post_s_pronunciations_and_its_toggle(
        configured: WordPress, service: str) -> None:
    made = configured.rest("POST", "/wp/v2/posts", title="Ferry strike", status="publish",
                           content="<!-- wp:paragraph --><p>Skipper Siobhan sailed alone.</p><!-- /wp:paragraph -->")
    first = article_id_on(configured, made["id"])
    wait_ready(service, first)
    admin = configured.login("admin")
    edit, saved = save_post_box(configured, admin, made["id"], tts_service_lexicon="Siobhan = shiv awn")
    assert 'data-status="ready">Made.' in edit, edit[:2000]  # asked of the service, kept in the meta
    assert f'<audio controls preload="none" style="width:100%" src="{service}/audio/{first}.mp3">' in edit
    assert saved.status_code == 200, saved.text[:2000]
    said = article_id_on(configured, made["id"], other_than=first)  # sent again with the lexicon
    spoken = [segment["text"] for segment in wait_ready(service, said)["segments"]]
    assert "Skipper shiv awn sailed alone." in spoken, spoken
    edit, _ = save_post_box(configured, admin, made["id"], tts_service_off="1",
                            tts_service_lexicon="Siobhan = shiv awn")
    assert "Siobhan = shiv awn</textarea>" in edit
    wait_until(lambda: status(service, said).status_code == 404,
               "the audio of a post turned off to be forgotten", poll=0.3, details=configured.debug_log)
    assert "tts-service-player" not in page_of(configured, made["id"])
    configured.php(f"update_post_meta({made['id']}, TTS_SERVICE_META_OFF, '0');"
                   f"update_post_meta({made['id']}, TTS_SERVICE_META_STATUS, 'failed');"
                   f"update_post_meta({made['id']}, TTS_SERVICE_META_ERROR, '<script>alert(1)</script> busy');")
    edit = configured.get(f"/wp-admin/post.php?post={made['id']}&action=edit", admin).text
    assert 'data-status="failed">Failed: &lt;script&gt;alert(1)&lt;/script&gt; busy</p>' in edit
    assert "<script>alert(1)" not in edit


def test_the_shortcode_places_the_player_and_before_the_audio_it_reads_the_page(
        configured: WordPress, service: str) -> None:
    admin = configured.login("admin")
    saved = configured.save_settings(admin, configured.settings_nonce(admin), url=service, position="below")
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    try:
        below, placed = quiet_posts(configured, "Not yet sent", 1)[0], configured.rest(
            "POST", "/wp/v2/posts", title="Tide tables", status="publish",
            content=f"<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->"
                    "<!-- wp:shortcode -->[tts_player]<!-- /wp:shortcode -->"
                    f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")["id"]
        page = page_of(configured, below)  # no audio yet: the player reads the post's element
        players = re.findall(r'<div class="tts-service-player"[^>]*>', page)
        assert len(players) == 1 and "data-tts-article-id" not in players[0], players
        assert f'data-tts-source="#tts-article-{below}"' in players[0]
        assert page.index(f'id="tts-article-{below}"') < page.index("story number") < page.index(players[0])
        article_id = article_id_on(configured, placed)
        page = page_of(configured, placed)
        players = re.findall(r'<div class="tts-service-player"[^>]*>', page)
        assert len(players) == 1 and f'data-tts-article-id="{article_id}"' in players[0], players
        assert page.index(FIRST) < page.index(players[0]) < page.index(SECOND)
        assert "tts_player" not in text_of(service, article_id)
    finally:
        configured.save_settings(admin, configured.settings_nonce(admin), url=service)


def test_unpublishing_a_post_forgets_its_audio(configured: WordPress, service: str) -> None:
    made = configured.rest("POST", "/wp/v2/posts", title="Ferry fares", status="publish",
                           content=f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")
    article_id = article_id_on(configured, made["id"])
    wait_ready(service, article_id)
    configured.rest("POST", f"/wp/v2/posts/{made['id']}", status="draft")
    wait_until(lambda: status(service, article_id).status_code == 404,
               "an unpublished post's audio to be forgotten", poll=0.3, details=configured.debug_log)
    assert meta_status(configured, made["id"]) == ""


def test_a_setting_and_a_post_s_title_with_markup_reach_the_pages_escaped(
        configured: WordPress, service: str) -> None:
    admin, hostile = configured.login("admin"), '"><script>alert(7)</script>'
    saved = configured.save_settings(admin, configured.settings_nonce(admin), url=service, voice=hostile)
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    try:
        page = configured.get("/wp-admin/options-general.php?page=tts-service", admin).text
        voice = re.search(r'id="tts-voice" name="[^"]*" value="([^"]*)"', page)
        assert voice and "<" not in voice.group(1) and ">" not in voice.group(1), page[-3000:]
        assert html.unescape(voice.group(1)) == '">' and "alert(7)" not in page  # the tag stripped
    finally:
        configured.save_settings(admin, configured.settings_nonce(admin), url=service, voice="")
    made = configured.rest("POST", "/wp/v2/posts", title=f"Harbor {hostile}", status="publish",
                           content=f"<!-- wp:paragraph --><p>{SECOND}</p><!-- /wp:paragraph -->")
    article_on = article_id_on(configured, made["id"])
    page = page_of(configured, made["id"])
    player = re.search(r'<div class="tts-service-player"[^>]*>', page)
    assert player and "<script" not in player.group(0) and 'data-tts-title="Harbor' in player.group(0)
    assert SECOND in text_of(service, article_on)
    edit = configured.get(f"/wp-admin/post.php?post={made['id']}&action=edit", admin).text
    box = re.search(r'<div id="tts-service" class="postbox.*?</textarea>', edit, re.S)  # the Listen box
    assert box and "tts-service-status" in box.group(0) and "<script" not in box.group(0)
    configured.php(f"$s = tts_service_catalogue_state(); $s['failed'][{made['id']}] = '<b>refused</b>';"
                   "tts_service_catalogue_save($s);")  # a failure in the back catalogue's report
    try:
        tools = configured.get("/wp-admin/tools.php?page=tts-service-catalogue", admin).text
        failed = re.search(r'<ul class="tts-service-failed">(.*?)</ul>', tools, re.S)
        assert failed and "&lt;b&gt;refused&lt;/b&gt;" in failed.group(1), tools[-3000:]
        assert "<script" not in failed.group(1) and "<b>" not in failed.group(1)
    finally:
        configured.php(f"$s = tts_service_catalogue_state(); unset($s['failed'][{made['id']}]);"
                       "tts_service_catalogue_save($s);")


class Gate:
    """The service behind a gate: a POST /api/articles waits until the test opens it, then
    every request goes on to the real service (a slow service, made so on purpose)."""

    def __init__(self, upstream: str) -> None:
        self.upstream, self.opened, self.arrived = upstream, threading.Event(), threading.Event()
        self.answered = 0
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "POST" and self.path == "/api/articles":
                    gate.arrived.set()
                    gate.opened.wait(HTTP_TIMEOUT)
                answer = requests.request(self.command, gate.upstream + self.path, data=body or None,
                                          headers={k: v for k, v in self.headers.items()
                                                   if k.lower() in ("authorization", "content-type")},
                                          timeout=HTTP_TIMEOUT)
                gate.answered += self.command == "POST"
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("Content-Type", "text/plain"))
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_DELETE = relay

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def gate(service: str) -> Iterator[Gate]:
    held = Gate(service)
    with served_in_thread(held.server):
        try:
            yield held
        finally:
            held.opened.set()  # no request left waiting at the gate while the server shuts


def test_publishing_returns_before_the_service_is_called(
        configured: WordPress, service: str, gate: Gate) -> None:
    admin = configured.login("admin")
    saved = configured.save_settings(admin, configured.settings_nonce(admin), url=gate.url)
    assert "settings-updated=true" in saved.url, saved.text[:2000]
    try:
        made = configured.rest("POST", "/wp/v2/posts", title="Night ferry", status="publish",
                               content=f"<!-- wp:paragraph --><p>{UPDATE}</p><!-- /wp:paragraph -->")
        assert gate.answered == 0  # published while the service had not answered
        assert meta_status(configured, made["id"]) == "queued"
        edit = configured.get(f"/wp-admin/post.php?post={made['id']}&action=edit", admin).text
        assert 'data-status="queued">Queued: being sent to the service.' in edit  # the Listen box
        wait_until(gate.arrived.is_set, "the post to reach the service", poll=0.2,
                   details=configured.debug_log)
        gate.opened.set()
        wait_ready(service, article_id_on(configured, made["id"]))
    finally:
        gate.opened.set()
        configured.save_settings(admin, configured.settings_nonce(admin), url=service)


# A must-use plugin of the test's: with ?tts_queries, the page ends with the queries that the
# plugin's own code made (any frame of the query's call stack in the plugin's folder).
QUERY_LOG = """<?php
if ( isset( $_GET['tts_queries'] ) ) {
	$GLOBALS['tts_queries'] = array();
	add_filter( 'query', function ( $sql ) {
		foreach ( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS ) as $frame ) {
			if ( str_contains( $frame['file'] ?? '', '/plugins/tts-service/' ) ) {
				$GLOBALS['tts_queries'][] = $sql;
				break;
			}
		}
		return $sql;
	} );
	add_action( 'shutdown', function () {
		echo '<!--tts-queries ' . base64_encode( wp_json_encode( $GLOBALS['tts_queries'] ) ) . '-->';
	}, 0 );
}
"""


def plugin_queries(site: WordPress, path: str, session: requests.Session | None = None) -> list[str]:
    page = site.get(path + ("&" if "?" in path else "?") + "tts_queries=1", session).text
    found = re.search(r"<!--tts-queries ([A-Za-z0-9+/=]+)-->", page)
    assert found, page[-2000:]
    queries: list[str] = json.loads(base64.b64decode(found.group(1)))
    return queries


@pytest.mark.parametrize("running", [False, True], ids=["idle", "walking"])
def test_a_page_view_makes_no_query_of_the_plugin_s_own(
        configured: WordPress, post: dict[str, Any], running: bool) -> None:
    """The settings and the walk's flag come with WordPress's autoloaded options, and the post's
    meta with the query of the post itself: the plugin adds no query to a page or the posts list."""
    (configured.folder / "wp-content" / "mu-plugins").mkdir(exist_ok=True)
    (configured.folder / "wp-content" / "mu-plugins" / "tts-queries.php").write_text(QUERY_LOG)
    autoload = configured.php(
        "global $wpdb; echo wp_json_encode($wpdb->get_results(\"SELECT option_name, autoload FROM"
        " {$wpdb->options} WHERE option_name LIKE 'tts\\\\_service\\\\_%' ORDER BY option_name\"));")
    assert {"option_name": "tts_service_settings", "autoload": "yes"} in json.loads(autoload), autoload
    if running:  # a walk with its next batch scheduled far ahead: a page view only looks
        configured.php("tts_service_catalogue_command('start'); wp_clear_scheduled_hook('tts_service_catalogue_batch');"
                       "wp_schedule_single_event(time() + 3600, 'tts_service_catalogue_batch');")
    try:
        admin = configured.login("admin")
        for path, session in ((f"/?p={post['id']}", None), ("/", None), ("/wp-admin/edit.php", admin)):
            assert plugin_queries(configured, path, session) == [], path
        # The log does see the plugin's queries: the tools page reads the walk's state afresh.
        assert plugin_queries(configured, "/wp-admin/tools.php?page=tts-service-catalogue", admin)
    finally:
        configured.php("tts_service_catalogue_command('stop'); wp_clear_scheduled_hook('tts_service_catalogue_batch');")


def test_the_key_never_reaches_a_page_or_a_response(configured: WordPress, post: dict[str, Any]) -> None:
    admin = configured.login("admin")
    for path in ("/wp-admin/options-general.php?page=tts-service", "/wp-admin/options.php",
                 LEXICON_PAGE,
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
