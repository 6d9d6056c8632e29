LEAF = "namespace leaf"
