/* The player's words in Italian, in the order of ENGLISH in ../player-i18n.js. */
(TTSPlayer.words ||= {}).it = [
  "Ascolta l\u2019articolo", "Ascolta questo articolo", "Lettore audio: $1", "Riproduci", "Pausa",
  "Riprova", "Posizione di riproduzione", "Paragrafo precedente", "Frase precedente", "Indietro di 15 secondi",
  "Avanti di 15 secondi", "Frase successiva", "Paragrafo successivo", "Velocità di riproduzione",
  "Segui nel testo", "Scarica l\u2019audio (MP3)", "Scarica MP3", "Tasti: Spazio o K per riprodurre o " +
  "mettere in pausa; le frecce saltano di 15 secondi, con Maiusc una frase; [ e ] un paragrafo.",
  "Invio riproduce da qui; su e giù: altre frasi.", "riprendi da $1", "$1 min di ascolto",
  "$1 minuti $2 secondi di $3 minuti $4 secondi", "Velocità $1\u00d7", "In riproduzione", "In pausa",
  "Terminato", "Non è stato possibile riprodurre l\u2019audio. Premi Riproduci per riprovare.",
  "Questa parte è ancora in preparazione e partirà appena pronta\u2026",
  "Premi Riproduci per iniziare l\u2019ascolto.", "Preparazione dell\u2019audio\u2026", "Ripresa da $1",
  "Impossibile raggiungere il servizio di ascolto. Controlla la connessione e riprova.",
  "Audio non disponibile: $1.", "Il servizio di ascolto non è disponibile ($1). Riprova più tardi.",
  "Non è stato possibile creare l\u2019audio: $1.", "Niente da leggere: nessun elemento corrisponde a $1.",
  "Il testo dell\u2019articolo non è stato trovato in questa pagina.",
  "A seguire: $1", "l\u2019articolo successivo", "tra $1 s", "tra $1 secondi. Esc per annullare.",
  "Riproduci ora", "Annulla", "Riproduci l\u2019articolo successivo"];
