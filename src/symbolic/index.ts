// Symbolic sizes: SymInt / SymBool / SymFloat and the Size helpers meta functions use.
export { SymInt, type Size } from "./symint.js";
export { SymBool, guardBool, guardOrFalse, guardOrTrue } from "./symbool.js";
export { SymFloat, sym_float, sym_round, roundHalfEven } from "./symfloat.js";
export * from "./size.js";
export { userSourceLine } from "./sloc.js";
export { _check, _check_is_size, sym_constrain_range } from "./checks.js";
