/* The player's words in Portuguese, in the order of ENGLISH in ../player-i18n.js. */
(TTSPlayer.words ||= {}).pt = [
  "Ouvir o artigo", "Ouvir este artigo", "Leitor de áudio: $1", "Reproduzir", "Pausa",
  "Tentar novamente", "Posição da reprodução", "Parágrafo anterior", "Frase anterior", "Recuar 15 segundos",
  "Avançar 15 segundos", "Frase seguinte", "Parágrafo seguinte", "Velocidade de reprodução",
  "Acompanhar no texto", "Fazer download do áudio (MP3)", "Download do MP3", "Teclas: Espaço ou K para " +
  "reproduzir ou pausar; as setas saltam 15 segundos, com Shift uma frase; [ e ] um parágrafo.",
  "Enter reproduz a partir daqui; para cima e para baixo: outras frases.", "retomar em $1",
  "$1 min de áudio", "$1 minutos $2 segundos de $3 minutos $4 segundos", "Velocidade $1\u00d7",
  "Em reprodução", "Em pausa", "Concluído",
  "Não foi possível reproduzir o áudio. Clique em Reproduzir para tentar novamente.",
  "Essa parte ainda está em preparação e começa assim que estiver pronta\u2026",
  "Clique em Reproduzir para começar a ouvir.", "Áudio em preparação\u2026", "Retomado em $1",
  "O serviço de áudio não responde. Verifique a conexão e tente novamente.", "Áudio indisponível: $1.",
  "O serviço de áudio está indisponível ($1). Tente novamente mais tarde.",
  "Não foi possível gerar o áudio: $1.", "Nada para ler: nenhum elemento corresponde a $1.",
  "O texto do artigo não foi encontrado nesta página.",
  "A seguir: $1", "o próximo artigo", "em $1 s", "em $1 segundos. Esc para cancelar.",
  "Reproduzir agora", "Cancelar", "Reproduzir o próximo artigo"];
