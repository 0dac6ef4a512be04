// Size arithmetic for meta functions: a dimension is a plain number or a symbolic SymInt.
// Re-exported from src/symbolic (comparisons on symbolic sizes record guards), so meta functions
// in src/ops import from this one place.
export * from "../symbolic/size.js";
export { SymInt } from "../symbolic/symint.js";
