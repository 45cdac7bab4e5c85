"""From an article request to its audio: plan, speaker, timeline, scheduling, jobs, streaming,
fallback."""
