/* tts-service player (README, "Embedding the player"). The one file a page loads; the first play
 * fetches player-words.js, the word follower: TTSPlayer.follow(player) is given { now, segmentAt,
 * place, find, range, reveal } and returns { update, wordAt } (documented at the top of that file,
 * built in followWords below); it reads nothing else of this file's. One module each:
 *   TextMap    the article's DOM read as text, as the server reads it, and where each character is
 *   View       the player's DOM, drawn from `state`
 *   Controls   buttons, keys, seek bar, speed, clicks on the text, lock-screen controls
 *   Transport  the <audio>: progressive stream or cached file, seeking, the place kept
 *   Player     `state`, set() (the one function that changes it, and redraws), the article's life
 * Public: TTSPlayer.init() starts players added to the page since (it runs once by itself). */
(() => {
"use strict";

/* ---- Shared: settings, the reader's saved choices, formatting ---- */

const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
const WORDS_PER_MINUTE = 150;  // for the length shown before any audio is made
// Never read aloud (as the server reads the HTML).
const SKIPPED = "[data-tts-skip],[aria-hidden=true],.tts-player,nav,aside,figure,button,form,input," +
  "select,textarea,script,style,noscript,template,svg,math,img,video,audio,iframe,canvas,object";
const CLICKABLE_BLOCKS = "p,li,h1,h2,h3,h4,h5,h6,blockquote,dd,dt,td,th";
const STORAGE_PREFIX = "tts-player:";
// Next to this script (currentScript is set only while it first runs).
const FOLLOWER_URL = document.currentScript?.src.replace(/[^/]*$/, "player-words.js");
const ANALYTICS_URL = document.currentScript?.src.replace(/[^/]*$/, "player-analytics.js");
const NEXT_URL = FOLLOWER_URL?.replace(/[^/]*$/, "player-next.js");
// The language of a player's element, or of the closest with a lang ("de" for de-AT): not "en",
// player-i18n.js says the player's texts in it (say() in View).
const langOf = (el) => (el.closest("[lang]")?.lang || "en").split("-")[0].toLowerCase();

// The reader's speed, follow-along and places, kept across visits when storage is allowed.
function recall(key) {
  try { return localStorage.getItem(STORAGE_PREFIX + key); } catch (e) { return null; }
}

function remember(key, value) {  // null forgets
  try {
    if (value === null) localStorage.removeItem(STORAGE_PREFIX + key);
    else localStorage.setItem(STORAGE_PREFIX + key, value);
  } catch (e) { /* storage blocked: not kept */ }
}

const hasModifier = (event) => event.altKey || event.ctrlKey || event.metaKey;
const formatClock = (seconds) => (seconds = seconds > 0 && isFinite(seconds) ? seconds : 0,  // 1:05, 1:02:09
  new Date(seconds * 1000).toISOString().slice(seconds < 3600 ? 14 : 11, 19).replace(/^0/, ""));
const spokenTime = (seconds) => `${Math.floor(seconds / 60)} minutes ${Math.floor(seconds % 60)} seconds`;
// markPath: the path from a click to sound, as Performance marks (tts:click, tts:request, tts:response,
// tts:canplay, tts:playing), each once per start; with ?tts-debug or data-tts-debug they are logged.
const MARKS = ["click", "request", "response", "canplay", "playing"];
let marked = new Set();
function markPath(name) {
  if (name === "click") { marked = new Set(); MARKS.forEach((m) => performance.clearMarks("tts:" + m)); }
  if (marked.has(name) || !(name === "click" || marked.has("click"))) return;
  marked.add(name);
  const at = performance.mark("tts:" + name).startTime, click = performance.getEntriesByName("tts:click")[0];
  if (/[?&]tts-debug\b/.test(location.search) || document.querySelector("[data-tts-debug]")) {
    console.info(`tts:${name} +${(at - click.startTime).toFixed(0)} ms`);
  }
}
const covers = (timeRanges, t) =>  // an <audio>'s buffered or seekable ranges hold t
  [...Array(timeRanges.length).keys()].some((i) => timeRanges.start(i) <= t && t <= timeRanges.end(i));

/* ---- What a player's `state` implies ---- */

// The segment being said at t (begun, with 50 ms to spare), or -1.
const segmentAt = (s, t) => s.segments.findLastIndex((g) => g.start != null && g.start <= t + 0.05);

const madeUntil = (s) => s.ready ? s.duration : s.segments.findLast((g) => g.end != null)?.end ?? s.duration;

// Exact once made; else scaled by characters from the part made, or from the word count.
function totalDuration({ segments, duration, words }) {
  const last = segments.findLastIndex((g) => g.end != null);
  if (duration) return duration;
  if (last > 3) return segments[last].end * segments.at(-1).char_end / Math.max(segments[last].char_end, 1);
  return words / WORDS_PER_MINUTE * 60;
}

// The seek bar while dragged, else where the audio goes, else where it is.
const shownTime = (s) => s.drag ?? (typeof s.pending === "number" ? s.pending : s.time);

/* ---- The text map: the article's text, and where on the page each character of it is ---- */

// text: the article as the server reads its HTML (blocks apart by a blank line, whitespace collapsed,
// bullets); runs: { at, node, offset, length }: text[at:at+length] is in one DOM text node at offset.
function readText(root) {
  let text = "", block = "", bullet = "", space = null, blockRuns = [];
  const runs = [];
  const add = (chars, node, offset) => {  // node, offset: where it is on the page, if anywhere
    const last = blockRuns.at(-1);
    if (node && last && last.node === node && last.offset + last.length === offset &&
        last.at + last.length === block.length) last.length++;
    else if (node) blockRuns.push({ at: block.length, node, offset, length: 1 });
    block += chars;
  };
  const endBlock = (nextBullet) => {
    if (block) {
      if (text) text += "\n\n";
      for (const run of blockRuns) runs.push((run.at += text.length, run));
      text += block;
    }
    block = ""; blockRuns = []; space = null; bullet = nextBullet;
  };
  const walk = (element) => {
    for (let node = element.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE) {
        for (let i = 0, data = node.data; i < data.length; i++) {
          if (/\s/.test(data[i])) {  // whitespace: one space, before the next word
            if (block && !space && !/\s$/.test(block)) space = [node, i];
            continue;
          }
          if (!block && bullet) add(bullet);
          if (space) add(" ", ...space);
          space = null;
          add(data[i], node, i);
        }
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE || node.matches(SKIPPED)) continue;
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden") continue;
      if (node.tagName === "BR") {
        if (block && !/\n$/.test(block)) add("\n");
        space = null;
        continue;
      }
      const isBlock = !/^(inline|contents|ruby)/.test(style.display);
      if (isBlock) endBlock(node.tagName === "LI" ? "\u2022 " : "");
      walk(node);
      if (isBlock) endBlock("");
    }
  };
  walk(root);
  endBlock("");
  return { text, runs };
}

// text[start:end] on the page: { node, start, end } per DOM text node.
const piecesOf = (runs, start, end) => runs
  .filter((run) => run.at < end && run.at + run.length > start)
  .map(({ at, node, offset, length }) => ({ node, start: offset + Math.max(start, at) - at,
    end: offset + Math.min(end, at + length) - at }));

// mark() wraps each segment in <span class="tts-s">; place, find and range serve the word follower.
function TextMap(root) {
  const { text, runs: firstRuns } = readText(root);
  let runs = firstRuns, places = [];

  // [start, end] of `source` (or it with whitespace collapsed) at or after `from`, or null.
  function find(source, from) {
    let at = text.indexOf(source, from);
    if (at < 0) at = text.indexOf(source = source.replace(/\s+/g, " ").trim(), from);
    return source && at >= 0 ? [at, at + source.length] : null;
  }

  // A segment's [start, end]: its own offsets if its source is there, else searched for.
  function locate(segment, from) {
    const source = segment.source || "", at = segment.char_start;
    if (source && text.slice(at, segment.char_end) === source) return [at, at + source.length];
    return find(source, from);
  }

  // Returns the spans of each segment (one per text node it crosses).
  function mark(segments, hintId) {
    const pieces = [], spans = segments.map(() => []);
    let from = 0;
    places = segments.map((segment, i) => {
      const at = locate(segment, from);
      if (at) for (const piece of piecesOf(runs, at[0], from = at[1])) pieces.push({ ...piece, segment: i });
      return at;
    });
    for (const { node, start, end, segment } of pieces.reverse()) {  // from the end: earlier offsets stay valid
      if (end < node.data.length) node.splitText(end);
      const part = start > 0 ? node.splitText(start) : node, span = document.createElement("span");
      span.className = "tts-s";
      span.dataset.ttsSeg = segment;
      part.replaceWith(span);
      span.append(part);
      spans[segment].unshift(span);
    }
    for (const [span] of spans) {  // the first span takes the keyboard focus
      span?.setAttribute("role", "button");
      span?.setAttribute("aria-describedby", hintId);
    }
    root.classList.add("tts-marked");
    runs = null;  // text nodes were split: read again when needed
    return spans;
  }

  function range(start, end) {
    const pieces = piecesOf(runs ||= readText(root).runs, start, end);
    if (!pieces.length) return null;
    const result = new Range();
    result.setStart(pieces[0].node, pieces[0].start);
    result.setEnd(pieces.at(-1).node, pieces.at(-1).end);
    return result;
  }

  return { wordCount: text.match(/\S+/g)?.length || 0, mark, find, range, place: (i) => places[i] || null };
}

/* ---- The view: the player's DOM, drawn from the state ---- */

const button = (name, action, arg, label) => `<button type="button" class="tts-btn tts-${name}" ` +
  `data-act="${action}" data-arg="${arg}" aria-label="${label}" title="${label}"></button>`;

const template = (n) => `<button type="button" class="tts-start"><span>Click to start listening` +
  `<span class="tts-meta"></span></span></button>` +
  `<div class="tts-ui" role="group" aria-describedby="tts-keys-${n}">` +
  `<div class="tts-row">${button("play", "toggle", 0, "Play")}<span class="tts-time tts-elapsed"></span>` +
  `<input type="range" class="tts-seek" step="any" aria-label="Seek"><span class="tts-time tts-total"></span></div>` +
  `<div class="tts-row"><div class="tts-nav">` +
  button("pp", "step", -2, "Previous paragraph") + button("ps", "step", -1, "Previous sentence") +
  button("back", "skip", -15, "Back 15 seconds") + button("fwd", "skip", 15, "Forward 15 seconds") +
  button("ns", "step", 1, "Next sentence") + button("np", "step", 2, "Next paragraph") +
  `</div><div class="tts-prefs"><select class="tts-speed" aria-label="Playback speed">` +
  SPEEDS.map((rate) => `<option value="${rate}">${rate}\u00d7</option>`).join("") + "</select>" +
  button("follow", "toggleFollow", 0, "Follow along in the text") +
  `<a class="tts-btn tts-dl" aria-label="Download the audio (MP3)" title="Download MP3"></a></div></div>` +
  `<span class="tts-vh" id="tts-keys-${n}">Keys: Space or K to play or pause; arrows skip 15 seconds, ` +
  `with Shift a sentence; [ and ] a paragraph.</span>` +
  `<span class="tts-vh" id="tts-hint-${n}">Enter plays from here; up and down: other sentences.</span></div>` +
  `<p class="tts-status" role="status" aria-live="polite"></p><audio preload="auto"></audio>`;

// Builds the player in `host`; render(state) draws it; reveal(target) scrolls the text to it.
function View(host, { number, title, now }) {
  host.classList.add("tts-player");
  host.dataset.ttsSkip = "";
  host.setAttribute("role", "region");
  const lang = langOf(host), say = (text) => window.TTSPlayer.say?.(text, lang) ?? text;
  host.setAttribute("aria-label", say("Listen to this article"));
  host.innerHTML = say(template(number));
  const part = (name) => host.querySelector(".tts-" + name);
  const el = {
    start: part("start"), meta: part("meta"), ui: part("ui"), play: part("play"), seek: part("seek"),
    elapsed: part("elapsed"), total: part("total"), speed: part("speed"), follow: part("follow"),
    download: part("dl"), status: part("status"), audio: host.querySelector("audio"),
  };
  el.ui.setAttribute("aria-label", say("Audio player: " + title));
  el.download.download = title.slice(0, 80) + ".mp3";
  let drawn = {};  // what the last render drew

  function render(s) {
    const time = shownTime(s), total = totalDuration(s), failed = s.phase === "failed";
    const percent = (t) => (100 * Math.min(t / (total || 1), 1)).toFixed(2) + "%";
    const label = failed ? "Try again" : s.want && /playing|waiting/.test(s.phase) ? "Pause" : "Play";
    // The sentence lit: the one asked for, else the one at the time shown.
    const reading = s.pending?.segment ??
      ((s.source || s.pending != null) && s.phase !== "finished" ? segmentAt(s, time) : -1);
    // The one in the tab order: focused, else lit, else the first.
    const tabStop = [s.focus, reading].find((i) => s.spans[i]?.length) ?? s.spans.findIndex((x) => x.length);

    host.classList.toggle("tts-on", s.open);
    host.classList.toggle("tts-failed", failed);
    host.classList.toggle("tts-playing", label === "Pause");
    el.play.classList.toggle("tts-busy", /preparing|waiting/.test(s.phase));
    el.play.setAttribute("aria-label", el.play.title = say(label));
    el.start.hidden = !(el.ui.hidden = !s.open);
    el.meta.textContent = say(s.resume ? "resume at " + formatClock(s.resume) :
      total ? `${Math.round(total / 60) || 1} min listen` : "");
    el.follow.setAttribute("aria-pressed", s.follow);
    el.speed.value = s.rate;
    if (s.url) el.download.href = s.ready ? s.url.replace(/\.mp3$/, ".download.mp3") : s.url;  // tagged
    el.elapsed.textContent = formatClock(time);
    el.total.textContent = (s.duration ? "" : "~") + formatClock(total);
    el.seek.setAttribute("aria-valuetext", say(spokenTime(time) + " of " + spokenTime(total)));
    el.seek.style.cssText = `--tts-pos:${percent(time)};--tts-made:${percent(madeUntil(s))}`;
    if (s.drag == null) Object.assign(el.seek, { max: total || 1, value: Math.min(time, total || 1) });
    if (s.status !== drawn.status) {  // the live region speaks each change
      el.status.className = "tts-status" + (s.status[1] ? " tts-" + s.status[1] : "");
      el.status.textContent = say(s.status[0]);
    }
    s.spans.forEach((spans, i) => {
      for (const span of spans) span.classList.toggle("tts-current", i === reading);
      if (spans[0]) spans[0].tabIndex = i === tabStop ? 0 : -1;
    });
    if ((s.follow && !drawn.follow) || (reading !== drawn.reading && s.want)) reveal(s.spans[reading]?.[0]);
    drawn = { status: s.status, follow: s.follow, reading };
  }

  // When following along: to mid-view if out of view or under the stuck player.
  function reveal(target) {
    const box = target?.getBoundingClientRect(), player = host.getBoundingClientRect();
    if (!box || !now().follow || (box.top >= (player.top < 20 ? player.bottom : 0) && box.bottom <= innerHeight)) return;
    scrollBy({ top: box.top - innerHeight / 2,
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  }

  return { el, render, reveal };
}

/* ---- The controls: what the reader does ---- */

// wordAt(i, event): the word of segment i under a click (the word follower's).
function Controls({ el, root, title, now, set, transport, start, wordAt }) {
  const failed = () => now().phase === "failed";
  const actions = { toggle, step, skip, toggleFollow };  // the buttons' data-act

  el.start.onclick = start;
  el.ui.onclick = (event) => {
    const target = event.target.closest("[data-act]");
    if (target) actions[target.dataset.act](+target.dataset.arg);
  };
  el.ui.onkeydown = playerKeys;
  el.seek.oninput = () => set({ drag: +el.seek.value });
  el.seek.onchange = () => seek(+el.seek.value, { drag: null });
  el.speed.onchange = () => {
    const rate = +el.speed.value;
    transport.setRate(rate);
    remember("rate", rate);
    set({ rate, status: [`Speed ${rate}\u00d7`] });
  };
  root?.addEventListener("click", (event) => {  // a word, a sentence, or a paragraph from its start
    const target = event.target, block = target.closest(CLICKABLE_BLOCKS);
    if (!getSelection().isCollapsed || target.closest("a,button,input,select,textarea,label")) return;
    const span = target.closest(".tts-s") || (block && root.contains(block) && block.querySelector(".tts-s"));
    if (span) playSegment(+span.dataset.ttsSeg, wordAt(+span.dataset.ttsSeg, event));
  });
  root?.addEventListener("keydown", sentenceKeys);
  root?.addEventListener("focusin", (event) => set({ focus: +(event.target.dataset?.ttsSeg ?? -1) }));
  root?.addEventListener("focusout", () => set({ focus: -1 }));

  function play() { failed() ? start() : transport.play(); }

  function toggle() {
    const s = now();
    s.want && /playing|waiting/.test(s.phase) ? transport.pause() : play();
  }

  function toggleFollow() {
    remember("follow", +!now().follow);
    set({ follow: !now().follow });
  }

  function seek(t, patch) {
    const s = now(), end = totalDuration(s);
    set({ ...patch, pending: Math.max(0, Math.min(t, end ? end - 0.05 : t)),
      ...s.phase === "finished" && { phase: "paused" } });
    transport.resolve();
  }

  function skip(seconds) { seek(shownTime(now()) + seconds); }

  // From its start or its word `word`; a segment not made plays once made.
  function playSegment(i, word) {
    const segment = !failed() && now().segments[i];
    if (segment?.start != null) return seek(segment.words?.[word]?.start ?? segment.start, { want: true });
    if (segment) set({ want: true, pending: { segment: i } });
    transport.resolve();
  }

  // The first segment of segment i's sentence or paragraph (field).
  function firstOf(i, field) {
    const segments = now().segments;
    while (i > 0 && segments[i - 1][field] === segments[i][field]) i--;
    return i;
  }

  // ±1 a sentence, ±2 a paragraph; back first restarts the current one.
  function step(how) {
    const s = now(), segments = s.segments, field = how % 2 ? "sentence" : "paragraph";
    const held = s.pending?.segment != null, time = shownTime(s);
    const i = Math.max(held ? s.pending.segment : segmentAt(s, time), 0);
    if (!segments[i]) return;
    let j = firstOf(i, field);
    if (how < 0 && !held && (j < i || time - segments[j].start > 1.5)) return playSegment(j);
    while (segments[j] && segments[j][field] === segments[i][field]) j += Math.sign(how);
    if (j < segments.length) playSegment(firstOf(Math.max(j, 0), field));
  }

  // Space stays a button's click, arrows the speed menu's.
  function playerKeys(event) {
    const tag = event.target.tagName, key = event.key;
    const direction = { ArrowLeft: -1, ArrowRight: 1, "[": -2, "]": 2 }[key];
    if (hasModifier(event) || tag === "SELECT" || (key === " " && /^(BUTTON|A)$/.test(tag))) return;
    if (/^[ kK]$/.test(key)) toggle();
    else if (direction) event.shiftKey || !(direction % 2) ? step(direction) : skip(15 * direction);
    else return;
    event.preventDefault();
  }

  // On a sentence: Enter or Space plays from it; up and down move.
  function sentenceKeys(event) {
    const key = event.key, sentences = now().spans.map((spans) => spans[0]).filter(Boolean);
    const i = sentences.indexOf(event.target), to = { ArrowUp: i - 1, ArrowDown: i + 1 }[key];
    if (hasModifier(event) || i < 0) return;
    if (to != null) sentences[to]?.focus();
    else if (key === "Enter" || key === " ") playSegment(+event.target.dataset.ttsSeg);
    else return;
    event.preventDefault();
  }

  // The lock screen's controls (Media Session).
  function session() {
    const site = document.querySelector('meta[property="og:site_name"]');
    if (!window.MediaMetadata) return;
    navigator.mediaSession.metadata = new MediaMetadata({ title, artist: site?.content || location.hostname });
    const handlers = {
      play, pause: transport.pause, seekto: (details) => seek(details.seekTime),
      previoustrack: () => step(-1), nexttrack: () => step(1),
      seekbackward: (details) => skip(-(details.seekOffset || 15)),
      seekforward: (details) => skip(details.seekOffset || 15),
    };
    for (const [action, handler] of Object.entries(handlers)) {
      try { navigator.mediaSession.setActionHandler(action, handler); } catch (e) { /* not in this browser */ }
    }
  }

  return { session };
}

/* ---- The audio transport ---- */

// While the article is made its audio URL streams (no Range); once ready, the same URL is the cached
// file (Range). frame() runs each animation frame while playing and on each time update.
function Transport(audio, { now, set, refresh, fail, frame }) {
  const failed = () => now().phase === "failed";
  const on = (type, handle) => audio.addEventListener(type, () => now().source && handle());
  let frameRequest = 0;  // while playing
  const frames = () => { frame(); frameRequest = !audio.paused && requestAnimationFrame(frames); };

  audio.defaultPlaybackRate = now().rate;
  on("canplay", () => markPath("canplay"));
  on("playing", () => {
    markPath("playing");
    set({ phase: "playing", status: ["Playing"] });
    frameRequest || frames();
  });
  on("pause", () => {
    if (now().pending != null) return;  // held for a part not made yet, or switching source
    save();
    if (!audio.ended && /playing|waiting/.test(now().phase)) set({ phase: "paused", status: ["Paused"] });
  });
  on("waiting", () => now().phase === "playing" && set({ phase: "waiting" }));
  on("timeupdate", () => {
    if (now().pending == null && Math.floor(audio.currentTime) % 5 === 0) save();
    set({ time: audio.currentTime });
    frame();  // a seek while paused
  });
  on("loadedmetadata", resolve);
  on("ended", () => {
    const s = now(), t = audio.currentTime;
    if (s.source === "stream" && !(s.ready && t >= s.duration - 1)) {  // maybe early: reload there
      set({ source: null, pending: t, phase: "waiting" });
      return refresh();
    }
    remember("pos:" + s.id, null);
    set({ want: false, phase: "finished", status: ["Finished"] });
  });
  on("error", () => failed() || (/^blob:/.test(audio.src) ?  // MediaSource refused (a page's policy): the URL
    (set({ source: null, pending: now().pending ?? audio.currentTime }), resolve()) : refresh()
    .then(() => failed() || fail("The audio could not be played. Press play to try again."))));
  addEventListener("pagehide", save);

  // To `pending` (a time or { segment }) when the audio allows: the file if ready, else the stream.
  function resolve() {
    const s = now(), segment = s.segments[s.pending?.segment];
    let to = s.pending;
    if (to == null || failed() || !s.url) return;
    if (to.segment != null) {
      if (segment?.start == null) return wait();
      set({ pending: to = segment.start });
    }
    if (!s.source || (s.ready && s.source === "stream" && !covers(audio.buffered, to))) {
      set({ source: s.ready ? "file" : "stream" });
      audio.src = s.url;  // when ready, the same URL answers Range requests
      return;  // loadedmetadata calls again
    }
    if (audio.readyState < 1) return;
    if (s.source === "stream" && Math.abs(to - audio.currentTime) > 0.3 && !covers(audio.buffered, to) &&
        !(to <= madeUntil(s) && covers(audio.seekable, to))) return wait();
    if (Math.abs(to - audio.currentTime) > 0.01) audio.currentTime = to;
    set({ pending: null, time: to });
    if (s.want) play();
  }

  function wait() {
    set({ phase: "waiting", status: ["Still making that part; it plays when ready\u2026", "note"] });
    audio.pause();
  }

  function play() {
    set({ want: true, pending: now().pending ?? (now().source ? null : audio.currentTime) });
    if (now().pending != null) return resolve();
    audio.play().catch((e) => e.name === "NotAllowedError" &&
      set({ want: false, phase: "paused", status: ["Press play to start listening.", "note"] }));
  }

  function pause() {
    set({ want: false, status: ["Paused"], ...now().want && { phase: "paused" } });
    if (now().source) audio.pause();
  }

  function save() {
    const s = now(), t = audio.currentTime;
    if (s.id && s.source) remember("pos:" + s.id, t > 5 && t < totalDuration(s) - 10 ? Math.floor(t) : null);
  }

  return {
    resolve, play, pause, save,
    stop: () => audio.pause(),
    unload: () => audio.removeAttribute("src"),
    setRate: (rate) => { audio.defaultPlaybackRate = audio.playbackRate = rate; },
    time: () => audio.currentTime,
  };
}

/* ---- The service's API ---- */

// GET, or POST body; a 503 with Retry-After asks again. Throws the message the reader sees.
async function request(base, path, body, attempt = 0) {
  markPath("request");
  const response = await fetch(base + path, { method: body && "POST", body: body && JSON.stringify(body),
    headers: body && { "Content-Type": "application/json" } }).catch(() => {
    throw Error("Can\u2019t reach the listening service. Check your connection and try again.");
  });
  markPath("response");
  const data = await response.json().catch(() => null);
  if (response.ok && data) return data;
  const retryAfter = response.status === 503 && attempt < 9 && +response.headers.get("Retry-After");
  if (retryAfter) {
    return new Promise((done) => setTimeout(done, 1000 * retryAfter)).then(() => request(base, path, body, attempt + 1));
  }
  const why = data?.error || "error " + response.status;
  throw Error(response.status < 500 && data ? `Audio unavailable: ${why}.` :
    `The listening service is unavailable (${why}). Try again later.`);
}

/* ---- The word follower: player-words.js, fetched once for the page on the first play ---- */

let followerScript, analyticsScript;
let blobRefused = false;  // this page's policy refused a MediaSource (blob:) for the <audio>: one trip plays by URL

function loadFollower() {
  return followerScript ||= new Promise((onload) => document.head.append(
    Object.assign(document.createElement("script"), { src: FOLLOWER_URL, onload })));
}

// Up next (player-next.js): fetched when an article ends, or at once for a player with a playlist.
let nextScript;
const upNext = (host, why) => (nextScript ||= new Promise((onload) => document.head.append(
  Object.assign(document.createElement("script"), { src: NEXT_URL, onload }))))
  .then(() => window.TTSPlayer.upNext(host, why));

/* ---- The player: one state, set(), and the article's life ---- */

let playerCount = 0;

function Player(host) {
  const data = host.dataset, number = playerCount++, base = (data.ttsEndpoint || "").replace(/\/+$/, "");
  const root = data.ttsSource && document.querySelector(data.ttsSource);
  const heading = root?.querySelector("h1") || document.querySelector("h1");
  const title = data.ttsTitle || (heading ? heading.textContent : document.title).replace(/\s+/g, " ").trim();
  const pageLang = root?.closest("[lang]")?.lang || undefined;  // sent: the server never sees <html lang>
  const savedRate = +recall("rate");
  // phase: idle|preparing|playing|waiting|paused|finished|failed; status: [text, ""|note|error];
  // want: to play; ready: all made; source: what the <audio> has, stream|file|null; pending: a time
  // or { segment } to go to; spans: per segment, its <span>s; resume: the place kept.
  let state = {
    phase: "idle", status: ["", ""], time: 0, duration: 0, focus: -1, open: false, id: data.ttsArticleId,
    segments: [], spans: [], rate: SPEEDS.includes(savedRate) ? savedRate : 1, follow: recall("follow") !== "0",
  };
  let follower = null;
  const now = () => state;
  const set = (patch) => view.render(state = Object.freeze({ ...state, ...patch }));
  const failed = () => state.phase === "failed";

  const view = View(host, { number, title, now });
  const transport = Transport(view.el.audio, { now, set, refresh, fail, frame: () => follower?.update() });
  const controls = Controls({ el: view.el, root, title, now, set, transport, start,
    wordAt: (i, event) => follower?.wordAt(i, event) });
  const text = root && TextMap(root);  // after the view: the player is skipped
  const nextOn = data.ttsNext !== "off";
  view.el.audio.addEventListener("ended", () => nextOn && state.phase === "finished" && upNext(host, "ended"));
  if (nextOn && data.ttsPlaylist) upNext(host, "page");

  setInterval(() => state.url && !state.ready && !failed() && manifest().then(apply, () => {}), 1000);
  ahead();
  set({ words: text?.wordCount || 0, resume: +recall("pos:" + state.id) || 0 });
  if (state.id) refresh();
  else if (!root) fail(`Nothing to read: no element matches ${data.ttsSource}.`);
  // Listening analytics (player-analytics.js), unless the reader or the page asks not to be counted.
  if (!navigator.globalPrivacyControl && navigator.doNotTrack !== "1" && data.ttsAnalytics !== "off") {
    (analyticsScript ||= new Promise((onload) => document.head.append(Object.assign(document.createElement("script"),
      { src: ANALYTICS_URL, onload })))).then(() => TTSPlayer.listen({ audio: view.el.audio, now, base, host }));
  }

  // The first click, and play after a failure (posting again restarts it).
  async function start() {
    if (state.phase === "preparing") return;
    markPath("click");
    transport.save();
    set({ phase: "preparing", open: true, want: true, status: ["Preparing audio\u2026", "note"], source: null,
      pending: null, url: null, ready: false, id: data.ttsArticleId });
    transport.unload();
    view.el.play.focus();
    try {
      let first = null;  // the manifest: with the answer to the POST, else asked for
      if (!state.id) {
        if (!text) throw Error("The article text was not found on this page.");
        first = (data.ttsOneTrip !== "off" && await oneTrip()) ||
          await request(base, "/api/articles?manifest=1", { title, html: root.outerHTML, page_lang: pageLang });
        set({ id: first.id });
      }
      const early = first?.playing;  // the one trip's audio already asked to play from its start
      if (!first?.segments) first = await manifest();
      set({ url: /^https?:/.test(first.audio_url) ? first.audio_url : base + first.audio_url });
      apply(first);
      if (failed()) return;
      if (text && !state.spans.length) {
        set({ spans: text.mark(state.segments, "tts-hint-" + number) });
        followWords();
      }
      controls.session();
      const place = +recall("pos:" + state.id) || 0;
      if (early && !place) return;
      set({ pending: place, ...place && { status: ["Resuming at " + formatClock(place), "note"] } });
      transport.resolve();
    } catch (e) {
      fail(e.message);
    }
  }

  // Unless data-tts-one-trip="off", where MediaSource plays audio/mpeg: one POST submits the article and its
  // answer is the MP3, played from its first frames (a 503 tried again after its Retry-After). The element
  // opens its MediaSource while the POST is on its way, and plays as soon as frames come unless a place is
  // kept to resume at. A page whose policy refuses blob: media: the POST's audio is let go (the article is
  // submitted) and the audio plays by its URL, for this page view. Null: the usual path.
  async function oneTrip() {
    if (blobRefused || !window.MediaSource?.isTypeSupported("audio/mpeg")) return null;
    const audio = view.el.audio, media = new MediaSource();
    const opened = new Promise((done) => {
      media.addEventListener("sourceopen", () => done(true), { once: true });
      audio.addEventListener("error", () => done(false), { once: true });
    });
    audio.src = URL.createObjectURL(media);
    markPath("request");
    let response = null;
    for (let attempt = 0; ; attempt++) {
      response = await fetch(base + "/api/articles?stream=1", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title, html: root.outerHTML, page_lang: pageLang }) }).catch(() => null);
      const retryAfter = response?.status === 503 && attempt < 9 && +response.headers.get("Retry-After");
      if (!retryAfter) break;
      await new Promise((done) => setTimeout(done, 1000 * retryAfter));
    }
    markPath("response");
    const id = response?.ok && response.headers.get("X-Article-Id");
    if (!id || !await opened) {
      response?.body?.cancel().catch(() => {});
      transport.unload();
      if (!id) return null;
      blobRefused = true;  // the element refused the blob: URL: the audio by its URL (resolve)
      return { id };
    }
    const reader = response.body.getReader();
    (async () => {
      try {  // the element may have left this source already (closed): then nothing is added
        const buffer = media.addSourceBuffer("audio/mpeg");
        for (let part; !(part = await reader.read()).done;) {
          buffer.appendBuffer(part.value);
          await new Promise((done) => buffer.addEventListener("updateend", done, { once: true }));
        }
        media.endOfStream();
      } catch { reader.cancel().catch(() => {}); }  // the reader left for the file, or the stream broke
    })();
    set({ id, source: "stream" });
    if (+recall("pos:" + id)) return { id };
    transport.play();
    return { id, playing: true };
  }

  // Before the click: connect to the service, and once the player is in view have the article's
  // first segment made (one cheap request per page view, never asked again after a 503).
  function ahead() {
    const origin = base && new URL(base, location.href).origin;
    if (origin && origin !== location.origin) {
      for (const mode of ["", "anonymous"]) {
        document.head.append(Object.assign(document.createElement("link"),
          { rel: "preconnect", href: origin, ...mode && { crossOrigin: mode } }));
      }
    }
    if (state.id || !text || !window.IntersectionObserver) return;
    const prepare = () => {
      if (state.id || state.phase !== "idle") return;
      fetch(base + "/api/articles?prepare=first", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title, html: root.outerHTML, page_lang: pageLang }) })  // no marks
        .then((r) => r.ok ? r.json() : {}).then((a) => set({ seen: a.article }), () => {});  // its id: counted as shown
    };
    // In view already (the page opens on it): asked now, not at the observer's first frame.
    const box = host.getBoundingClientRect();
    if (document.visibilityState === "visible" && box.height > 0 && box.bottom > 0 && box.top < innerHeight) {
      return prepare();
    }
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      seen.disconnect();
      prepare();
    });
    seen.observe(host);
  }

  function manifest() { return request(base, "/api/articles/" + encodeURIComponent(state.id)); }

  function refresh() { return manifest().then(apply, (e) => fail(e.message)); }

  function apply(m) {  // a manifest
    set({ segments: m.segments || [], ...m.status === "ready" && { ready: true, duration: m.duration } });
    if (m.status === "failed") return fail(`The audio could not be made: ${m.error?.error}.`);
    transport.resolve();
  }

  function fail(message) {
    set({ phase: "failed", want: false, status: [message, "error"] });
    transport.stop();
  }

  // What the word follower sees of this player (the top of player-words.js).
  function followWords() {
    loadFollower().then(() => follower = window.TTSPlayer.follow({
      now: () => ({ time: transport.time(), segments: state.segments, loaded: !!state.source }),
      segmentAt: (t) => segmentAt(state, t),
      place: text.place,
      find: text.find,
      range: text.range,
      reveal: (range) => state.want && view.reveal(range),
    }));
  }
}

/* ---- Public ---- */

const scripts = {};  // player-i18n.js and lang/LANG.js, fetched once, before players not in English start
const load = (name) => scripts[name] ||= new Promise((done) => document.head.append(Object.assign(
  document.createElement("script"), { src: FOLLOWER_URL.replace(/[^/]*$/, name), onload: done, onerror: done })));
function init() {
  const hosts = [...document.querySelectorAll("[data-tts-source],[data-tts-article-id]")];
  const start = () => hosts.forEach((el) => el.ttsPlayer ||= new Player(el));
  const langs = [...new Set(hosts.map(langOf))].filter((lang) => lang !== "en" && /^[a-z]{2,3}$/.test(lang));
  if (!langs.length) return start();
  Promise.all(["player-i18n.js", ...langs.map((lang) => `lang/${lang}.js`)].map(load)).then(start);
}
Object.assign(window.TTSPlayer ||= {}, { init });
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
})();
