"""The REST API under /api/v1/: public catalogue reads, staff writes, visitor lead POSTs."""
