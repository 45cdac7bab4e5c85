/* Listening analytics for the tts-service player: counts, never identifiers, no cookies.
 * player.js loads this once the player is on the page, unless the reader asks not to be tracked
 * (Global Privacy Control, Do Not Track) or the embed says data-tts-analytics="off", and calls
 * TTSPlayer.listen({ audio, now, base, host }) for each player. It sends batches of
 * { article, type, value? } to POST base/api/events with navigator.sendBeacon: every 15 s while
 * there is something to send, at pause and end, and when the page is hidden or left.
 * Progress (25/50/75/100%) and seconds count audio actually played: a seek moves the place, and
 * what it skips is not heard. "shown" counts once the article id is known: at once for an id embed;
 * for a data-tts-source one, when the player in view has had its first segment made ahead (whose
 * answer names the id), else at the click. */
(() => {
"use strict";
const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
const BATCH = 100;

function listen({ audio, now, base, host }) {
  let queue = [], last = null, heard = 0, bins = null, seen = {};
  const id = () => now().id || now().seen;  // seen: a data-tts-source embed's id, before the click
  const add = (type, value) =>
    id() && queue.push(value == null ? { article: id(), type } : { article: id(), type, value });
  const once = (type, value) => {
    const k = id() + type + value;
    if (id() && !seen[k]) { seen[k] = 1; add(type, value); }
  };
  const duration = () => now().duration || (isFinite(audio.duration) ? audio.duration : 0);

  function send() {
    once("shown");
    if (heard > 0.05) { add("seconds", Math.min(600, Math.round(heard * 100) / 100)); heard = 0; }
    while (queue.length) {
      navigator.sendBeacon(base + "/api/events", JSON.stringify({ events: queue.splice(0, BATCH) }));
    }
  }

  function played() {  // a timeupdate: what was heard since the last one, when it was not a jump
    const t = audio.currentTime, total = duration();
    if (last != null && !audio.seeking && t > last && t - last < 2 * Math.max(1, audio.playbackRate)) {
      heard += t - last;
      if (total) {
        if (!bins || bins.id !== id()) {
          bins = Object.assign(new Uint8Array(Math.ceil(total) + 1), { id: id() });
        }
        for (let s = Math.floor(last); s <= Math.floor(t) && s < bins.length; s++) bins[s] = 1;
        progress(bins.reduce((a, b) => a + b, 0) / bins.length);
      }
    }
    last = t;
  }

  function progress(part) {
    for (const p of [25, 50, 75, 100]) if (part * 100 >= (p === 100 ? 98 : p)) once("progress", p);
  }

  function rate() {
    const r = audio.playbackRate;
    if (SPEEDS.includes(r)) add("speed", r);
  }

  once("shown");
  audio.addEventListener("play", () => {
    once("shown");
    once("play");
    if (!seen[id() + "rate"]) { seen[id() + "rate"] = 1; rate(); }
    last = audio.currentTime;
  });
  audio.addEventListener("timeupdate", played);
  audio.addEventListener("seeking", () => { if (!audio.paused) add("seek"); last = null; });
  audio.addEventListener("seeked", () => { last = audio.currentTime; });
  audio.addEventListener("emptied", () => { last = null; });  // a new source: its times start again
  audio.addEventListener("ratechange", () => !audio.paused && rate());
  audio.addEventListener("error", () => add("error"));
  audio.addEventListener("pause", send);
  audio.addEventListener("ended", () => {
    if (bins && bins.reduce((a, b) => a + b, 0) >= bins.length - 2) progress(1);
    send();
  });
  host.addEventListener("click", (event) => event.target.closest?.("a[download]") && add("download"));
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && send());
  addEventListener("pagehide", send);
  setInterval(() => (once("shown"), queue.length || heard > 0.05) && send(), 15000);
}

Object.assign(window.TTSPlayer ||= {}, { listen });
})();
