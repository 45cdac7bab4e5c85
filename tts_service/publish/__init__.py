"""Publishing: many articles at once (batch, queue), from feeds (watch), and out as a podcast feed."""
