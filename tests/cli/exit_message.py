raise SystemExit("stopping: bad config")
