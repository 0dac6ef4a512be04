// Exports of the graph store to src/core.
