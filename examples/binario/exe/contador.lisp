(defn main (args)
  (print (count (words (read-all stdin)))))
