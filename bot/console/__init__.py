"""The console adapter: a real backend with the same core as Slack and Teams."""
