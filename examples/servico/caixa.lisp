;; A long-running service with limits, behavior hooks and an upgrade path.
(defcaixa
  :nome "pedidos"
  :versao "0.3.0"
  :kind Servico
  :descricao "Takes and tracks orders for the loja example"
  :edicao "2026"
  :repositorio "github:engenho-dev/pedidos"
  :licenca "Apache-2.0"
  :autores ("Ana Souza <ana@example.com>" "Bruno Lima")
  :etiquetas ("pedidos" "http" "exemplo")
  :deps ((:nome "texto-util"
          :versao "^0.2"
          :fonte (:tipo path :caminho "../biblioteca")))
  :servicos ("servicos/pedidos.lisp")
  :limits (:memory "64MiB" :fuel 5000000 :wall-clock "30s" :cpu "500m")
  :behavior (:on-init "servicos/ciclo.lisp"
             :on-call "servicos/pedidos.lisp"
             :on-terminate "servicos/ciclo.lisp")
  :upgrade-from ((:from "0.2.0"
                  :instructions (load-module state-change soft-purge))
                 (:from "0.1.0" :instructions (restart))))
