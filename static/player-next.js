/* tts-service player add-on: up next (docs/player.md, "Up next"). player.js loads it when an
 * article ends, or at once for a player with data-tts-playlist, and calls TTSPlayer.upNext(host,
 * why), why being "page" or "ended". The list: data-tts-playlist (article ids or page URLs,
 * separated by spaces or commas), else the publisher's feed (GET /api/feed, at the end only).
 * The item after the one playing is offered with a countdown (data-tts-next-seconds, 5 by
 * default) the reader can cancel (Cancel, Escape, or playing again); then an id plays in place
 * and a URL is opened. Media Session's next track goes to it at once. The reader can turn it off
 * (kept in localStorage); with data-tts-next="off" player.js does not load it. */
(() => {
"use strict";

const KEY = "tts-player:next";
const allowed = () => { try { return localStorage.getItem(KEY) !== "0"; } catch (e) { return true; } };
const keep = (on) => { try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* not kept */ } };
const isId = (item) => /^[0-9a-f]{32}$/.test(item);
const make = (tag, props, ...children) => {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
};
// A text in the player's language (say(): player-i18n.js, on a page not in English).
const inLang = (host, text) => window.TTSPlayer.say?.(text,
  (host.closest("[lang]")?.lang || "en").split("-")[0].toLowerCase()) ?? text;
const base = (host) => (host.dataset.ttsEndpoint || "").replace(/\/+$/, "");
const getJSON = (host, path) => fetch(base(host) + path).then((r) => r.ok ? r.json() : Promise.reject());

// The list: the playlist's items, else the feed's article ids (with their titles).
function list(host) {
  const playlist = host.dataset.ttsPlaylist;
  if (playlist) return Promise.resolve({ items: playlist.split(/[\s,]+/).filter(Boolean), titles: {} });
  return getJSON(host, "/api/feed").then((feed) => ({ items: feed.articles.map((a) => a.id),
    titles: Object.fromEntries(feed.articles.map((a) => [a.id, a.title])) }), () => ({ items: [] }));
}

// The item after the one this player plays (the first when it is not in the list).
function following(host, items) {
  const here = location.href.split("#")[0];
  const at = items.findIndex((item) => item === host.dataset.ttsArticleId ||
    !isId(item) && new URL(item, location.href).href === here);
  return items[at + 1];
}

// An article id plays in place (a new player, started: the reader pressed play on this page
// before), a page URL is opened.
function go(host, next, title) {
  if (!host.isConnected) return;  // gone already (next track during a countdown)
  if (!isId(next)) return location.assign(new URL(next, location.href).href);
  host.querySelector("audio").pause();
  const player = document.createElement("div");
  for (const { name, value } of host.attributes) {
    if (/^data-tts-/.test(name) && !/^data-tts-(source|article-id|title|skip)$/.test(name)) player.setAttribute(name, value);
  }
  player.dataset.ttsArticleId = next;
  if (title) player.dataset.ttsTitle = title;
  host.replaceWith(player);
  window.TTSPlayer.init();
  player.querySelector(".tts-start").click();
}

// The countdown: "Up next: title" said once (politely), the seconds shown, Play now and Cancel.
function offer(host, { next, title }) {
  let left = +host.dataset.ttsNextSeconds || 5;
  const t = (text) => inLang(host, text);
  const count = make("span", { className: "tts-next-count" });
  count.setAttribute("aria-hidden", "true");
  const say = make("span", { className: "tts-next-say" });
  say.setAttribute("role", "status");
  const box = make("div", { className: "tts-next" }, say, count,
    make("button", { type: "button", textContent: t("Play now"), onclick: () => done(true) }),
    make("button", { type: "button", textContent: t("Cancel"), onclick: () => done(false) }));
  const audio = host.querySelector("audio");
  const cancel = () => done(false);
  const escape = (event) => event.key === "Escape" && (event.preventDefault(), done(false));
  const draw = () => count.textContent = " " + t(`in ${left} s`);
  const timer = setInterval(() => --left > 0 ? draw() : done(true), 1000);
  function done(play) {
    clearInterval(timer);
    box.remove();
    audio.removeEventListener("play", cancel);
    host.removeEventListener("keydown", escape);
    if (play) go(host, next, title);
  }
  audio.addEventListener("play", cancel);  // the reader plays this one again
  host.addEventListener("keydown", escape);
  host.insertBefore(box, host.querySelector(".tts-next-switch"));
  draw();
  // In the live region once it is on the page, so that it is announced.
  requestAnimationFrame(() => say.append(t(`Up next: ${title || t("the next article")}`),
    make("span", { className: "tts-vh", textContent: ", " + t(`in ${left} seconds. Escape cancels.`) })));
}

// Once per player: the next item and its title, the switch, and Media Session's next track.
async function attach(host) {
  const { items, titles } = await list(host), next = following(host, items);
  if (!next) return null;
  const title = titles[next] ||
    (isId(next) ? await getJSON(host, "/api/articles/" + next).then((m) => m.title, () => "") : "");
  const box = make("input", { type: "checkbox", checked: allowed(), onchange: () => keep(box.checked) });
  host.append(make("label", { className: "tts-next-switch" }, box, " " + inLang(host, "Play the next article")));
  // Next track is the next article (player.js makes it the next sentence when it starts playing).
  const claim = () => navigator.mediaSession?.setActionHandler("nexttrack", () => go(host, next, title));
  host.querySelector("audio").addEventListener("playing", claim);
  claim();
  return { next, title };
}

window.TTSPlayer.upNext = (host, why) => {
  host.ttsNext ||= attach(host);
  host.ttsNext.then((found) => found && why === "ended" && allowed() && offer(host, found));
};
})();
