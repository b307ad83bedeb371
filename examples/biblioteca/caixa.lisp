;; A library other caixas depend on: text helpers.
(defcaixa
  :nome "texto-util"
  :versao "0.2.1"
  :kind Biblioteca
  :descricao "Small text helpers shared by the example caixas"
  :edicao "2026"
  :repositorio "github:engenho-dev/texto-util"
  :licenca "Apache-2.0"
  :autores ("Ana Souza <ana@example.com>")
  :etiquetas ("texto" "biblioteca"))
