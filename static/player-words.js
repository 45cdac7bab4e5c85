/* tts-service player, word by word (README): lights the word being said inside the sentence being
 * read, and finds the word under a click. player.js fetches this file on the first play and calls
 * TTSPlayer.follow once per player. Each animation frame goes on from the last frame's word, so its
 * cost does not grow with the article. */
(() => {
"use strict";
const { pieces, locate, segAt } = window.TTSPlayer;
const began = (timed, t) => timed?.start != null && timed.start <= t;  // a segment not made has none

// audio: the player's <audio>; map: the article's text map; locs: each segment's [start, end] in
// map.text; into(range): keep it in view; now(): the player's state.
window.TTSPlayer.follow = ({ audio, map, locs, into, now }) => {
  const mark = window.Highlight && new Highlight(), box = document.createElement("b");
  const ranges = [];  // per segment: a Range (or null) per word, built when the segment is first reached
  let seg = 0, word = -1, lit;
  box.className = "tts-word";

  function wordRanges(i) {
    const g = now().segs[i], at = locs[i];
    if (ranges[i] || !at || !g?.words?.length) return ranges[i] || [];
    let from = at[0];
    return ranges[i] = g.words.map((w) => {
      const source = g.source.slice(w.char_start - g.char_start, w.char_end - g.char_start);
      const found = locate(map.text, { source }, from);
      const p = found?.[0] < at[1] ? pieces(map.runs, found[0], from = found[1]) : [];
      if (!p.length) return null;  // not on the page as sent: that word is not lit
      const range = new Range();
      range.setStart(p[0][0], p[0][1]);
      range.setEnd(p.at(-1)[0], p.at(-1)[2]);
      return range;
    });
  }

  function tick() {  // the word whose time has come in the segment being read
    const state = now(), segs = state.segs, t = audio.currentTime;
    if (!state.src) return;
    if (!began(segs[seg], t + 0.05)) [seg, word] = [Math.max(segAt(state, t), 0), -1];  // went back
    while (began(segs[seg + 1], t + 0.05)) [seg, word] = [seg + 1, -1];
    const words = segs[seg]?.words || [];
    if (words[word]?.start > t) word = -1;
    while (began(words[word + 1], t)) word++;
    show(wordRanges(seg)[word] || null);
  }

  function show(range) {  // the CSS Custom Highlight API; elsewhere a box laid over the word
    if (range === lit) return;
    lit = range;
    if (mark) {
      mark.clear();
      if (range) mark.add(range);
      CSS.highlights.set("tts-word", mark);
    } else if (range) {
      const r = range.getBoundingClientRect();
      Object.assign(box.style, { left: `${r.left + scrollX}px`, top: `${r.top + scrollY}px`,
        width: `${r.width}px`, height: `${r.height}px` });
      document.body.append(box);
    } else box.remove();
    if (range && now().want) into(range);
  }

  let frame = 0;
  const frames = () => { tick(); frame = !audio.paused && requestAnimationFrame(frames); };
  audio.addEventListener("playing", () => frame || frames());
  audio.addEventListener("timeupdate", tick);  // seeks while paused
  if (!audio.paused) frames();

  return {
    wordAt(i, { clientX: x, clientY: y }) {  // the index of the word of segment i under a click, or -1
      return wordRanges(i).findIndex((range) => [...range?.getClientRects() || []]
        .some((r) => r.left <= x && x <= r.right && r.top <= y && y <= r.bottom));
    },
  };
};
})();
