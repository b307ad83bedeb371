(defn on-init () (dict))
(defn on-terminate (estado) :ok)
