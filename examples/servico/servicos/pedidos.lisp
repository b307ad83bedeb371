(defn on-call (pedido estado)
  (list :ok (assoc estado (get pedido :id) pedido)))
