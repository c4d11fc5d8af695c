"""All reporting reads: one module per dashboard. Each runs a fixed number of queries."""
