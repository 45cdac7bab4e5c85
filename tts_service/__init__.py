"""tts-service: self-hosted "Click to start listening" text-to-speech for news sites."""

__version__ = "0.1.0"
