/* tts-service player: <div data-tts-source="#article"> or <div data-tts-article-id="..."> (see README). */
(() => {
"use strict";
const KEY = "tts-player:", SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2], WPM = 150;
const SKIP = "[data-tts-skip],[aria-hidden=true],.tts-player,nav,aside,figure,button,form,input,select,textarea," +
  "script,style,noscript,template,svg,math,img,video,audio,iframe,canvas,object";
const store = (k, v) => {  // store(k) reads, store(k, null) deletes
  try {
    return v === undefined ? localStorage.getItem(KEY + k) :
      v === null ? localStorage.removeItem(KEY + k) : localStorage.setItem(KEY + k, v);
  } catch (e) { return null; }
};
// player.css draws the icons
const button = (cls, act, arg, label) => `<button type="button" class="tts-btn tts-${cls}" data-act="${act
  }" data-arg="${arg}" aria-label="${label}" title="${label}"></button>`;
const TEMPLATE = `<button type="button" class="tts-start"><span>Click to start listening<span class="tts-meta">` +
  `</span></span></button><div class="tts-ui" role="group" hidden aria-describedby="tts-keys-@">` +
  `<div class="tts-row">${button("play", "toggle", 0, "Play")}<span class="tts-time tts-elapsed">0:00` +
  `</span><input type="range" class="tts-seek" min="0" max="1" step="any" value="0" aria-label="Seek">` +
  `<span class="tts-time tts-total">0:00</span></div><div class="tts-row"><div class="tts-nav">` +
  button("pp", "step", -2, "Previous paragraph") + button("ps", "step", -1, "Previous sentence") +
  button("back", "skip", -15, "Back 15 seconds") + button("fwd", "skip", 15, "Forward 15 seconds") +
  button("ns", "step", 1, "Next sentence") + button("np", "step", 2, "Next paragraph") +
  `</div><div class="tts-prefs"><select class="tts-speed" aria-label="Playback speed">` +
  SPEEDS.map((r) => `<option value="${r}">${r}\u00d7</option>`).join("") + "</select>" +
  button("follow", "toggleFollow", 0, "Follow along in the text") +
  `<a class="tts-btn tts-dl" aria-label="Download the audio (MP3)" title="Download MP3"></a></div></div>` +
  `<span class="tts-vh" id="tts-keys-@">Keys: Space or K to play or pause; arrows skip 15 seconds, ` +
  `with Shift a sentence; [ and ] a paragraph.</span></div>` +
  `<p class="tts-status" role="status" aria-live="polite"></p><audio preload="auto"></audio>`;

const clock = (s) => (s = s > 0 && isFinite(s) ? s : 0,
  new Date(s * 1000).toISOString().slice(s < 3600 ? 14 : 11, 19).replace(/^0/, ""));
const spoken = (s) => `${Math.floor(s / 60)} minutes ${Math.floor(s % 60)} seconds`;
const within = (r, t) => Array.from({ length: r.length }, (_, i) => r.start(i) <= t && t <= r.end(i)).includes(true);

/* The text to speak: a block per paragraph, heading or list item, blocks joined by blank lines.
 * `runs` map stretches of it to the DOM text nodes they came from: [textStart, node, nodeStart, length]. */
function read(root) {
  let text = "", buf = "", prefix = "", space = null, part = [];
  const runs = [];
  const push = (ch, node, i) => {
    const r = part[part.length - 1];
    if (node && r && r[1] === node && r[2] + r[3] === i && r[0] + r[3] === buf.length) r[3]++;
    else if (node) part.push([buf.length, node, i, 1]);
    buf += ch;
  };
  const flush = (next) => {
    if (buf) {
      if (text) text += "\n\n";
      for (const r of part) runs.push((r[0] += text.length, r));
      text += buf;
    }
    buf = ""; part = []; space = null; prefix = next;
  };
  const walk = (el) => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        for (let i = 0, s = n.data; i < s.length; i++) {
          if (/\s/.test(s[i])) {
            if (buf && !space && !/\s$/.test(buf)) space = [n, i];
            continue;
          }
          if (!buf && prefix) push(prefix);
          if (space) push(" ", ...space);
          space = null;
          push(s[i], n, i);
        }
        continue;
      }
      if (n.nodeType !== 1 || n.matches(SKIP)) continue;
      const st = getComputedStyle(n);
      if (st.display === "none" || st.visibility === "hidden") continue;
      if (n.tagName === "BR") {
        if (buf && !/\n$/.test(buf)) push("\n");
        space = null;
        continue;
      }
      const block = !/^(inline|contents|ruby)/.test(st.display);
      if (block) flush(n.tagName === "LI" ? "\u2022 " : "");
      walk(n);
      if (block) flush("");
    }
  };
  walk(root);
  flush("");
  return { text, runs };
}

const pieces = (runs, a, b) => runs  // [node, start, end] of the DOM text holding text[a:b]
  .filter(([t, , , len]) => t < b && t + len > a)
  .map(([t, node, n, len]) => [node, n + Math.max(a, t) - t, n + Math.min(b, t + len) - t]);

function locate(text, seg, from) {  // a segment's source: at its own offsets, else searched
  let src = seg.source || seg.text || "", k = seg.char_start;
  if (text.slice(k, seg.char_end) !== src) k = text.indexOf(src, from);
  if (k < 0) k = text.indexOf(src = src.replace(/\s+/g, " ").trim(), from);
  return src && k >= 0 ? [k, k + src.length] : null;
}

let players = 0;

function Player(host) {
  const d = host.dataset, base = (d.ttsEndpoint || "").replace(/\/+$/, "");
  const root = d.ttsSource && document.querySelector(d.ttsSource);
  const h1 = root?.querySelector("h1") || document.querySelector("h1");
  const title = d.ttsTitle || (h1 ? h1.textContent : document.title).replace(/\s+/g, " ").trim();
  let id = d.ttsArticleId, map, url, segs = [], spans = [], cur = -1, words = 0, duration = 0, ready, failed;
  let busy, reloading, dragging, timer = 0, saved = 0;
  let src = null;      // null | "stream" (progressive, still being made) | "file" (seekable)
  let pending = null;  // where to go as soon as the audio allows: seconds, or {seg: index}
  let want = false;    // the reader wants sound
  let follow = store("follow") !== "0", rate = SPEEDS.includes(+store("rate")) ? +store("rate") : 1;

  host.classList.add("tts-player");
  host.setAttribute("data-tts-skip", "");
  host.setAttribute("role", "region");
  host.setAttribute("aria-label", "Listen to this article");
  host.innerHTML = TEMPLATE.replace(/@/g, players++);
  const $ = (name) => host.querySelector(".tts-" + name), audio = host.querySelector("audio");
  const ui = $("ui"), playEl = $("play"), bar = $("seek"), speedEl = $("speed"), followEl = $("follow");
  const actions = { toggle, step, skip, toggleFollow };
  ui.setAttribute("aria-label", "Audio player: " + title);
  followEl.setAttribute("aria-pressed", follow);
  speedEl.value = audio.defaultPlaybackRate = rate;

  $("start").onclick = start;
  ui.onclick = (e) => {
    const b = e.target.closest("[data-act]");
    if (b) actions[b.dataset.act](+b.dataset.arg);
  };
  ui.onkeydown = key;
  bar.oninput = () => { dragging = true; update(+bar.value); };
  bar.onchange = () => { dragging = false; seek(+bar.value); };
  speedEl.onchange = () => {
    rate = audio.defaultPlaybackRate = audio.playbackRate = +speedEl.value;
    store("rate", rate);
    say(`Speed ${rate}\u00d7`);
  };
  const on = (type, fn) => audio.addEventListener(type, () => src && fn());
  on("playing", () => { playState(true); say("Playing"); });
  on("pause", () => {
    if (reloading) return;  // switching to the file
    save();
    if (want && pending != null) return;  // held until the part asked for is made
    playState(false);
    if (!audio.ended && !failed) say("Paused");
  });
  on("waiting", () => playEl.classList.add("tts-busy"));
  on("timeupdate", () => dragging || update());
  on("loadedmetadata", () => { reloading = false; resolve(); });
  on("ended", ended);
  on("error", audioError);
  addEventListener("pagehide", save);

  if (root) words = (read(root).text.match(/\S+/g) || []).length;
  else if (!id) fail(`Nothing to read: no element matches ${d.ttsSource}.`);
  label();
  if (id) manifest().then((m) => { apply(m); label(); }, (e) => fail(e.message));

  function label() {
    const pos = id && +store("pos:" + id), total = totalTime();
    $("meta").textContent = pos ? "resume at " + clock(pos) : total ? `${Math.round(total / 60) || 1} min listen` : "";
  }

  function manifest() { return api("GET", "/api/articles/" + encodeURIComponent(id)); }

  async function api(method, path, body) {
    let res, data;
    try {
      res = await fetch(base + path, { method, body: body && JSON.stringify(body),
        headers: body ? { "Content-Type": "application/json" } : {} });
      data = await res.json();
    } catch (e) {
      if (!res) throw Error("Can\u2019t reach the listening service. Check your connection and try again.");
    }
    if (res.ok && data) return data;
    const why = data?.error || "error " + res.status;
    throw Error(res.status < 500 && data ? `Audio unavailable: ${why}.` :
      `The listening service is unavailable (${why}). Please try again later.`);
  }

  // The first click: send the article (or look it up), play from the start or where the reader left off.
  async function start() {
    if (busy) return;
    busy = want = true;
    failed = false;
    host.classList.remove("tts-failed");
    host.classList.add("tts-on");
    $("start").hidden = !(ui.hidden = false);
    playEl.focus();
    playEl.classList.add("tts-busy");
    say("Preparing audio\u2026", "note");
    try {
      if (root && !map) map = read(root);
      if (!id) {
        if (!map) throw Error("The article text was not found on this page.");
        id = (await api("POST", "/api/articles", { title, text: map.text })).id;
      }
      const m = await manifest();
      url = $("dl").href = /^https?:/.test(m.audio_url) ? m.audio_url : base + m.audio_url;
      $("dl").download = title.slice(0, 80) + ".mp3";
      apply(m);
      if (failed) return;
      mark();
      session();
      pending = +store("pos:" + id) || 0;
      if (pending) say("Resuming at " + clock(pending), "note");
      resolve();
    } catch (e) {
      fail(e.message);
    } finally {
      busy = false;
    }
  }

  function apply(m) {  // a manifest: segment times as far as they are made
    segs = m.segments || [];
    if (m.status === "failed") return fail(`The audio could not be made: ${m.error?.error}.`);
    if (m.status === "ready") ready = duration = m.duration;
    else poll();
    update();
    resolve();
  }

  function poll() {
    if (timer || ready || failed || !url) return;
    // a failed poll is retried (if the service is gone, the audio fails and says so)
    timer = setTimeout(() => manifest().then(apply, () => {}).finally(() => { timer = 0; poll(); }), 1000);
  }

  function mark() {  // wrap each segment's text in spans, for highlighting and clicks
    if (!map || spans.length) return;
    const all = [];
    let from = 0;
    segs.forEach((seg, i) => {
      const at = locate(map.text, seg, from);
      if (at) for (const p of pieces(map.runs, at[0], from = at[1])) all.push([...p, i]);
    });
    spans = segs.map(() => []);
    for (const [node, s, e, i] of all.reverse()) {  // from the end, so earlier offsets stay valid
      if (e < node.data.length) node.splitText(e);
      const part = s > 0 ? node.splitText(s) : node, span = document.createElement("span");
      span.className = "tts-s";
      span.dataset.ttsSeg = i;
      part.replaceWith(span);
      span.append(part);
      spans[i].unshift(span);
    }
    root.classList.add("tts-marked");
    root.addEventListener("click", (e) => {  // a sentence, or a paragraph from its first sentence
      const t = e.target, block = t.closest("p,li,h1,h2,h3,h4,h5,h6,blockquote,dd,dt,td,th");
      if (failed || !getSelection().isCollapsed || t.closest("a,button,input,select,textarea,label")) return;
      const span = t.closest(".tts-s") || (block && root.contains(block) && block.querySelector(".tts-s"));
      if (span) playSegment(+span.dataset.ttsSeg);
    });
  }

  function now() { return typeof pending === "number" ? pending : audio.currentTime || 0; }

  function segAt(t) {
    let found = -1;
    segs.forEach((s, i) => { if (s.start != null && s.start <= t + 0.05) found = i; });
    return found;
  }

  function made() {
    for (let i = segs.length - 1; !ready && i >= 0; i--) if (segs[i].end != null) return segs[i].end;
    return duration;
  }

  function seek(t) {
    const total = totalTime();
    pending = Math.max(0, Math.min(t, total ? total - 0.05 : t));
    highlight(segAt(pending));
    update();
    resolve();
  }

  function skip(dt) { seek(now() + dt); }

  function playSegment(i) {
    if (!segs[i]) return;
    want = true;
    highlight(i);
    scrollTo(i);
    if (segs[i].start != null) return seek(segs[i].start);
    pending = { seg: i };
    resolve();
  }

  function first(i, field) {  // the first segment of segment i's sentence or paragraph
    while (i > 0 && segs[i - 1][field] === segs[i][field]) i--;
    return i;
  }

  // ±1: previous/next sentence, ±2: paragraph. "Previous" first restarts the current one.
  function step(how) {
    const field = how % 2 ? "sentence" : "paragraph", held = pending && pending.seg != null;
    const i = Math.max(held ? pending.seg : segAt(now()), 0);
    if (!segs[i]) return;
    let j = first(i, field);
    if (how < 0 && !held && (j < i || now() - segs[j].start > 1.5)) return playSegment(j);
    while (segs[j] && segs[j][field] === segs[i][field]) j += Math.sign(how);
    if (j < segs.length) playSegment(first(Math.max(j, 0), field));
  }

  // Go to `pending` once the audio allows: in the file when ready, else in the stream as far as made.
  function resolve() {
    let p = pending;
    if (p == null || failed || !url) return;
    if (p.seg != null) {
      if (!segs[p.seg] || segs[p.seg].start == null) return wait();
      p = pending = segs[p.seg].start;
    }
    if (!src || (ready && src === "stream" && !within(audio.buffered, p))) {
      reloading = !!src;
      src = ready ? "file" : "stream";
      audio.src = url;  // the same URL: once the article is ready it answers Range requests
      return;  // loadedmetadata calls again
    }
    if (audio.readyState < 1) return;
    if (src === "stream" && Math.abs(p - audio.currentTime) > 0.3 && !within(audio.buffered, p) &&
        !(p <= made() && within(audio.seekable, p))) return wait();
    if (Math.abs(p - audio.currentTime) > 0.01) audio.currentTime = p;
    pending = null;
    update();
    if (want) play();
  }

  function wait() {
    say(src ? "Still making that part; it plays when ready\u2026" : "Preparing audio\u2026", "note");
    playEl.classList.add("tts-busy");
    if (src) audio.pause();
  }

  function play() {
    want = true;
    if (failed) return retry();
    if (pending != null || !src) {
      pending = pending == null ? audio.currentTime : pending;
      return resolve();
    }
    audio.play().catch((e) => {
      if (e.name !== "NotAllowedError") return;
      want = false;
      playState(false);
      say("Press play to start listening.", "note");
    });
  }

  function pause() {
    want = false;
    if (src) audio.pause();
    playState(false);
  }

  function toggle() {
    if (!want || (audio.paused && pending == null)) return play();
    pause();
    say("Paused");
  }

  function toggleFollow() {
    store("follow", (follow = !follow) ? 1 : 0);
    followEl.setAttribute("aria-pressed", follow);
    scrollTo(cur);
  }

  function retry() {  // start over: posting the text again also restarts a failed synthesis
    save();
    src = pending = url = ready = null;
    audio.removeAttribute("src");
    id = d.ttsArticleId;
    start();
  }

  function ended() {
    if (src === "stream" && !(ready && audio.currentTime >= duration - 1)) {  // maybe early: reload there
      [src, pending] = [null, audio.currentTime];
      return manifest().then(apply, (e) => fail(e.message));
    }
    want = false;
    playState(false);
    highlight(-1);
    store("pos:" + id, null);
    say("Finished");
  }

  function audioError() {
    if (failed) return;
    manifest().then(apply, (e) => fail(e.message))
      .then(() => failed || fail("The audio could not be played. Press play to try again."));
  }

  function fail(message) {
    failed = true;
    want = false;
    audio.pause();
    host.classList.add("tts-failed");
    playState(false);
    say(message, "error");
  }

  function say(text, kind) {  // every state is announced; notes and errors are also shown
    $("status").className = "tts-status" + (kind ? " tts-" + kind : "");
    $("status").textContent = text;
  }

  function playState(playing) {
    const label = playing ? "Pause" : failed ? "Try again" : "Play";
    playEl.classList.remove("tts-busy");
    playEl.setAttribute("aria-label", playEl.title = label);
    host.classList.toggle("tts-playing", playing);
  }

  function totalTime() {  // the duration, else estimated from a few segments made, or from the words
    for (let i = segs.length - 1; !duration && i > 3; i--) {
      if (segs[i].end != null) return segs[i].end * segs[segs.length - 1].char_end / Math.max(segs[i].char_end, 1);
    }
    return duration || words / WPM * 60;
  }

  function update(t = now()) {
    const total = totalTime(), pct = (x) => (100 * Math.min(x / (total || 1), 1)).toFixed(2) + "%";
    if (src && !reloading && pending == null) highlight(segAt(t));
    if (!dragging) {
      bar.max = total || 1;
      bar.value = Math.min(t, total || 1);
    }
    $("elapsed").textContent = clock(t);
    $("total").textContent = (duration ? "" : "~") + clock(total);
    bar.style.cssText = `--tts-pos:${pct(t)};--tts-made:${pct(made())}`;
    bar.setAttribute("aria-valuetext", spoken(t) + " of " + spoken(total));
    if (src && !audio.paused && Date.now() - saved > 5000) save();
  }

  function highlight(i) {
    if (i === cur) return;
    for (const s of spans[cur] || []) s.classList.remove("tts-current");
    for (const s of spans[i] || []) s.classList.add("tts-current");
    cur = i;
    if (!audio.paused) scrollTo(i);
  }

  function scrollTo(i) {  // when the sentence is out of view, or under the player stuck at the top
    const span = spans[i]?.[0], r = span?.getBoundingClientRect(), h = host.getBoundingClientRect();
    if (!span || !follow || (r.top >= (h.top < 20 ? h.bottom : 0) && r.bottom <= innerHeight)) return;
    span.scrollIntoView({ block: "center",
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  }

  function save() {
    const t = audio.currentTime;
    saved = Date.now();
    if (id && src) store("pos:" + id, t > 5 && t < totalTime() - 10 ? Math.floor(t) : null);
  }

  function key(e) {  // buttons keep Space for their click, the speed menu its arrows
    const tag = e.target.tagName, k = e.key, dir = { ArrowLeft: -1, ArrowRight: 1, "[": -2, "]": 2 }[k];
    if (e.altKey || e.ctrlKey || e.metaKey || tag === "SELECT" || (k === " " && /^(BUTTON|A)$/.test(tag))) return;
    if (k === " " || k === "k" || k === "K") toggle();
    else if (dir) e.shiftKey || !(dir % 2) ? step(dir) : skip(15 * dir);
    else return;
    e.preventDefault();
  }

  function session() {
    const ms = navigator.mediaSession, site = document.querySelector('meta[property="og:site_name"]');
    if (!window.MediaMetadata) return;
    ms.metadata = new MediaMetadata({ title, artist: site ? site.content : location.hostname });
    const handlers = {
      play, pause, seekto: (a) => seek(a.seekTime), previoustrack: () => step(-1), nexttrack: () => step(1),
      seekbackward: (a) => skip(-(a.seekOffset || 15)), seekforward: (a) => skip(a.seekOffset || 15)
    };
    for (const name in handlers) {
      try { ms.setActionHandler(name, handlers[name]); } catch (e) { /* unsupported */ }
    }
  }
}

const init = () => document.querySelectorAll("[data-tts-source],[data-tts-article-id]")
  .forEach((el) => el.ttsPlayer || (el.ttsPlayer = new Player(el)));
window.TTSPlayer = { init };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
})();
