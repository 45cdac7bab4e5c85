"""Where audio and its records live: the Store protocol (folder, S3), object names, the audio
cache, locks, the article index and eviction."""
