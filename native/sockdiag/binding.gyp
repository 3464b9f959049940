{
  "targets": [
    {
      "target_name": "sockdiag",
      "sources": ["sockdiag.c"],
      "cflags": ["-std=gnu11", "-O2", "-Wall", "-Wextra"]
    }
  ]
}
