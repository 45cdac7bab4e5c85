/* The player's words in German, in the order of ENGLISH in ../player-i18n.js. */
(TTSPlayer.words ||= {}).de = [
  "Artikel anhören", "Diesen Artikel anhören", "Audioplayer: $1", "Abspielen", "Pause",
  "Erneut versuchen", "Wiedergabeposition", "Vorheriger Absatz", "Vorheriger Satz", "15 Sekunden zurück",
  "15 Sekunden vor", "Nächster Satz", "Nächster Absatz", "Wiedergabegeschwindigkeit", "Im Text mitlesen",
  "Audio herunterladen (MP3)", "MP3 herunterladen", "Tasten: Leertaste oder K für Abspielen oder Pause; " +
  "Pfeiltasten springen 15 Sekunden, mit Umschalt einen Satz; [ und ] einen Absatz.",
  "Eingabetaste: ab hier abspielen; Pfeil hoch und runter: andere Sätze.", "weiter bei $1", "Hördauer $1 Min.",
  "$1 Minuten $2 Sekunden von $3 Minuten $4 Sekunden", "Geschwindigkeit $1\u00d7", "Wiedergabe läuft",
  "Pausiert", "Beendet", "Das Audio konnte nicht abgespielt werden. Drücken Sie auf Abspielen, um es erneut " +
  "zu versuchen.", "Dieser Teil wird noch erstellt und startet, sobald er fertig ist\u2026",
  "Drücken Sie auf Abspielen, um zuzuhören.", "Audio wird vorbereitet\u2026", "Weiter bei $1",
  "Der Vorlesedienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "Audio nicht verfügbar: $1.", "Der Vorlesedienst ist nicht verfügbar ($1). Bitte später erneut versuchen.",
  "Das Audio konnte nicht erstellt werden: $1.", "Nichts vorzulesen: kein Element passt zu $1.",
  "Der Artikeltext wurde auf dieser Seite nicht gefunden.",
  "Als Nächstes: $1", "der nächste Artikel", "in $1 s", "in $1 Sekunden. Esc bricht ab.",
  "Jetzt abspielen", "Abbrechen", "Nächsten Artikel abspielen"];
