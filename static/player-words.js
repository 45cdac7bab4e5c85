/* tts-service player, word by word (README): lights the word being said inside the sentence being
 * read, and finds the word under a click. Each animation frame goes on from the last frame's word,
 * so its cost does not grow with the article.
 *
 * The interface. player.js fetches this file on the first play and, once per player, calls
 *   const follower = TTSPlayer.follow(player)
 * where `player` gives:
 *   now()               { time, segments, loaded }: the audio's time (s); the manifest's segments,
 *                       with their `end` and `words` ({ start, char_start, char_end }); whether audio
 *                       is loaded (no word is lit before it is, nor once the last segment's audio ended)
 *   segmentAt(t)        the index of the segment being said at t seconds, or -1
 *   place(i)            [start, end] of segment i in the article's text map, or null (not on the page)
 *   find(source, from)  [start, end] of the first `source` in the text map at or after `from`, or null
 *   range(start, end)   a DOM Range over the text map's [start, end], or null where none of it is shown
 *   reveal(range)       bring the range into view, when the reader follows along and is listening
 * and `follower` gives:
 *   update()            light the word being said now: the player calls it on every animation frame
 *                       while the audio plays and after each time update (a seek while paused)
 *   wordAt(i, point)    the index of segment i's word under point { clientX, clientY }, or -1
 * This file reads nothing else of the player's.
 */
(() => {
"use strict";
const began = (timed, t) => timed?.start != null && timed.start <= t;  // a segment not made has none

(window.TTSPlayer ||= {}).follow = ({ now, segmentAt, place, find, range: rangeOf, reveal }) => {
  const highlight = window.Highlight && new Highlight(), box = document.createElement("b");
  const ranges = [];  // per segment: a Range (or null) per word, built when the segment is first reached
  let segment = 0, word = -1, lit;  // where the last update left off, and the Range it lit
  box.className = "tts-word";

  // The Ranges of segment i's words, each searched for after the one before, inside the segment.
  function wordRanges(i, segments) {
    const timed = segments[i], at = place(i);
    if (ranges[i] || !at || !timed?.words?.length) return ranges[i] || [];
    let from = at[0];
    return ranges[i] = timed.words.map((w) => {
      const source = timed.source.slice(w.char_start - timed.char_start, w.char_end - timed.char_start);
      const found = find(source, from);
      if (!(found?.[0] < at[1])) return null;  // not on the page as sent: that word is not lit
      from = found[1];
      return rangeOf(...found);
    });
  }

  function update() {  // the word whose time has come, in the segment being read
    const { time: t, segments, loaded } = now();
    if (!loaded) return;
    if (!began(segments[segment], t + 0.05)) [segment, word] = [Math.max(segmentAt(t), 0), -1];  // went back
    while (began(segments[segment + 1], t + 0.05)) [segment, word] = [segment + 1, -1];
    const words = segments[segment]?.words || [];
    if (words[word]?.start > t) word = -1;
    while (began(words[word + 1], t)) word++;
    // After the last sentence's audio, nothing is being said: no word stays lit at the end.
    const ended = segment === segments.length - 1 && t >= (segments[segment].end ?? Infinity);
    show(ended ? null : wordRanges(segment, segments)[word] || null);
  }

  function show(range) {  // with the CSS Custom Highlight API; elsewhere a box laid over the word
    if (range === lit) return;
    lit = range;
    if (highlight) {
      highlight.clear();
      if (range) highlight.add(range);
      CSS.highlights.set("tts-word", highlight);
    } else if (range) {
      const r = range.getBoundingClientRect();
      Object.assign(box.style, { left: `${r.left + scrollX}px`, top: `${r.top + scrollY}px`,
        width: `${r.width}px`, height: `${r.height}px` });
      document.body.append(box);
    } else box.remove();
    if (range) reveal(range);
  }

  function wordAt(i, { clientX: x, clientY: y }) {
    return wordRanges(i, now().segments).findIndex((range) => [...range?.getClientRects() || []]
      .some((r) => r.left <= x && x <= r.right && r.top <= y && y <= r.bottom));
  }

  return { update, wordAt };
};
})();
