"""pocketsphinx as the light fallback recogniser: a JSGF grammar with an everyday-word loop."""
