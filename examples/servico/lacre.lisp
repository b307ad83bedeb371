;; lacre.lisp — written by `feira lock`; do not edit.
(deflacre
  :versao-lacre "0.1.0"
  :raiz "blake3:1a1716d696689495dabf7242d1482c6e8ab1d67ab553258ef9268821c1cc5642"
  :entradas (
    (:nome "texto-util" :versao "0.2.1" :fonte "path:../biblioteca" :conteudo "blake3:a7ca9d304b820b9b29a4b22b1c05f8253d8fc9a8631ba170af220d3dcd75beb3" :fecho "blake3:9a3585820325098679d5c408ca228299f1b48b3000c47e78d7aaf34475ea4d25" :deps ())))
