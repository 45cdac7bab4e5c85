/* The player's words in Dutch, in the order of ENGLISH in ../player-i18n.js. */
(TTSPlayer.words ||= {}).nl = [
  "Beluister het artikel", "Luister naar dit artikel", "Audiospeler: $1", "Afspelen", "Pauzeren",
  "Opnieuw proberen", "Afspeelpositie", "Vorige alinea", "Vorige zin", "15 seconden terug",
  "15 seconden vooruit", "Volgende zin", "Volgende alinea", "Afspeelsnelheid", "Meelezen in de tekst",
  "Audio downloaden (MP3)", "MP3 downloaden", "Toetsen: spatie of K om af te spelen of te pauzeren; " +
  "pijltoetsen springen 15 seconden, met Shift een zin; [ en ] een alinea.",
  "Enter speelt vanaf hier; omhoog en omlaag: andere zinnen.", "verder bij $1", "$1 min luisteren",
  "$1 minuten $2 seconden van $3 minuten $4 seconden", "Snelheid $1\u00d7", "Speelt af", "Gepauzeerd",
  "Afgelopen", "De audio kon niet worden afgespeeld. Druk op Afspelen om het opnieuw te proberen.",
  "Dat deel wordt nog gemaakt en speelt af zodra het klaar is\u2026",
  "Druk op Afspelen om te beginnen met luisteren.", "Audio wordt voorbereid\u2026", "Verder bij $1",
  "De voorleesdienst is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.",
  "Audio niet beschikbaar: $1.", "De voorleesdienst is niet beschikbaar ($1). Probeer het later opnieuw.",
  "De audio kon niet worden gemaakt: $1.", "Niets om voor te lezen: geen element komt overeen met $1.",
  "De artikeltekst is niet gevonden op deze pagina.",
  "Hierna: $1", "het volgende artikel", "over $1 s", "over $1 seconden. Esc annuleert.",
  "Nu afspelen", "Annuleren", "Volgende artikel afspelen"];
