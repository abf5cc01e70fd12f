"""Speech recognisers as adapters of the `voicecoach.listening.ports.Recognizer` port; each engine
is imported only when chosen (`engines`)."""
