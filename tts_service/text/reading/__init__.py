"""Reading the article out of what a publisher sends: whole pages, HTML fragments, SSML."""
