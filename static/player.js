/* tts-service player (README). `state` changes only in set(), which redraws. */
(() => {
"use strict";
const KEY = "tts-player:", SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2], WPM = 150;
const SKIP = "[data-tts-skip],[aria-hidden=true],.tts-player,nav,aside,figure,button,form,input,select,textarea," +
  "script,style,noscript,template,svg,math,img,video,audio,iframe,canvas,object";
const store = (k, v) => {  // store(k) reads, store(k, null) deletes
  try {
    const l = localStorage;
    return v === undefined ? l.getItem(KEY + k) : v === null ? l.removeItem(KEY + k) : l.setItem(KEY + k, v);
  } catch (e) { return null; }
};
const TEMPLATE = (`<button type="button" class="tts-start"><span>Click to start listening<span class="tts-meta">` +
  `</span></span></button><div class="tts-ui" role="group" aria-describedby="tts-keys-@">` +
  `<div class="tts-row">[play toggle 0 Play]<span class="tts-time tts-elapsed"></span>` +
  `<input type="range" class="tts-seek" step="any" aria-label="Seek"><span class="tts-time tts-total"></span>` +
  `</div><div class="tts-row"><div class="tts-nav">[pp step -2 Previous paragraph][ps step -1 Previous sentence]` +
  `[back skip -15 Back 15 seconds][fwd skip 15 Forward 15 seconds][ns step 1 Next sentence]` +
  `[np step 2 Next paragraph]</div><div class="tts-prefs"><select class="tts-speed" aria-label="Playback speed">` +
  SPEEDS.map((r) => `<option value="${r}">${r}\u00d7</option>`).join("") + "</select>" +
  `[follow toggleFollow 0 Follow along in the text]` +
  `<a class="tts-btn tts-dl" aria-label="Download the audio (MP3)" title="Download MP3"></a></div></div>` +
  `<span class="tts-vh" id="tts-keys-@">Keys: Space or K to play or pause; arrows skip 15 seconds, ` +
  `with Shift a sentence; [ and ] a paragraph.</span><span class="tts-vh" id="tts-hint-@">Enter plays from ` +
  `here; up and down: other sentences.</span></div>` +
  `<p class="tts-status" role="status" aria-live="polite"></p><audio preload="auto"></audio>`
).replace(/\[(\w+) (\w+) (\S+) ([^\]]+)\]/g, '<button type="button" class="tts-btn tts-$1" data-act="$2" ' +
  'data-arg="$3" aria-label="$4" title="$4"></button>');

const WORDS = document.currentScript?.src.replace(/[^/]*$/, "player-words.js");
const modified = (e) => e.altKey || e.ctrlKey || e.metaKey;
const clock = (s) => (s = s > 0 && isFinite(s) ? s : 0,
  new Date(s * 1000).toISOString().slice(s < 3600 ? 14 : 11, 19).replace(/^0/, ""));
const spoken = (s) => `${Math.floor(s / 60)} minutes ${Math.floor(s % 60)} seconds`;
const within = (r, t) => [...Array(r.length).keys()].some((i) => r.start(i) <= t && t <= r.end(i));

/* ---- The text map: the article's text, and `runs` [textStart, node, nodeStart, length] ---- */
function read(root) {
  let text = "", buf = "", prefix = "", space = null, part = [];
  const runs = [];
  const push = (ch, node, i) => {
    const r = part.at(-1);
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

const pieces = (runs, a, b) => runs  // [node, start, end] of text[a:b]
  .filter(([t, , , len]) => t < b && t + len > a)
  .map(([t, node, n, len]) => [node, n + Math.max(a, t) - t, n + Math.min(b, t + len) - t]);

function locate(text, seg, from) {  // at its own offsets, else searched
  let src = seg.source || "", k = seg.char_start;
  if (text.slice(k, seg.char_end) !== src) k = text.indexOf(src, from);
  if (k < 0) k = text.indexOf(src = src.replace(/\s+/g, " ").trim(), from);
  return src && k >= 0 ? [k, k + src.length] : null;
}

function wrap(root, map, segs, hint) {  // [spans, where each segment is]
  const all = [], spans = segs.map(() => []), locs = [];
  let from = 0;
  segs.forEach((seg, i) => {
    const at = locs[i] = locate(map.text, seg, from);
    if (at) for (const p of pieces(map.runs, at[0], from = at[1])) all.push([...p, i]);
  });
  for (const [node, s, e, i] of all.reverse()) {  // from the end: earlier offsets stay valid
    if (e < node.data.length) node.splitText(e);
    const part = s > 0 ? node.splitText(s) : node, span = document.createElement("span");
    span.className = "tts-s";
    span.dataset.ttsSeg = i;
    part.replaceWith(span);
    span.append(part);
    spans[i].unshift(span);
  }
  for (const [span] of spans) {
    span?.setAttribute("role", "button");
    span?.setAttribute("aria-describedby", hint);
  }
  root.classList.add("tts-marked");
  return [spans, locs];
}

const segAt = (s, t) => s.segs.findLastIndex((g) => g.start != null && g.start <= t + 0.05);
const made = (s) => s.ready ? s.duration : s.segs.findLast((g) => g.end != null)?.end ?? s.duration;
const total = ({ segs, duration, words }) => {
  const i = segs.findLastIndex((g) => g.end != null);
  return duration || (i > 3 ? segs[i].end * segs.at(-1).char_end / Math.max(segs[i].char_end, 1) : words / WPM * 60);
};
const shown = (s) => s.drag ?? (typeof s.pending === "number" ? s.pending : s.time);

let players = 0, words;

function Player(host) {
  const d = host.dataset, base = (d.ttsEndpoint || "").replace(/\/+$/, ""), n = players++, rate = +store("rate");
  const root = d.ttsSource && document.querySelector(d.ttsSource);
  const h1 = root?.querySelector("h1") || document.querySelector("h1");
  const title = d.ttsTitle || (h1 ? h1.textContent : document.title).replace(/\s+/g, " ").trim();
  // status: [text, "note" | "error"]
  let state = {
    phase: "idle", status: ["", ""], time: 0, duration: 0, focus: -1, open: false, id: d.ttsArticleId, segs: [], spans: [],
    rate: SPEEDS.includes(rate) ? rate : 1, follow: store("follow") !== "0",
  }, drawn = {};
  const set = (patch) => render(state = Object.freeze({ ...state, ...patch })), failed = () => state.phase === "failed";
  host.classList.add("tts-player");
  host.dataset.ttsSkip = "";
  host.setAttribute("role", "region");
  host.setAttribute("aria-label", "Listen to this article");
  host.innerHTML = TEMPLATE.replace(/@/g, n);
  const $ = (c) => host.querySelector(".tts-" + c), audio = host.querySelector("audio");
  const playEl = $("play"), bar = $("seek"), status = $("status"), actions = { toggle, step, skip, toggleFollow };
  $("ui").setAttribute("aria-label", "Audio player: " + title);
  $("dl").download = title.slice(0, 80) + ".mp3";

  function render(s) {
    const t = shown(s), sum = total(s);
    const pct = (x) => (100 * Math.min(x / (sum || 1), 1)).toFixed(2) + "%";
    const label = failed() ? "Try again" : s.want && /playing|waiting/.test(s.phase) ? "Pause" : "Play";
    const cur = s.pending?.seg ?? ((s.src || s.pending != null) && s.phase !== "finished" ? segAt(s, t) : -1);
    const stop = [s.focus, cur].find((i) => s.spans[i]?.length) ?? s.spans.findIndex((x) => x.length);
    for (const [el, c, on] of [[host, "on", s.open], [host, "failed", failed()], [host, "playing", label === "Pause"],
      [playEl, "busy", /preparing|waiting/.test(s.phase)]]) el.classList.toggle("tts-" + c, on);
    playEl.setAttribute("aria-label", playEl.title = label);
    $("start").hidden = !($("ui").hidden = !s.open);
    $("meta").textContent = s.resume ? "resume at " + clock(s.resume) : sum ? `${Math.round(sum / 60) || 1} min listen` : "";
    $("follow").setAttribute("aria-pressed", s.follow);
    $("speed").value = s.rate;
    if (s.url) $("dl").href = s.ready ? s.url.replace(/\.mp3$/, ".download.mp3") : s.url;  // tagged
    $("elapsed").textContent = clock(t);
    $("total").textContent = (s.duration ? "" : "~") + clock(sum);
    bar.setAttribute("aria-valuetext", spoken(t) + " of " + spoken(sum));
    bar.style.cssText = `--tts-pos:${pct(t)};--tts-made:${pct(made(s))}`;
    if (s.drag == null) Object.assign(bar, { max: sum || 1, value: Math.min(t, sum || 1) });
    if (s.status !== drawn.status) {
      status.className = "tts-status" + (s.status[1] ? " tts-" + s.status[1] : "");
      status.textContent = s.status[0];
    }
    s.spans.forEach((x, i) => {
      for (const span of x) span.classList.toggle("tts-current", i === cur);
      if (x[0]) x[0].tabIndex = i === stop ? 0 : -1;
    });
    if ((s.follow && !drawn.follow) || (cur !== drawn.cur && s.want)) into(s.spans[cur]?.[0]);
    drawn = { ...s, cur };
  }

  function into(el) {  // to mid-view if out of view or under the stuck player
    const r = el?.getBoundingClientRect(), h = host.getBoundingClientRect();
    if (!r || !state.follow || (r.top >= (h.top < 20 ? h.bottom : 0) && r.bottom <= innerHeight)) return;
    scrollBy({ top: r.top - innerHeight / 2,
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  }

  /* ---- What the reader does ---- */
  $("start").onclick = start;
  $("ui").onclick = (e) => {
    const b = e.target.closest("[data-act]");
    if (b) actions[b.dataset.act](+b.dataset.arg);
  };
  $("ui").onkeydown = keys;
  bar.oninput = () => set({ drag: +bar.value });
  bar.onchange = () => seek(+bar.value, { drag: null });
  $("speed").onchange = () => {
    const rate = audio.defaultPlaybackRate = audio.playbackRate = +$("speed").value;
    store("rate", rate);
    set({ rate, status: [`Speed ${rate}\u00d7`] });
  };
  root?.addEventListener("click", (e) => {  // a word, a sentence, or a paragraph from its start
    const t = e.target, block = t.closest("p,li,h1,h2,h3,h4,h5,h6,blockquote,dd,dt,td,th");
    if (!getSelection().isCollapsed || t.closest("a,button,input,select,textarea,label")) return;
    const span = t.closest(".tts-s") || (block && root.contains(block) && block.querySelector(".tts-s"));
    if (span) playSegment(+span.dataset.ttsSeg, follow?.wordAt(+span.dataset.ttsSeg, e));
  });
  root?.addEventListener("keydown", sentenceKeys);
  root?.addEventListener("focusin", (e) => set({ focus: +(e.target.dataset?.ttsSeg ?? -1) }));
  root?.addEventListener("focusout", () => set({ focus: -1 }));

  function toggle() { state.want && /playing|waiting/.test(state.phase) ? pause() : play(); }

  function toggleFollow() { store("follow", +!state.follow); set({ follow: !state.follow }); }

  function seek(t, patch) {
    const end = total(state);
    set({ ...patch, pending: Math.max(0, Math.min(t, end ? end - 0.05 : t)), ...state.phase === "finished" &&
      { phase: "paused" } });
    resolve();
  }

  function skip(dt) { seek(shown(state) + dt); }

  function playSegment(i, word) {  // from its start, or from one of its words
    const seg = !failed() && state.segs[i];
    if (seg?.start != null) return seek(seg.words?.[word]?.start ?? seg.start, { want: true });
    if (seg) set({ want: true, pending: { seg: i } });
    resolve();
  }

  function first(i, field) {
    const segs = state.segs;
    while (i > 0 && segs[i - 1][field] === segs[i][field]) i--;
    return i;
  }

  function step(how) {  // ±1 sentence, ±2 paragraph; back first restarts the current one
    const segs = state.segs, field = how % 2 ? "sentence" : "paragraph", held = state.pending?.seg != null;
    const now = shown(state), i = Math.max(held ? state.pending.seg : segAt(state, now), 0);
    if (!segs[i]) return;
    let j = first(i, field);
    if (how < 0 && !held && (j < i || now - segs[j].start > 1.5)) return playSegment(j);
    while (segs[j] && segs[j][field] === segs[i][field]) j += Math.sign(how);
    if (j < segs.length) playSegment(first(Math.max(j, 0), field));
  }

  function keys(e) {  // Space stays a button's click, arrows the speed menu's
    const tag = e.target.tagName, k = e.key, dir = { ArrowLeft: -1, ArrowRight: 1, "[": -2, "]": 2 }[k];
    if (modified(e) || tag === "SELECT" || (k === " " && /^(BUTTON|A)$/.test(tag))) return;
    if (/^[ kK]$/.test(k)) toggle();
    else if (dir) e.shiftKey || !(dir % 2) ? step(dir) : skip(15 * dir);
    else return;
    e.preventDefault();
  }

  function sentenceKeys(e) {  // Enter, Space: play from it; up, down: move
    const k = e.key, list = state.spans.map((x) => x[0]).filter(Boolean), i = list.indexOf(e.target);
    const to = { ArrowUp: i - 1, ArrowDown: i + 1 }[k];
    if (modified(e) || i < 0) return;
    if (to != null) list[to]?.focus();
    else if (k === "Enter" || k === " ") playSegment(+e.target.dataset.ttsSeg);
    else return;
    e.preventDefault();
  }

  /* ---- The audio transport ---- */
  audio.defaultPlaybackRate = state.rate;
  const on = (type, fn) => audio.addEventListener(type, () => state.src && fn());
  on("playing", () => set({ phase: "playing", status: ["Playing"] }));
  on("pause", () => {
    if (state.pending != null) return;  // held for a part not made, or switching source
    save();
    if (!audio.ended && /playing|waiting/.test(state.phase)) set({ phase: "paused", status: ["Paused"] });
  });
  on("waiting", () => state.phase === "playing" && set({ phase: "waiting" }));
  on("timeupdate", () => {
    if (state.pending == null && Math.floor(audio.currentTime) % 5 === 0) save();
    set({ time: audio.currentTime });
  });
  on("loadedmetadata", resolve);
  on("ended", () => {
    const t = audio.currentTime;
    if (state.src === "stream" && !(state.ready && t >= state.duration - 1)) {  // maybe early: reload there
      set({ src: null, pending: t, phase: "waiting" });
      return refresh();
    }
    store("pos:" + state.id, null);
    set({ want: false, phase: "finished", status: ["Finished"] });
  });
  on("error", () => failed() || refresh()
    .then(() => failed() || fail("The audio could not be played. Press play to try again.")));
  addEventListener("pagehide", save);
  setInterval(() => state.url && !state.ready && !failed() && manifest().then(apply, () => {}), 1000);

  let map = root && read(root), follow;  // follow: player-words.js
  set({ words: map?.text.match(/\S+/g)?.length || 0, resume: +store("pos:" + state.id) || 0 });
  if (state.id) refresh();
  else if (!root) fail(`Nothing to read: no element matches ${d.ttsSource}.`);

  async function start() {  // also after a failure: posting again restarts it
    if (state.phase === "preparing") return;
    save();
    set({ phase: "preparing", open: true, want: true, status: ["Preparing audio\u2026", "note"], src: null,
      pending: null, url: null, ready: false, id: d.ttsArticleId });
    audio.removeAttribute("src");
    playEl.focus();
    try {
      if (!state.id) {
        if (!map) throw Error("The article text was not found on this page.");
        set({ id: (await api("/api/articles", { title, html: root.outerHTML })).id });
      }
      const m = await manifest();
      set({ url: /^https?:/.test(m.audio_url) ? m.audio_url : base + m.audio_url });
      apply(m);
      if (failed()) return;
      if (map && !state.spans.length) {
        const [spans, locs] = wrap(root, map, state.segs, "tts-hint-" + n);
        set({ spans });
        (words ||= new Promise((onload) => document.head.append(Object.assign(document.createElement("script"),
          { src: WORDS, onload })))).then(() => follow = TTSPlayer.follow({ audio, map: read(root), locs, into,
          now: () => state }));
      }
      session();
      const pos = +store("pos:" + state.id) || 0;
      set({ pending: pos, ...pos && { status: ["Resuming at " + clock(pos), "note"] } });
      resolve();
    } catch (e) {
      fail(e.message);
    }
  }

  function manifest() { return api("/api/articles/" + encodeURIComponent(state.id)); }

  function refresh() { return manifest().then(apply, (e) => fail(e.message)); }

  async function api(path, body, k = 0) {
    const res = await fetch(base + path, { method: body && "POST", body: body && JSON.stringify(body),
      headers: body && { "Content-Type": "application/json" } }).catch(() => {
      throw Error("Can\u2019t reach the listening service. Check your connection and try again.");
    }), data = await res.json().catch(() => null);
    if (res.ok && data) return data;
    const wait = res.status == 503 && k < 9 && +res.headers.get("Retry-After");
    if (wait) return new Promise((r) => setTimeout(r, 1e3 * wait)).then(() => api(path, body, k + 1));
    const why = data?.error || "error " + res.status;
    throw Error(res.status < 500 && data ? `Audio unavailable: ${why}.` :
      `The listening service is unavailable (${why}). Try again later.`);
  }

  function apply(m) {
    set({ segs: m.segments || [], ...m.status === "ready" && { ready: true, duration: m.duration } });
    if (m.status === "failed") return fail(`The audio could not be made: ${m.error?.error}.`);
    resolve();
  }

  function resolve() {  // to `pending` when the audio allows: the file if ready, else the stream
    const s = state, seg = s.segs[s.pending?.seg];
    let p = s.pending;
    if (p == null || failed() || !s.url) return;
    if (p.seg != null) {
      if (seg?.start == null) return wait();
      set({ pending: p = seg.start });
    }
    if (!s.src || (s.ready && s.src === "stream" && !within(audio.buffered, p))) {
      set({ src: s.ready ? "file" : "stream" });
      audio.src = s.url;  // when ready, the same URL answers Range requests
      return;  // loadedmetadata calls again
    }
    if (audio.readyState < 1) return;
    if (s.src === "stream" && Math.abs(p - audio.currentTime) > 0.3 && !within(audio.buffered, p) &&
        !(p <= made(s) && within(audio.seekable, p))) return wait();
    if (Math.abs(p - audio.currentTime) > 0.01) audio.currentTime = p;
    set({ pending: null, time: p });
    if (s.want) play();
  }

  function wait() {
    set({ phase: "waiting", status: ["Still making that part; it plays when ready\u2026", "note"] });
    audio.pause();
  }

  function play() {
    if (failed()) return start();
    set({ want: true, pending: state.pending ?? (state.src ? null : audio.currentTime) });
    if (state.pending != null) return resolve();
    audio.play().catch((e) => e.name === "NotAllowedError" &&
      set({ want: false, phase: "paused", status: ["Press play to start listening.", "note"] }));
  }

  function pause() {
    set({ want: false, status: ["Paused"], ...state.want && { phase: "paused" } });
    if (state.src) audio.pause();
  }

  function fail(message) {
    set({ phase: "failed", want: false, status: [message, "error"] });
    audio.pause();
  }

  function save() {
    const t = audio.currentTime;
    if (state.id && state.src) store("pos:" + state.id, t > 5 && t < total(state) - 10 ? Math.floor(t) : null);
  }

  function session() {
    const ms = navigator.mediaSession, site = document.querySelector('meta[property="og:site_name"]');
    if (!window.MediaMetadata) return;
    ms.metadata = new MediaMetadata({ title, artist: site?.content || location.hostname });
    for (const [name, fn] of Object.entries({ play, pause, seekto: (a) => seek(a.seekTime),
      previoustrack: () => step(-1), nexttrack: () => step(1), seekbackward: (a) => skip(-(a.seekOffset || 15)),
      seekforward: (a) => skip(a.seekOffset || 15) })) try { ms.setActionHandler(name, fn); } catch (e) { /* old */ }
  }
}

const init = () => document.querySelectorAll("[data-tts-source],[data-tts-article-id]")
  .forEach((el) => el.ttsPlayer ||= new Player(el));
Object.assign(window.TTSPlayer ||= {}, { init, pieces, locate, segAt });
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
})();
