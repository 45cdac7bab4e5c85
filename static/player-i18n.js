/* tts-service player: its words in the page's language (docs/player.md, "Languages"). When a player's
 * element, or the closest one with a lang, is not in English, player.js fetches this file and
 * lang/LANG.js (LANG without its region: de for de-AT), the words of that language in the order
 * of ENGLISH, before it builds the player; then every text it shows passes through
 * TTSPlayer.say(text, lang): English in, lang out ($1, $2... stand for what varies; in an HTML
 * string its attribute values and texts are said). A language or text not known stays English. */
(() => {
"use strict";

const ENGLISH = ["Click to start listening", "Listen to this article", "Audio player: $1", "Play", "Pause",
  "Try again", "Seek", "Previous paragraph", "Previous sentence", "Back 15 seconds", "Forward 15 seconds",
  "Next sentence", "Next paragraph", "Playback speed", "Follow along in the text", "Download the audio (MP3)",
  "Download MP3", "Keys: Space or K to play or pause; arrows skip 15 seconds, with Shift a sentence; [ and ] a paragraph.",
  "Enter plays from here; up and down: other sentences.", "resume at $1", "$1 min listen",
  "$1 minutes $2 seconds of $3 minutes $4 seconds", "Speed $1\u00d7", "Playing", "Paused", "Finished",
  "The audio could not be played. Press play to try again.", "Still making that part; it plays when ready\u2026",
  "Press play to start listening.", "Preparing audio\u2026", "Resuming at $1",
  "Can\u2019t reach the listening service. Check your connection and try again.", "Audio unavailable: $1.",
  "The listening service is unavailable ($1). Try again later.", "The audio could not be made: $1.",
  "Nothing to read: no element matches $1.", "The article text was not found on this page.",
  "Up next: $1", "the next article", "in $1 s", "in $1 seconds. Escape cancels.", "Play now", "Cancel",
  "Play the next article"];

// A text with $1... matches its English with anything in their places.
const PATTERNS = ENGLISH.map((english) => /\$\d/.test(english) && RegExp("^" +
  english.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\$\d/g, "(.*?)") + "$"));

function say(text, lang) {
  const words = window.TTSPlayer.words?.[lang];
  if (!words || !text) return text;
  if (/</.test(text)) return text.replace(/(="|>)([^"<>]+)/g, (all, before, part) => before + say(part, lang));
  let i = ENGLISH.indexOf(text), found;
  if (i < 0) i = PATTERNS.findIndex((pattern) => pattern && (found = pattern.exec(text)));
  return i < 0 ? text : words[i].replace(/\$(\d)/g, (all, n) => found[n]);
}

say.english = ENGLISH;  // for the test that every language has every text
Object.assign(window.TTSPlayer ||= {}, { say });
})();
