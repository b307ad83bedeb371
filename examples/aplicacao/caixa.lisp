;; Three services wired together: the storefront calls pedidos over HTTP, pedidos asks estoque to
;; reserve stock over NATS, and the storefront is published through an entrada.
(defcaixa
  :nome "loja"
  :versao "0.1.0"
  :kind Aplicacao
  :descricao "A small shop made of three services"
  :licenca "Apache-2.0"
  :membros ((:caixa "vitrine" :versao "^0.1")
            (:caixa "pedidos" :versao "^0.3")
            (:caixa "estoque" :versao "^0.2"))
  :contratos ((:de "vitrine"
               :para "pedidos"
               :wit "wasi:http/incoming-handler"
               :endpoint "/pedidos")
              (:de "pedidos"
               :para "estoque"
               :wit "nats:estoque"
               :subject "estoque.reservar"))
  :politicas (:timeout "5s"
              :retries 3
              :circuit-breaker (:max-failures 5 :window "30s")
              :mtls-required #t
              :rate-limit "100/s")
  :placement (:estrategia Replicated :clusters ("rio" "lisboa"))
  :entrada (:host "loja.example.com"
            :para "vitrine"
            :paths ("/" "/api")
            :port 8080))
