/* The player's words in Spanish, in the order of ENGLISH in ../player-i18n.js. */
(TTSPlayer.words ||= {}).es = [
  "Escuchar el artículo", "Escuchar este artículo", "Reproductor de audio: $1", "Reproducir", "Pausa",
  "Reintentar", "Posición de reproducción", "Párrafo anterior", "Frase anterior", "Retroceder 15 segundos",
  "Avanzar 15 segundos", "Frase siguiente", "Párrafo siguiente", "Velocidad de reproducción",
  "Seguir en el texto", "Descargar el audio (MP3)", "Descargar MP3", "Teclas: Espacio o K para reproducir " +
  "o pausar; las flechas saltan 15 segundos, con Mayús una frase; [ y ] un párrafo.",
  "Intro reproduce desde aquí; arriba y abajo: otras frases.", "continuar en $1", "$1 min de escucha",
  "$1 minutos $2 segundos de $3 minutos $4 segundos", "Velocidad $1\u00d7", "Reproduciendo", "En pausa",
  "Terminado", "No se pudo reproducir el audio. Pulse Reproducir para intentarlo de nuevo.",
  "Esa parte aún se está generando; sonará en cuanto esté lista\u2026",
  "Pulse Reproducir para empezar a escuchar.", "Preparando el audio\u2026", "Continuando en $1",
  "No se puede conectar con el servicio de audio. Compruebe su conexión e inténtelo de nuevo.",
  "Audio no disponible: $1.", "El servicio de audio no está disponible ($1). Inténtelo más tarde.",
  "No se pudo generar el audio: $1.", "Nada que leer: ningún elemento coincide con $1.",
  "No se encontró el texto del artículo en esta página.",
  "A continuación: $1", "el siguiente artículo", "en $1 s", "en $1 segundos. Esc para cancelar.",
  "Reproducir ahora", "Cancelar", "Reproducir el siguiente artículo"];
