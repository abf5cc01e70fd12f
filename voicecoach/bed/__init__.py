"""The sound bed: generated noise under the voice and after it (see `docs/config.md`, "Sound bed").

`settings` holds the choices (light, no numpy); `noise` generates the sounds, `schedule` is the
bed's state and its levels over time, `render` mixes the two into blocks of samples. All pure.
"""
