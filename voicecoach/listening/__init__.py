"""Engine-free listening: cutting utterances from the microphone stream, the room's noise floor,
trimming and resampling clips, the rejection policy, the recogniser port and the echo guard.
Pure: no audio library and no recogniser engine is imported here.
"""
