"""Offline spoken commands: a template grammar, a recogniser port and a pocketsphinx engine.

Only `grammar`, `templates`, `numbers`, `jsgf` and `rejection` are pure; `sphinx` loads the
native decoder and `audiofile` reads files.
"""
