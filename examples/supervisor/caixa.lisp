;; Keeps two caixas running, restarting them one at a time.
(defcaixa
  :nome "vigia"
  :versao "0.1.0"
  :kind Supervisor
  :descricao "Supervises the pedidos service and the contador program"
  :licenca "Apache-2.0"
  :estrategia OneForOne
  :max-restarts 5
  :restart-window "60s"
  :children ((:caixa "pedidos" :versao "^0.3" :restart Permanent)
             (:caixa "contador" :versao "^1.0" :restart Transient)))
