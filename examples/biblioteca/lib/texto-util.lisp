;; Library code read by `feira build`.
(defn slug (texto)
  (lower (replace texto " " "-")))

(defn trim (texto)
  (strip texto))
