// Exports of the symbolic core (expressions, value ranges, ShapeEnv, solver) to src/core.
