"""The tabs of a client's view; each loads its own data through the worker."""
