"""Links and files in: fetch (behind the address guard), decode, extract, summarize
and recognize in a worker, store."""
