"""voicecoach: an offline voice reader for articles and guided relaxation, steered by voice."""

__version__ = "0.1.0"
