/* tts-service player: "Click to start listening" for news pages. Plain JS, no dependencies.
 * <div data-tts-source="#article">  speaks that element's text (sent to the service on first click)
 * <div data-tts-article-id="...">   plays pre-generated audio (add data-tts-source to highlight)
 * Options: data-tts-endpoint="https://tts.example" (default: this origin), data-tts-title="..." */
(() => {
"use strict";
const KEY = "tts-player:", SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2], WPM = 150;
const SKIP = /^(NAV|BUTTON|SCRIPT|STYLE|NOSCRIPT|TEMPLATE|FIGURE|SVG|IMG|PICTURE|VIDEO|AUDIO|IFRAME|CANVAS|OBJECT|EMBED|FORM|INPUT|SELECT|TEXTAREA|ASIDE|MATH)$/;
const store = (k, v) => {  // localStorage, which may be off: store(k) reads, store(k, null) deletes
  try {
    if (v === undefined) return localStorage.getItem(KEY + k);
    if (v === null) localStorage.removeItem(KEY + k); else localStorage.setItem(KEY + k, v);
  } catch (e) { return null; }
};
// player.css draws the icons, from each button's class.
const button = (cls, act, arg, label, keys) => `<button type="button" class="tts-btn tts-${cls}" data-act="${
  act}" data-arg="${arg}" aria-label="${label}" title="${label}${keys ? ` (${keys})` : ""}"></button>`;
const TEMPLATE = `<button type="button" class="tts-start"><span>Click to start listening<span class="tts-meta">` +
  `</span></span></button><div class="tts-ui" role="group" hidden aria-describedby="tts-keys-@"><div class="tts-row">` +
  button("play", "toggle", 0, "Play", "Space") + `<span class="tts-time tts-elapsed">0:00</span>` +
  `<input type="range" class="tts-seek" min="0" max="1" step="any" value="0" aria-label="Seek">` +
  `<span class="tts-time tts-total">0:00</span></div><div class="tts-row"><div class="tts-nav">` +
  button("pp", "step", -2, "Previous paragraph", "[") +
  button("ps", "step", -1, "Previous sentence", "Shift+\u2190") +
  button("back", "skip", -15, "Back 15 seconds", "\u2190") +
  button("fwd", "skip", 15, "Forward 15 seconds", "\u2192") +
  button("ns", "step", 1, "Next sentence", "Shift+\u2192") +
  button("np", "step", 2, "Next paragraph", "]") +
  `</div><div class="tts-prefs"><select class="tts-speed" aria-label="Playback speed">` +
  SPEEDS.map((r) => `<option value="${r}">${r}\u00d7</option>`).join("") + `</select>` +
  button("follow", "toggleFollow", 0, "Follow along in the text") +
  `<a class="tts-btn tts-dl" aria-label="Download the audio (MP3)" title="Download MP3"></a></div></div>` +
  `<span class="tts-vh" id="tts-keys-@">Keys: Space or K play and pause; arrows go back or forward ` +
  `15 seconds, with Shift by sentence; [ and ] by paragraph.</span></div>` +
  `<p class="tts-status" role="status" aria-live="polite"></p><audio preload="none"></audio>`;

const clock = (s) => {
  s = Math.floor(s > 0 && isFinite(s) ? s : 0);
  const hr = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, pad = (n) => String(n).padStart(2, "0");
  return (hr ? hr + ":" + pad(m) : m) + ":" + pad(s % 60);
};
const spoken = (s) => {  // aria-valuetext: "2 minutes 5 seconds"
  s = Math.floor(s > 0 && isFinite(s) ? s : 0);
  return (s >= 60 ? Math.floor(s / 60) + " minutes " : "") + (s % 60) + " seconds";
};
const count = (text) => (text.match(/\S+/g) || []).length;
const within = (ranges, t) => {
  for (let i = 0; i < ranges.length; i++) if (ranges.start(i) <= t && t <= ranges.end(i)) return true;
  return false;
};
class Failure extends Error {}

/* An article's text as the service should speak it: a block per paragraph, heading or list item,
 * white space collapsed, blocks joined by blank lines. `runs` ties stretches of the text to the DOM
 * text nodes they came from: [textStart, node, nodeStart, length]. */
function read(root) {
  let text = "", buf = "", prefix = "", space = null, bufRuns = [];
  const runs = [];
  const push = (ch, node, i) => {
    const last = bufRuns[bufRuns.length - 1];
    if (node && last && last[1] === node && last[2] + last[3] === i && last[0] + last[3] === buf.length) last[3]++;
    else if (node) bufRuns.push([buf.length, node, i, 1]);
    buf += ch;
  };
  const flush = (next) => {
    if (buf) {
      if (text) text += "\n\n";
      for (const r of bufRuns) { r[0] += text.length; runs.push(r); }
      text += buf;
    }
    buf = ""; bufRuns = []; space = null; prefix = next;
  };
  const walk = (el) => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        for (let i = 0, s = n.data; i < s.length; i++) {
          if (/[\u00ad\u200b-\u200d\u2060\ufeff]/.test(s[i])) continue;  // invisible
          if (/\s/.test(s[i])) {
            if (buf && !space && !/\s$/.test(buf)) space = [n, i];
            continue;
          }
          if (!buf && prefix) push(prefix);
          if (space) push(" ", space[0], space[1]);
          space = null;
          push(s[i], n, i);
        }
        continue;
      }
      if (n.nodeType !== 1 || n.hidden || n.hasAttribute("data-tts-skip") || SKIP.test(n.tagName.toUpperCase()) ||
          n.getAttribute("aria-hidden") === "true" || n.classList.contains("tts-player")) continue;
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

/* [node, start, end] pieces of the DOM that hold text[a:b]. */
function pieces(runs, a, b) {
  let lo = 0, hi = runs.length;
  const out = [];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid][0] + runs[mid][3] <= a) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < runs.length && runs[i][0] < b; i++) {
    const r = runs[i], s = Math.max(a, r[0]) - r[0], e = Math.min(b, r[0] + r[3]) - r[0];
    if (e > s) out.push([r[1], r[2] + s, r[2] + e]);
  }
  return out;
}

/* Where a segment's source is in our text: at its own offsets when they agree, else found by search. */
function locate(text, seg, from) {
  let src = seg.source || seg.text || "";
  if (src && text.slice(seg.char_start, seg.char_end) === src) return [seg.char_start, seg.char_end];
  let k = src ? text.indexOf(src, from) : -1;
  if (k < 0 && src) k = text.indexOf(src = src.replace(/\s+/g, " ").trim(), from);
  return k < 0 ? null : [k, k + src.length];
}

let players = 0;

function Player(host) {
  const d = host.dataset, base = (d.ttsEndpoint || "").replace(/\/+$/, "");
  const root = d.ttsSource ? document.querySelector(d.ttsSource) : null;
  const h1 = (root && root.querySelector("h1")) || document.querySelector("h1");
  const title = d.ttsTitle || (h1 ? h1.textContent : document.title).replace(/\s+/g, " ").trim();
  let id = d.ttsArticleId || null, map = null, segs = [], spans = [], cur = -1, words = 0, url = null;
  let ready = false, duration = 0, failed = false, busy = false, reloading = false, dragging = false;
  let timer = 0, misses = 0, saved = 0, resumeAt = 0, marked = false;
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
  const startEl = $("start"), ui = $("ui"), playEl = $("play"), bar = $("seek"), speedEl = $("speed");
  const followEl = $("follow"), dl = $("dl"), statusEl = $("status");
  ui.setAttribute("aria-label", "Audio player: " + title);
  followEl.setAttribute("aria-pressed", follow);
  speedEl.value = String(rate);

  const actions = { toggle, step, skip, toggleFollow };
  startEl.onclick = start;
  ui.onclick = (e) => {
    const b = e.target.closest("[data-act]");
    if (b) actions[b.dataset.act](+b.dataset.arg);
  };
  ui.onkeydown = key;
  bar.oninput = () => { dragging = true; showTime(+bar.value); };
  bar.onchange = () => { dragging = false; seek(+bar.value); };
  speedEl.onchange = () => setRate(+speedEl.value);
  const on = (type, fn) => audio.addEventListener(type, () => src && fn());
  on("playing", () => { playState(true); say("Playing"); position(); });
  on("pause", () => {
    if (reloading) return;
    save();
    if (want && pending != null) return;  // held until the part asked for is ready
    playState(false);
    if (!audio.ended && !failed) say("Paused");
  });
  on("waiting", () => playEl.classList.add("tts-busy"));
  on("timeupdate", update);
  on("loadedmetadata", () => { reloading = false; resolve(); });
  on("ended", ended);
  on("error", audioError);
  addEventListener("pagehide", save);

  // Before the first click: the listening time, or where this reader left off.
  if (root) words = count(read(root).text);
  else if (!id) fail(`Nothing to read: no element matches ${d.ttsSource}.`);
  label();
  if (id) manifest().then((m) => { apply(m); label(); }, (e) => fail(e.message));

  function label() {
    const pos = id && +store("pos:" + id), total = totalTime();
    $("meta").textContent = pos ? " \u00b7 resume at " + clock(pos) :
      total ? ` \u00b7 ${Math.max(1, Math.round(total / 60))} min listen` : "";
  }

  function manifest() { return api("GET", "/api/articles/" + encodeURIComponent(id)); }

  async function api(method, path, body) {
    let res, data = null;
    try {
      res = await fetch(base + path, { method, credentials: "omit", body: body && JSON.stringify(body),
        headers: body ? { "Content-Type": "application/json" } : {} });
    } catch (e) {
      throw new Failure("Can\u2019t reach the listening service. Check your connection and try again.");
    }
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (res.ok && data) return data;
    const why = (data && data.error) || "error " + res.status;
    throw new Failure(res.status >= 500 || !data ?
      `The listening service is not available right now (${why}). Please try again later.` :
      `Audio unavailable: ${why}.`);
  }

  /* The first click: send the article (or look it up), then play from the start or from where this
   * reader left off. */
  async function start() {
    if (busy) return;
    busy = want = true;
    failed = false;
    host.classList.remove("tts-failed");
    host.classList.add("tts-on");
    startEl.hidden = true;
    ui.hidden = false;
    playEl.focus();
    playEl.classList.add("tts-busy");
    say("Preparing audio\u2026", "note");
    try {
      if (root && !map) map = read(root);
      if (!id) {
        if (!map) throw new Failure("The article text was not found on this page.");
        id = (await api("POST", "/api/articles", { title, text: map.text })).id;
      }
      const m = await manifest();
      url = m.audio_url || `/audio/${id}.mp3`;
      url = dl.href = /^https?:/.test(url) ? url : base + url;
      dl.download = title.slice(0, 80) + ".mp3";
      apply(m);
      if (failed) return;
      mark();
      session();
      const pos = resumeAt || +store("pos:" + id) || 0;
      if (pos) say("Resuming at " + clock(pos), "note");
      pending = pos;
      resolve();
    } catch (e) {
      fail(e instanceof Failure ? e.message : "The player stopped: " + e.message);
    } finally {
      busy = false;
    }
  }

  function apply(m) {  // a manifest: segment times as far as they are made, the duration once ready
    segs = m.segments || [];
    words = words || count(segs.map((s) => s.text).join(" "));
    if (m.status === "failed") return fail(`The audio could not be made: ${(m.error || {}).error}.`);
    if (m.status === "ready") {
      ready = true;
      duration = m.duration;
    } else poll();
    update();
    resolve();
  }

  function poll() {
    if (timer || ready || failed || !url) return;
    timer = setTimeout(() => manifest().then((m) => {
      timer = misses = 0;
      apply(m);
    }, (e) => {
      timer = 0;
      if (++misses > 5) fail(e.message); else poll();
    }), 1000);
  }

  function mark() {  // wrap each segment's text in spans: all that highlighting and clicks need
    if (!map || marked) return;
    const all = [];
    let from = 0;
    segs.forEach((seg, i) => {
      const at = locate(map.text, seg, from);
      if (at) for (const p of pieces(map.runs, at[0], from = at[1])) all.push([...p, i]);
    });
    spans = segs.map(() => []);
    for (const [node, s, e, i] of all.reverse()) {  // from the end: earlier offsets stay valid
      if (e < node.data.length) node.splitText(e);
      const part = s > 0 ? node.splitText(s) : node, span = document.createElement("span");
      span.className = "tts-s";
      span.dataset.ttsSeg = i;
      part.replaceWith(span);
      span.append(part);
      spans[i].unshift(span);
    }
    marked = true;
    root.classList.add("tts-marked");
    root.addEventListener("click", clicked);
  }

  function clicked(e) {  // a sentence, or a paragraph from its first sentence; not links or selections
    const t = e.target, sel = getSelection();
    if (failed || !sel.isCollapsed || t.closest("a,button,input,select,textarea,label")) return;
    const block = t.closest("p,li,h1,h2,h3,h4,h5,h6,blockquote,dd,dt,td,th");
    const span = t.closest(".tts-s") || (block && root.contains(block) && block.querySelector(".tts-s"));
    if (span) playSegment(+span.dataset.ttsSeg);
  }

  /* ---- moving around ---- */

  function now() { return typeof pending === "number" ? pending : audio.currentTime || 0; }

  function segAt(t) {
    let lo = 0, hi = segs.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1, s = segs[mid];
      if (s.start != null && s.start <= t + 0.05) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  function made() {  // seconds of audio the service has made so far
    if (ready) return duration;
    for (let i = segs.length - 1; i >= 0; i--) if (segs[i].end != null) return segs[i].end;
    return 0;
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
    const s = segs[i];
    if (!s) return;
    want = true;
    highlight(i);
    scrollTo(i, true);
    if (s.start != null) return seek(s.start);
    pending = { seg: i };
    resolve();
  }

  function first(i, field) {  // the first segment of the sentence or paragraph that holds segment i
    while (i > 0 && segs[i - 1][field] === segs[i][field]) i--;
    return i;
  }

  /* ±1: previous/next sentence, ±2: paragraph. "Previous" restarts the current one if well into it. */
  function step(how) {
    const field = Math.abs(how) > 1 ? "paragraph" : "sentence", held = pending && typeof pending === "object";
    const i = Math.max(held ? pending.seg : segAt(now()), 0);
    if (!segs[i]) return;
    let j = first(i, field);
    if (how < 0 && !held && (j < i || now() - (segs[j].start || 0) > 1.5)) return playSegment(j);
    while (j >= 0 && j < segs.length && segs[j][field] === segs[i][field]) j += Math.sign(how);
    if (j < segs.length) playSegment(first(Math.max(j, 0), field));
  }

  /* Go where `pending` says as soon as the audio allows: in the seekable file once the article is
   * ready; before that in the progressive stream, within what the service has already made. */
  function resolve() {
    let p = pending;
    if (p == null || failed || !url) return;
    if (typeof p === "object") {
      const s = segs[p.seg];
      if (!s || s.start == null) return wait();
      p = pending = s.start;
    }
    if (!src || (ready && src === "stream" && !within(audio.buffered, p))) {
      reloading = !!src;
      src = ready ? "file" : "stream";
      audio.preload = "auto";
      audio.src = url;  // the same URL: once the article is ready it answers Range requests
      audio.defaultPlaybackRate = audio.playbackRate = rate;
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
    say(src ? "That part is still being prepared; it plays as soon as it is ready\u2026" : "Preparing audio\u2026", "note");
    playEl.classList.add("tts-busy");
    if (src) audio.pause();
  }

  function play() {
    want = true;
    if (failed) return retry();
    if (pending != null || !src) {
      if (pending == null) pending = audio.currentTime;
      return resolve();
    }
    audio.play().catch((e) => {
      if (e.name !== "NotAllowedError") return;  // the browser wants a click on play first
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
    follow = !follow;
    store("follow", follow ? "1" : "0");
    followEl.setAttribute("aria-pressed", follow);
    say(follow ? "The text follows the audio" : "The text stays put");
    if (follow) scrollTo(cur, true);
  }

  function retry() {  // start over: posting the text again also restarts a failed synthesis
    if (src) resumeAt = audio.currentTime;
    src = pending = url = null;
    ready = false;
    audio.removeAttribute("src");
    if (!d.ttsArticleId) id = null;
    start();
  }

  function setRate(r) {
    rate = audio.defaultPlaybackRate = audio.playbackRate = r;
    store("rate", String(r));
    say(`Speed ${r}\u00d7`);
    position();
  }

  function ended() {
    const t = audio.currentTime;
    if (src === "stream" && !(ready && t >= duration - 1)) {
      pending = t;  // the stream stopped early: go on from the file once it is ready
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
    const network = audio.error && audio.error.code === 2;
    manifest().then((m) => {
      apply(m);
      if (!failed) fail(`The audio could not be played${network ? " (network error)" : ""}. Press play to try again.`);
    }, (e) => fail(e.message));
  }

  function fail(message) {
    failed = true;
    want = false;
    clearTimeout(timer);
    timer = 0;
    host.classList.add("tts-failed");
    playState(false);
    say(message, "error");
  }

  /* ---- showing state ---- */

  function say(text, kind) {  // every state is announced; notes and errors are also shown
    statusEl.className = "tts-status" + (kind ? " tts-" + kind : "");
    statusEl.textContent = text;
  }

  function playState(playing) {
    const label = playing ? "Pause" : failed ? "Try again" : "Play";
    playEl.classList.remove("tts-busy");
    playEl.setAttribute("aria-label", label);
    playEl.title = label + " (Space)";
    host.classList.toggle("tts-playing", playing);
    if (navigator.mediaSession) navigator.mediaSession.playbackState = playing ? "playing" : "paused";
  }

  function totalTime() {  // the duration; before that an estimate from what is made, or from words
    if (duration) return duration;
    for (let i = segs.length - 1; i >= 0; i--) {
      if (segs[i].end != null) return segs[i].end * segs[segs.length - 1].char_end / Math.max(segs[i].char_end, 1);
    }
    return words / WPM * 60;
  }

  function update() {
    const t = now(), total = totalTime();
    if (src && !reloading && pending == null) highlight(segAt(t));
    if (!dragging) {
      bar.max = total || 1;
      bar.value = Math.min(t, total || 1);
      showTime(t);
    }
    $("total").textContent = (duration ? "" : "~") + clock(total);
    bar.setAttribute("aria-valuetext", spoken(t) + " of " + spoken(total));
    if (src && !audio.paused && Date.now() - saved > 5000) save();
  }

  function showTime(t) {
    const total = totalTime() || 1, pct = (x) => (100 * Math.min(x / total, 1)).toFixed(2) + "%";
    $("elapsed").textContent = clock(t);
    bar.style.setProperty("--tts-pos", pct(t));
    bar.style.setProperty("--tts-made", pct(made()));
  }

  function highlight(i) {
    if (i === cur) return;
    for (const s of spans[cur] || []) s.classList.remove("tts-current");
    for (const s of spans[i] || []) s.classList.add("tts-current");
    cur = i;
    if (!audio.paused) scrollTo(i);
  }

  function scrollTo(i, force) {  // when the sentence is out of view, or under a sticky player
    const span = (spans[i] || [])[0];
    if (!span || !follow) return;
    const r = span.getBoundingClientRect(), top = Math.max(0, host.getBoundingClientRect().bottom);
    if (!force && r.top >= top && r.bottom <= innerHeight) return;
    span.scrollIntoView({ block: "center",
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  }

  function save() {
    if (!id || !src) return;
    const t = audio.currentTime;
    saved = Date.now();
    store("pos:" + id, t > 5 && t < totalTime() - 10 ? String(Math.floor(t)) : null);
  }

  function key(e) {
    const tag = e.target.tagName, k = e.key.toLowerCase(), shift = e.shiftKey;
    if (e.altKey || e.ctrlKey || e.metaKey || (tag === "SELECT" && k !== "k")) return;
    if ((tag === "BUTTON" || tag === "A") && (k === " " || k === "enter")) return;  // their own click
    if (k === " " || k === "k") toggle();
    else if (k === "arrowleft" || k === "j") shift ? step(-1) : skip(-15);
    else if (k === "arrowright" || k === "l") shift ? step(1) : skip(15);
    else if (k === "[" || k === "]") step(k === "[" ? -2 : 2);
    else if (tag === "INPUT" && (k === "home" || k === "end")) seek(k === "home" ? 0 : totalTime());
    else return;
    e.preventDefault();
  }

  /* ---- Media Session: lock screen, headset and notification controls ---- */

  function session() {
    const ms = navigator.mediaSession, og = (p) => (document.querySelector(`meta[property="og:${p}"]`) || {}).content;
    if (!ms) return;
    try {
      ms.metadata = new MediaMetadata({ title, artist: og("site_name") || location.hostname,
        artwork: og("image") ? [{ src: og("image") }] : [] });
    } catch (e) { /* no MediaMetadata */ }
    const handlers = {
      play, pause, seekto: (a) => seek(a.seekTime),
      seekbackward: (a) => skip(-(a.seekOffset || 15)), seekforward: (a) => skip(a.seekOffset || 15),
      previoustrack: () => step(-1), nexttrack: () => step(1)
    };
    for (const name in handlers) {
      try { ms.setActionHandler(name, handlers[name]); } catch (e) { /* unsupported action */ }
    }
  }

  function position() {
    const ms = navigator.mediaSession;
    if (!ms || !ms.setPositionState || !duration) return;
    try {
      ms.setPositionState({ duration, playbackRate: rate, position: Math.min(audio.currentTime || 0, duration) });
    } catch (e) { /* inconsistent while loading */ }
  }
}

const init = () => {
  for (const el of document.querySelectorAll("[data-tts-source],[data-tts-article-id]")) {
    if (!el.ttsPlayer) el.ttsPlayer = new Player(el);
  }
};
window.TTSPlayer = { init };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
})();
