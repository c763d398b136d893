"""Computing a campaign: the request and its claim, the reads, the inputs and their fingerprints, the writer."""
