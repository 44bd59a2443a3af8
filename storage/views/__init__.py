"""Read-side views: plain read queries for what the core shows (digests), beside the
repositories; they never write."""
