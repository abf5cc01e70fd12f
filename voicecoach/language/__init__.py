"""The command language: the closed set of sentences a listener can say or type. Pure.

`templates` (the hassil-style template syntax), `numbers` (spoken numbers), `grammar` (the
phrasings of every command from `commands.yaml`, matched against text). It sits below the
config and every recogniser: speech, typed lines and the config's extra phrasings share it.
"""
