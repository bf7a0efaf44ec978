package sync

// SetMaxAsks makes e ask for at most n resources in one request
// (api.MaxBatch otherwise): a test of what is split across requests then
// needs a few resources, not thousands.
func SetMaxAsks(e *Escrow, n int) { e.maxAsks = n }
