"""The `diary` command: new posts, checks, watch-file imports and stats (see main.py)."""
