;; A command-line program.
(defcaixa
  :nome "contador"
  :versao "1.0.0"
  :kind Binario
  :descricao "Counts words in its input"
  :licenca "Apache-2.0"
  :autores ("Bruno Lima")
  :exe ("exe/contador.lisp")
  :limits (:memory "32MiB" :fuel 1000000 :wall-clock "10s"))
