/* The player's words in French, in the order of ENGLISH in ../player-i18n.js. */
(TTSPlayer.words ||= {}).fr = [
  "Écouter l\u2019article", "Écouter cet article", "Lecteur audio\u00a0: $1", "Lire", "Pause",
  "Réessayer", "Position de lecture", "Paragraphe précédent", "Phrase précédente", "Reculer de 15 secondes",
  "Avancer de 15 secondes", "Phrase suivante", "Paragraphe suivant", "Vitesse de lecture",
  "Suivre dans le texte", "Télécharger l\u2019audio (MP3)", "Télécharger le MP3", "Touches\u00a0: Espace " +
  "ou K pour lire ou mettre en pause\u00a0; les flèches sautent 15 secondes, avec Maj une phrase\u00a0; " +
  "[ et ] un paragraphe.", "Entrée lit à partir d\u2019ici\u00a0; haut et bas\u00a0: autres phrases.",
  "reprise à $1", "$1 min d\u2019écoute", "$1 minutes $2 secondes sur $3 minutes $4 secondes",
  "Vitesse $1\u00d7", "Lecture en cours", "En pause", "Terminé",
  "L\u2019audio n\u2019a pas pu être lu. Appuyez sur Lire pour réessayer.",
  "Cette partie est en préparation et sera lue dès qu\u2019elle sera prête\u2026",
  "Appuyez sur Lire pour commencer l\u2019écoute.", "Préparation de l\u2019audio\u2026", "Reprise à $1",
  "Le service d\u2019écoute est injoignable. Vérifiez votre connexion et réessayez.",
  "Audio indisponible\u00a0: $1.", "Le service d\u2019écoute est indisponible ($1). Réessayez plus tard.",
  "L\u2019audio n\u2019a pas pu être créé\u00a0: $1.", "Rien à lire\u00a0: aucun élément ne correspond à $1.",
  "Le texte de l\u2019article est introuvable sur cette page.",
  "À suivre\u00a0: $1", "l\u2019article suivant", "dans $1 s", "dans $1 secondes. Échap pour annuler.",
  "Lire maintenant", "Annuler", "Lire l\u2019article suivant"];
