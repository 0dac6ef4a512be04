// Exports of the symbolic core (expressions, value ranges, ShapeEnv, solver) to src/core.
export * from "./shape_env_exports";
export * from "./expr_exports";
export * from "./solver_exports";
