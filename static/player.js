/* tts-service player: "Click to start listening" for news pages. Plain JS, no dependencies.
 * <div data-tts-source="#article">  speaks that element's text (sent to the service on first click)
 * <div data-tts-article-id="...">   plays pre-generated audio (add data-tts-source to highlight)
 * Options: data-tts-endpoint="https://tts.example" (default: this origin), data-tts-title="..." */
(() => {
"use strict";
const KEY = "tts-player:", SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2], WPM = 150;
const SKIP = /^(NAV|BUTTON|SCRIPT|STYLE|NOSCRIPT|TEMPLATE|FIGURE|SVG|IMG|PICTURE|VIDEO|AUDIO|IFRAME|CANVAS|OBJECT|EMBED|FORM|INPUT|SELECT|TEXTAREA|ASIDE|MATH)$/;
// Played inside the click, this silent WAV lets strict browsers (iOS) play the article afterwards.
const SILENCE = "data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=";
const ICONS = {
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zM14 5h4v14h-4z",
  prev: "M6 6h2v12H6zM9.5 12l8.5 6V6z",
  next: "M16 6h2v12h-2zM6 18l8.5-6L6 6z",
  back: "M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z",
  fwd: "M12 5V2l5 4-5 4V7a6 6 0 1 0 6 6h2a8 8 0 1 1-8-8z",
  parap: "M10 6 4 12l6 6 1.4-1.4L6.8 12l4.6-4.6z",
  paran: "M14 6l6 6-6 6-1.4-1.4 4.6-4.6-4.6-4.6z",
  down: "M11 4h2v9l3.5-3.5L18 11l-6 6-6-6 1.5-1.5L11 13zM5 19h14v2H5z",
  follow: "M4 5h11v2H4zm0 4h11v2H4zm0 4h7v2H4zm13-4h2v7l2-2 1.4 1.4L18 20l-4.4-4.6L15 14l2 2z"
};
const store = (k, v) => {  // localStorage, which may be off: store(k) reads, store(k, v) writes, v null deletes
  try {
    if (v === undefined) return localStorage.getItem(KEY + k);
    if (v === null) localStorage.removeItem(KEY + k); else localStorage.setItem(KEY + k, v);
  } catch (e) { return null; }
};

const svg = (name, text, x = 12) => `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${
  ICONS[name]}"/>${text ? `<text x="${x}" y="16.2">${text}</text>` : ""}</svg>`;
const button = (cls, act, arg, label, keys, ic, text, x) => `<button type="button" class="tts-btn ${cls}" data-act="${
  act}" data-arg="${arg}" aria-label="${label}" title="${label}${keys ? ` (${keys})` : ""}">${svg(ic, text, x)}</button>`;
const TEMPLATE = `<button type="button" class="tts-start">${svg("play")}<span>Click to start listening` +
  `<span class="tts-meta"></span></span></button>` +
  `<div class="tts-ui" role="group" hidden aria-describedby="tts-keys-@"><div class="tts-row">` +
  button("tts-play", "toggle", 0, "Play", "Space", "play") +
  `<span class="tts-time tts-elapsed">0:00</span><input type="range" class="tts-seek" min="0" max="1" ` +
  `step="any" value="0" aria-label="Seek"><span class="tts-time tts-total">0:00</span></div>` +
  `<div class="tts-row tts-controls"><div class="tts-nav">` +
  button("tts-para", "step", -2, "Previous paragraph", "[", "parap", "\u00b6", 16) +
  button("", "step", -1, "Previous sentence", "Shift+\u2190", "prev") +
  button("", "skip", -15, "Back 15 seconds", "\u2190", "back", "15") +
  button("", "skip", 15, "Forward 15 seconds", "\u2192", "fwd", "15") +
  button("", "step", 1, "Next sentence", "Shift+\u2192", "next") +
  button("tts-para", "step", 2, "Next paragraph", "]", "paran", "\u00b6", 8) +
  `</div><div class="tts-prefs"><select class="tts-speed" aria-label="Playback speed">` +
  SPEEDS.map((r) => `<option value="${r}">${r}\u00d7</option>`).join("") + `</select>` +
  button("tts-follow", "toggleFollow", 0, "Follow along in the text", "", "follow") +
  `<a class="tts-btn tts-dl" aria-label="Download the audio (MP3)" title="Download MP3">${svg("down")}</a>` +
  `</div></div><span class="tts-vh" id="tts-keys-@">Keys: Space or K play and pause; arrows go back or ` +
  `forward 15 seconds, with Shift by sentence; [ and ] by paragraph.</span></div>` +
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

class Player {
  constructor(host) {
    const d = host.dataset, $ = (s) => host.querySelector(s);
    Object.assign(this, {
      host, base: (d.ttsEndpoint || "").replace(/\/+$/, ""), id: d.ttsArticleId || null,
      root: d.ttsSource ? document.querySelector(d.ttsSource) : null, segs: [], spans: [], cur: -1,
      src: null,      // null | "stream" (progressive, still being made) | "file" (seekable)
      pending: null,  // where to go as soon as the audio allows: seconds, or {seg: index}
      want: false,    // the reader wants sound
      follow: store("follow") !== "0", rate: +store("rate") || 1
    });
    if (!SPEEDS.includes(this.rate)) this.rate = 1;
    const h1 = (this.root && this.root.querySelector("h1")) || document.querySelector("h1");
    this.title = d.ttsTitle || (h1 ? h1.textContent : document.title).replace(/\s+/g, " ").trim();
    host.classList.add("tts-player");
    host.setAttribute("data-tts-skip", "");
    host.setAttribute("role", "region");
    host.setAttribute("aria-label", "Listen to this article");
    host.innerHTML = TEMPLATE.replace(/@/g, Player.count++);
    Object.assign(this, {
      startBtn: $(".tts-start"), meta: $(".tts-meta"), ui: $(".tts-ui"), playBtn: $(".tts-play"),
      elapsed: $(".tts-elapsed"), totalEl: $(".tts-total"), bar: $(".tts-seek"), speed: $(".tts-speed"),
      followBtn: $(".tts-follow"), dl: $(".tts-dl"), status: $(".tts-status"), audio: $("audio")
    });
    this.ui.setAttribute("aria-label", "Audio player: " + this.title);
    this.followBtn.setAttribute("aria-pressed", this.follow);
    this.speed.value = String(this.rate);
    this.listen();
    this.prepare();
  }

  listen() {
    const a = this.audio, on = (type, fn) => a.addEventListener(type, () => { if (this.src) fn(); });
    this.startBtn.onclick = () => this.start();
    this.ui.addEventListener("click", (e) => {
      const b = e.target.closest("[data-act]");
      if (b) this[b.dataset.act](+b.dataset.arg);
    });
    this.ui.addEventListener("keydown", (e) => this.key(e));
    this.bar.addEventListener("input", () => { this.dragging = true; this.showTime(+this.bar.value); });
    this.bar.addEventListener("change", () => { this.dragging = false; this.seek(+this.bar.value); });
    this.speed.onchange = () => this.setRate(+this.speed.value);
    // Events of the article's audio only, not of the silent unlocking sound.
    on("play", () => document.dispatchEvent(new CustomEvent("tts-player:play", { detail: this })));
    on("playing", () => { this.playState(true); this.say("Playing"); this.tick(); });
    on("pause", () => {
      if (this.reloading) return;
      this.save();
      if (this.want && this.pending != null) return;  // held until the part asked for is ready
      this.playState(false);
      if (!a.ended && !this.failed) this.say("Paused");
    });
    on("waiting", () => this.playBtn.classList.add("tts-busy"));
    on("timeupdate", () => this.update());
    on("loadedmetadata", () => { this.reloading = false; this.resolve(); });
    on("ended", () => this.ended());
    on("error", () => this.audioError());
    document.addEventListener("tts-player:play", (e) => { if (e.detail !== this) this.pause(); });
    addEventListener("pagehide", () => this.save());
    for (const t of ["wheel", "touchmove"]) addEventListener(t, () => { this.scrolled = Date.now(); }, { passive: true });
  }

  /* Before the first click: the listening time, or where this reader left off. */
  prepare() {
    if (this.root) this.words = count(read(this.root).text);
    else if (!this.id) this.fail(`Nothing to read: no element matches ${this.host.dataset.ttsSource}.`);
    this.label();
    if (this.id) this.manifest().then((m) => { this.apply(m); this.label(); }, (e) => this.fail(e.message));
  }

  label() {
    const pos = this.id && +store("pos:" + this.id), total = this.totalTime();
    this.meta.textContent = pos ? " \u00b7 resume at " + clock(pos) :
      total ? ` \u00b7 ${Math.max(1, Math.round(total / 60))} min listen` : "";
  }

  url(path) { return /^https?:/.test(path) ? path : this.base + path; }

  manifest() { return this.api("GET", "/api/articles/" + encodeURIComponent(this.id)); }

  async api(method, path, body) {
    let res, data = null;
    try {
      res = await fetch(this.url(path), { method, credentials: "omit", body: body && JSON.stringify(body),
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
  async start() {
    if (this.busy) return;
    this.busy = true;
    this.failed = false;
    this.host.classList.remove("tts-failed");
    this.unlock();
    this.startBtn.hidden = true;
    this.ui.hidden = false;
    this.host.classList.add("tts-on");
    this.playBtn.focus();
    this.playBtn.classList.add("tts-busy");
    this.say("Preparing audio\u2026");
    this.want = true;
    try {
      if (this.root && !this.map) this.map = read(this.root);
      if (!this.id) {
        if (!this.map) throw new Failure("The article text was not found on this page.");
        this.id = (await this.api("POST", "/api/articles", { title: this.title, text: this.map.text })).id;
      }
      const m = await this.manifest();
      this.audioUrl = this.dl.href = this.url(m.audio_url || `/audio/${this.id}.mp3`);
      this.dl.download = this.title.slice(0, 80) + ".mp3";
      this.apply(m);
      if (this.failed) return;
      this.mark();
      this.session();
      const pos = this.resumeAt || +store("pos:" + this.id) || 0;
      if (pos) this.say("Resuming at " + clock(pos));
      this.pending = pos;
      this.resolve();
    } catch (e) {
      this.fail(e instanceof Failure ? e.message : "The player stopped: " + e.message);
    } finally {
      this.busy = false;
    }
  }

  unlock() {
    const a = this.audio;
    if (a.src) return;
    a.src = SILENCE;
    const p = a.play();
    if (p) p.catch(() => { /* replaced by the article's audio */ });
  }

  /* Take in a manifest: segment times as far as they are made, the duration once ready. */
  apply(m) {
    this.segs = m.segments || [];
    this.words = this.words || count(this.segs.map((s) => s.text).join(" "));
    if (m.status === "failed") {
      return this.fail(`The audio could not be made: ${(m.error || {}).error || "unknown error"}.`);
    }
    if (m.status === "ready") {
      this.ready = true;
      this.duration = m.duration;
    } else this.poll();
    this.update();
    this.resolve();
  }

  poll() {
    if (this.timer || this.ready || this.failed || !this.audioUrl) return;
    this.timer = setTimeout(() => this.manifest().then((m) => {
      this.timer = this.misses = 0;
      this.apply(m);
    }, (e) => {
      this.timer = 0;
      if (++this.misses > 5) this.fail(e.message); else this.poll();
    }), 1000);
  }

  /* Wrap each segment's text in spans: all that highlighting and click-to-play need. */
  mark() {
    if (!this.map || this.marked) return;
    this.marked = true;
    const byNode = new Map();
    let from = 0;
    this.segs.forEach((seg, i) => {
      const at = locate(this.map.text, seg, from);
      if (!at) return;
      from = at[1];
      for (const [node, s, e] of pieces(this.map.runs, at[0], at[1])) {
        if (!byNode.has(node)) byNode.set(node, []);
        byNode.get(node).push([s, e, i]);
      }
    });
    byNode.forEach((list, node) => {
      list.sort((x, y) => y[0] - x[0]);  // from the end, so that earlier offsets stay valid
      for (const [s, e, i] of list) {
        if (e < node.data.length) node.splitText(e);
        const part = s > 0 ? node.splitText(s) : node, span = document.createElement("span");
        span.className = "tts-s";
        span.dataset.ttsSeg = i;
        part.replaceWith(span);
        span.append(part);
      }
    });
    this.spans = this.segs.map(() => []);
    for (const s of this.root.querySelectorAll(".tts-s")) (this.spans[s.dataset.ttsSeg] || []).push(s);
    this.root.classList.add("tts-marked");
    this.root.addEventListener("click", (e) => this.clicked(e));
  }

  clicked(e) {
    const t = e.target, sel = getSelection();
    if (this.failed || (sel && !sel.isCollapsed) || t.closest("a,button,input,select,textarea,label")) return;
    let span = t.closest(".tts-s");
    if (!span && t !== this.root) {  // a paragraph: from its first sentence
      const block = t.closest("p,li,h1,h2,h3,h4,h5,h6,blockquote,dd,dt,td,th");
      span = block && this.root.contains(block) && block.querySelector(".tts-s");
    }
    if (span) this.playSegment(+span.dataset.ttsSeg);
  }

  /* ---- moving around ---- */

  now() { return typeof this.pending === "number" ? this.pending : this.audio.currentTime || 0; }

  segAt(t) {
    let lo = 0, hi = this.segs.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1, s = this.segs[mid];
      if (s.start != null && s.start <= t + 0.05) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  made() {  // seconds of audio the service has made so far
    if (this.ready) return this.duration;
    for (let i = this.segs.length - 1; i >= 0; i--) if (this.segs[i].end != null) return this.segs[i].end;
    return 0;
  }

  seek(t) {
    const total = this.totalTime();
    this.pending = Math.max(0, Math.min(t, total ? total - 0.05 : t));
    this.highlight(this.segAt(this.pending));
    this.update();
    this.resolve();
  }

  skip(dt) { this.seek(this.now() + dt); }

  playSegment(i) {
    const s = this.segs[i];
    if (!s) return;
    this.want = true;
    this.highlight(i);
    this.scrollTo(i, true);
    if (s.start != null) this.seek(s.start);
    else { this.pending = { seg: i }; this.resolve(); }
  }

  first(i, field) {  // the first segment of the sentence or paragraph that holds segment i
    while (i > 0 && this.segs[i - 1][field] === this.segs[i][field]) i--;
    return i;
  }

  /* ±1: previous/next sentence, ±2: paragraph. "Previous" restarts the current one if well into it. */
  step(how) {
    const segs = this.segs, p = this.pending, field = Math.abs(how) > 1 ? "paragraph" : "sentence", dir = Math.sign(how);
    const held = p && typeof p === "object", i = Math.max(held ? p.seg : this.segAt(this.now()), 0);
    if (!segs[i]) return;
    let j = this.first(i, field);
    if (dir < 0 && !held && (j < i || this.now() - (segs[j].start || 0) > 1.5)) return this.playSegment(j);
    while (j >= 0 && j < segs.length && segs[j][field] === segs[i][field]) j += dir;
    if (j < segs.length) this.playSegment(this.first(Math.max(j, 0), field));
  }

  /* Go where `pending` says as soon as the audio allows: in the seekable file once the article is
   * ready; before that in the progressive stream, within what the service has already made. */
  resolve() {
    const a = this.audio;
    let p = this.pending;
    if (p == null || this.failed || !this.audioUrl) return;
    if (typeof p === "object") {
      const s = this.segs[p.seg];
      if (!s || s.start == null) return this.wait();
      p = this.pending = s.start;
    }
    if (!this.src || (this.ready && this.src === "stream" && !within(a.buffered, p))) {
      return this.load(this.ready ? "file" : "stream");
    }
    if (a.readyState < 1) return;  // loadedmetadata calls again
    if (this.src === "stream" && Math.abs(p - a.currentTime) > 0.3 && !within(a.buffered, p) &&
        !(p <= this.made() && within(a.seekable, p))) return this.wait();
    if (Math.abs(p - a.currentTime) > 0.01) a.currentTime = p;
    this.pending = null;
    this.update();
    if (this.want) this.play();
  }

  wait() {
    this.say(this.src ? "That part is still being prepared; it plays as soon as it is ready\u2026" :
      "Preparing audio\u2026");
    this.playBtn.classList.add("tts-busy");
    if (this.src && !this.audio.paused) this.audio.pause();
  }

  load(kind) {
    const a = this.audio;
    this.reloading = !!this.src;
    this.src = kind;
    a.preload = "auto";
    a.src = this.audioUrl;  // the same URL: once the article is ready it answers Range requests
    a.defaultPlaybackRate = a.playbackRate = this.rate;
  }

  play() {
    this.want = true;
    if (this.failed) return this.retry();
    if (this.pending != null || !this.src) {
      if (this.pending == null) this.pending = this.audio.currentTime;
      return this.resolve();
    }
    this.audio.play().catch((e) => {
      if (e.name !== "NotAllowedError") return;
      this.want = false;
      this.playState(false);
      this.say("Press play to start listening.");
    });
  }

  pause() {
    this.want = false;
    if (this.src) this.audio.pause();
    this.playState(false);
  }

  toggle() {
    if (this.failed) return this.retry();
    if (this.want && (!this.audio.paused || this.pending != null)) {
      this.pause();
      this.say("Paused");
    } else this.play();
  }

  toggleFollow() {
    this.follow = !this.follow;
    store("follow", this.follow ? "1" : "0");
    this.followBtn.setAttribute("aria-pressed", this.follow);
    this.say(this.follow ? "The text follows the audio" : "The text stays put");
    if (this.follow) this.scrollTo(this.cur, true);
  }

  retry() {  // start over: posting the text again also restarts a failed synthesis
    if (this.src) this.resumeAt = this.audio.currentTime;
    this.src = this.pending = this.audioUrl = null;
    this.ready = false;
    this.audio.removeAttribute("src");
    if (!this.host.dataset.ttsArticleId) this.id = null;
    this.start();
  }

  setRate(r) {
    this.rate = r;
    this.audio.defaultPlaybackRate = this.audio.playbackRate = r;
    store("rate", String(r));
    this.say(`Speed ${r}\u00d7`);
    this.position();
  }

  ended() {
    const t = this.audio.currentTime;
    if (this.src === "stream" && !(this.ready && t >= this.duration - 1)) {
      this.pending = t;  // the stream stopped early: go on from the file once it is ready
      return this.manifest().then((m) => this.apply(m), (e) => this.fail(e.message));
    }
    this.want = false;
    this.playState(false);
    this.highlight(-1);
    store("pos:" + this.id, null);
    this.say("Finished");
  }

  audioError() {
    if (this.failed) return;
    const network = this.audio.error && this.audio.error.code === 2;
    this.manifest().then((m) => {
      this.apply(m);
      if (!this.failed) this.fail(`The audio could not be played${network ? " (network error)" : ""}. Press play to try again.`);
    }, (e) => this.fail(e.message));
  }

  fail(message) {
    this.failed = true;
    this.want = false;
    clearTimeout(this.timer);
    this.timer = 0;
    this.host.classList.add("tts-failed");
    this.playState(false);
    this.say(message, true);
  }

  /* ---- showing state ---- */

  say(text, error) {
    this.status.classList.toggle("tts-error", !!error);
    this.status.textContent = text;
  }

  playState(playing) {
    const b = this.playBtn, label = playing ? "Pause" : this.failed ? "Try again" : "Play";
    b.classList.remove("tts-busy");
    b.setAttribute("aria-label", label);
    b.title = label + " (Space)";
    b.innerHTML = svg(playing ? "pause" : "play");
    this.host.classList.toggle("tts-playing", playing);
    if (navigator.mediaSession) navigator.mediaSession.playbackState = playing ? "playing" : "paused";
  }

  totalTime() {  // the duration; before that an estimate from what is made, or from the word count
    if (this.duration) return this.duration;
    const segs = this.segs, last = segs[segs.length - 1];
    for (let i = segs.length - 1; i >= 0; i--) {
      if (segs[i].end != null) return segs[i].end * last.char_end / Math.max(segs[i].char_end, 1);
    }
    return this.words ? this.words / WPM * 60 : 0;
  }

  update() {
    const t = this.now(), total = this.totalTime();
    if (this.src && !this.reloading && this.pending == null) this.highlight(this.segAt(t));
    if (!this.dragging) {
      this.bar.max = total || 1;
      this.bar.value = Math.min(t, total || 1);
      this.showTime(t);
    }
    this.totalEl.textContent = (this.duration ? "" : "~") + clock(total);
    this.bar.setAttribute("aria-valuetext", spoken(t) + " of " + spoken(total));
    if (this.src && !this.audio.paused && Date.now() - (this.saved || 0) > 5000) this.save();
  }

  showTime(t) {
    const total = this.totalTime() || 1, pct = (x) => (100 * Math.min(x / total, 1)).toFixed(2) + "%";
    this.elapsed.textContent = clock(t);
    this.bar.style.setProperty("--tts-pos", pct(t));
    this.bar.style.setProperty("--tts-made", pct(this.made()));
  }

  tick() {  // follow the audio closely while it plays: timeupdate alone lags up to 250 ms
    if (this.ticking) return;
    this.ticking = true;
    const frame = () => {
      if (this.audio.paused) return (this.ticking = false);
      if (this.src && this.pending == null && !this.reloading) this.highlight(this.segAt(this.audio.currentTime));
      requestAnimationFrame(frame);
    };
    frame();
    this.position();
  }

  highlight(i) {
    if (i === this.cur) return;
    for (const s of this.spans[this.cur] || []) s.classList.remove("tts-current");
    for (const s of this.spans[i] || []) s.classList.add("tts-current");
    this.cur = i;
    if (!this.audio.paused) this.scrollTo(i, false);
  }

  scrollTo(i, force) {  // only when the sentence is out of view, and not just after the reader scrolled
    const span = (this.spans[i] || [])[0];
    if (!span || !this.follow || (!force && Date.now() - (this.scrolled || 0) < 4000)) return;
    const r = span.getBoundingClientRect(), hr = this.host.getBoundingClientRect();
    const top = hr.top <= 1 && hr.bottom > 0 ? hr.bottom : 0;  // a stuck (sticky) player covers the top
    if (r.top >= top + 8 && r.bottom <= innerHeight - 24) return;
    span.scrollIntoView({ block: "center",
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  }

  save() {
    if (!this.id || !this.src) return;
    const t = this.audio.currentTime;
    this.saved = Date.now();
    store("pos:" + this.id, t > 5 && t < this.totalTime() - 10 ? String(Math.floor(t)) : null);
  }

  key(e) {
    const tag = e.target.tagName, k = e.key;
    if (e.altKey || e.ctrlKey || e.metaKey || (tag === "SELECT" && k !== "k")) return;
    if ((tag === "BUTTON" || tag === "A") && (k === " " || k === "Enter")) return;
    if (k === " " || k === "k" || k === "K") this.toggle();
    else if (k === "ArrowLeft" || k === "j") { if (e.shiftKey) this.step(-1); else this.skip(-15); }
    else if (k === "ArrowRight" || k === "l") { if (e.shiftKey) this.step(1); else this.skip(15); }
    else if (k === "[" || k === "]") this.step(k === "[" ? -2 : 2);
    else if (tag === "INPUT" && (k === "Home" || k === "End")) this.seek(k === "Home" ? 0 : this.totalTime());
    else return;
    e.preventDefault();
  }

  /* ---- Media Session: lock screen, headset and notification controls ---- */

  session() {
    const ms = navigator.mediaSession, og = (p) => (document.querySelector(`meta[property="og:${p}"]`) || {}).content;
    if (!ms) return;
    try {
      ms.metadata = new MediaMetadata({ title: this.title, artist: og("site_name") || location.hostname,
        artwork: og("image") ? [{ src: og("image") }] : [] });
    } catch (e) { /* no MediaMetadata */ }
    const actions = {
      play: () => this.play(), pause: () => this.pause(),
      seekbackward: (d) => this.skip(-(d.seekOffset || 15)), seekforward: (d) => this.skip(d.seekOffset || 15),
      previoustrack: () => this.step(-1), nexttrack: () => this.step(1), seekto: (d) => this.seek(d.seekTime)
    };
    for (const name in actions) {
      try { ms.setActionHandler(name, actions[name]); } catch (e) { /* unsupported action */ }
    }
  }

  position() {
    const ms = navigator.mediaSession;
    if (!ms || !ms.setPositionState || !this.duration) return;
    try {
      ms.setPositionState({ duration: this.duration, playbackRate: this.rate,
        position: Math.min(this.audio.currentTime || 0, this.duration) });
    } catch (e) { /* inconsistent while loading */ }
  }
}
Player.count = 0;

const init = () => {
  for (const el of document.querySelectorAll("[data-tts-source],[data-tts-article-id]")) {
    if (!el.ttsPlayer) el.ttsPlayer = new Player(el);
  }
};
window.TTSPlayer = { init };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
})();
